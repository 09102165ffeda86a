/**
 * `npm run bench:paint`: time to first comment paint in Chromium on the demo page (issue 6).
 *
 * Builds the widget, starts `wrangler dev` on a throwaway local D1 (scripts/local-worker.ts,
 * as the browser tests do), seeds the `demo` site with 20 approved comments on /demo, then opens the demo page
 * in headless Chromium RUNS times, each in a fresh context (cold HTTP cache), and reads the
 * widget's `parley:comments-painted` performance mark and the browser's first-contentful-paint.
 * Prints median/min/max and writes its section of RESULTS.md (between `<!-- paint:start -->`
 * and `<!-- paint:end -->`). wrangler dev is always stopped at the end.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchChromium, startLocalWorker, type LocalWorker } from "../scripts/local-worker";
import { writeSection } from "./results";

const RUNS = 7;
const COMMENTS = 20;
const MARK = "parley:comments-painted";
const MODERATOR_TOKEN = "bench-moderator-token";
const SECRET_KEY = "bench-secret-key-0123456789abcdef-0123456789";
const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "bench/RESULTS.md");
async function api(origin: string, method: string, route: string, body: unknown, headers = {}) {
  const response = await fetch(`${origin}${route}`, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

/** The demo site, open to this server's origin, and 20 approved comments (8 of them replies). */
async function seed(origin: string) {
  const mod = { Authorization: `Bearer ${MODERATOR_TOKEN}` };
  await api(
    origin,
    "PUT",
    "/api/mod/sites/demo",
    {
      name: "Parley demo",
      origins: ["http://localhost:8787", "http://127.0.0.1:8787", origin],
      settings: {
        moderation: "none",
        minSubmitSeconds: 0,
        rateLimitPerMinute: 10000,
        rateLimitPerDay: 100000,
      },
    },
    mod,
  );
  const roots: string[] = [];
  for (let i = 0; i < COMMENTS; i += 1) {
    const reply = i % 5 >= 3; // 12 roots, 8 replies
    const parentId = reply ? roots[roots.length - 1] : undefined;
    const { comment } = (await api(
      origin,
      "POST",
      "/api/comments",
      {
        site: "demo",
        page: { key: "/demo", url: `${origin}/demo`, title: "Why we self-host our comments" },
        author: { name: `Reader ${i + 1}`, email: `reader${i + 1}@example.test` },
        body:
          `Comment ${i + 1}: a paragraph of **Markdown** with a [link](https://example.com) ` +
          "and enough words to wrap over a couple of lines at a normal article width.",
        ...(parentId ? { parentId } : {}),
      },
      { Origin: origin },
    )) as { comment: { id: string; status: string } };
    if (comment.status !== "approved") throw new Error(`comment ${i + 1} is ${comment.status}`);
    if (!reply) roots.push(comment.id);
  }
}

async function measure(browser: Browser, url: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, {
      timeout: 30_000,
    });
    const heading = await page.locator("#parley-comments h2").textContent();
    if (heading !== `${COMMENTS} comments`) throw new Error(`the widget shows "${heading}"`);
    return await page.evaluate((mark) => {
      const fcp = performance.getEntriesByName("first-contentful-paint", "paint")[0];
      return { mark: performance.getEntriesByName(mark)[0]!.startTime, fcp: fcp?.startTime ?? NaN };
    }, MARK);
  } finally {
    await context.close();
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
};
const ms = (value: number) => `${Math.round(value)} ms`;

async function main() {
  const load = os.loadavg().map((value) => value.toFixed(2));
  console.log("building the widget…");
  execFileSync("node", ["scripts/build-assets.mjs"], { cwd: root, stdio: "pipe" });
  let worker: LocalWorker | undefined;
  let browser: Browser | undefined;
  const interrupted = () => {
    worker?.stop();
    process.exit(130);
  };
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  try {
    console.log("applying migrations, seeding the demo site, starting wrangler dev…");
    worker = await startLocalWorker({
      moderatorToken: MODERATOR_TOKEN,
      secretKey: SECRET_KEY,
      seedFiles: ["scripts/seed-demo.sql"],
    });
    const origin = worker.origin;
    await seed(origin);

    browser = await launchChromium();
    const runs: { mark: number; fcp: number }[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const run = await measure(browser, `${origin}/demo`);
      console.log(
        `run ${i + 1}: comments painted ${ms(run.mark)}, first contentful paint ${ms(run.fcp)}`,
      );
      runs.push(run);
    }
    const painted = stats(runs.map((r) => r.mark));
    const fcp = stats(runs.map((r) => r.fcp));
    console.log(
      `comments painted: median ${ms(painted.median)} (${ms(painted.min)}–${ms(painted.max)})`,
    );
    console.log(`first contentful paint: median ${ms(fcp.median)} (${ms(fcp.min)}–${ms(fcp.max)})`);

    const { version: wranglerVersion } = JSON.parse(
      readFileSync(path.join(root, "node_modules/wrangler/package.json"), "utf8"),
    ) as { version: string };
    const cpus = os.cpus();
    const row = (name: string, s: ReturnType<typeof stats>) =>
      `| ${name} | ${ms(s.median)} | ${ms(s.min)} | ${ms(s.max)} |`;
    await writeSection(
      results,
      [
        "## Time to first comment paint (`npm run bench:paint`)",
        "",
        `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus[0]?.model ?? "unknown CPU"} × ` +
          `${cpus.length} cores (${os.platform()} ${os.release()}), Node ${process.version}, ` +
          `Chromium ${browser.version()} headless, wrangler ${wranglerVersion}. ` +
          `The demo page \`/demo\` with ${COMMENTS} approved comments (12 threads, 8 replies), ` +
          `opened ${RUNS} times, each in a fresh browser context (cold cache), served by ` +
          "`wrangler dev` on loopback (no network latency, a local D1; a deployed Worker adds " +
          "the round trips of two requests). Times are from navigation start: the widget's " +
          `\`performance.mark("${MARK}")\`, set once after the fetched thread is ` +
          "rendered (on the animation frame after that render, before the chunks are fetched), and the browser's " +
          `\`first-contentful-paint\`. Load average before the run: ${load.join(", ")}.`,
        "",
        "| measure | median | min | max |",
        "| --- | ---: | ---: | ---: |",
        row("first contentful paint (article text)", fcp),
        row(`comments painted (\`${MARK}\`)`, painted),
      ].join("\n"),
      "paint",
    );
    console.log(`recorded in ${path.relative(root, results)}`);
  } finally {
    await browser?.close();
    worker?.stop();
  }
}

await main();
