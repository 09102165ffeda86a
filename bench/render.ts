/**
 * `npm run bench:render`: how long rendering a comment body takes, warm, in Node (the V8
 * that workerd also runs), for Parley's renderer (worker/domain/render.ts, markdown-it)
 * side by side with the micromark renderer it replaced (taken from git at `--baseline`,
 * default the last commit that had it) and markdown-it's own HTML renderer as a floor.
 * Ordinary comments of 240, 2,000 and 10,000 characters, and inputs built to be slow.
 * Writes its section of bench/RESULTS.md.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import markdownIt from "markdown-it";
import { renderMarkdown } from "../worker/domain/render";
import { writeSection } from "./results";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const baselineArg = process.argv.indexOf("--baseline");
/** The last commit whose worker/domain/render.ts was micromark's. */
const baselineRevision = baselineArg > 0 ? process.argv[baselineArg + 1]! : "72638f9";

type Render = (source: string) => string;

/** The renderer as it was at `revision`, bundled for Node with this checkout's packages. */
async function rendererAt(revision: string): Promise<Render | null> {
  let source: string;
  try {
    source = execFileSync("git", ["show", `${revision}:worker/domain/render.ts`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    console.warn(`bench: no worker/domain/render.ts at ${revision}; measuring without it`);
    return null;
  }
  const dir = await mkdtemp(path.join(tmpdir(), "parley-render-"));
  try {
    const entry = path.join(dir, "render.ts");
    await writeFile(entry, source);
    const outfile = path.join(dir, "render.mjs");
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      nodePaths: [path.join(root, "node_modules")],
      logLevel: "error",
    });
    return ((await import(pathToFileURL(outfile).href)) as { renderMarkdown: Render })
      .renderMarkdown;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ordinary = (
  "I ran into the same thing last week and ended up rewriting the loader. *Could* you say " +
  "more about [how it behaves](https://notes.example/parley) under load? We tried it in " +
  "production with `prefers-color-scheme` set.\n\n> The second example is clearer than the " +
  "docs.\n\n- one point\n- another, see https://blog.example/faq\n\n"
).repeat(60);

const inputs: [string, string][] = [
  ["ordinary, 240 characters", ordinary.slice(0, 240)],
  ["ordinary, 2,000 characters", ordinary.slice(0, 2000)],
  ["ordinary, 10,000 characters", ordinary.slice(0, 10000)],
  ["quote, list, 5,000 lazy lines", "> - a\n" + "b\n".repeat(5000)],
  ["5,000 `[` then 1,200 `](x)`", "[".repeat(5000) + "a" + "](x)".repeat(1200)],
  ["10,000 `[`", "[".repeat(9995) + "a](x)"],
  ["5,000 `*_`", "*_".repeat(5000)],
  ["430 explicit links", "[a](https://a.example) ".repeat(430)],
  ["830 bare emails", "a@b.example ".repeat(830)],
  ["1,600 `*a [b`", "*a [b ".repeat(1600)],
  ["5,000 nested list markers", "- ".repeat(5000)],
  ["10,000 `<`", "<".repeat(10000)],
];

/** Median milliseconds per call, after warming up, over at least `minimum` calls. */
function time(render: Render, source: string): number {
  const first = performance.now();
  render(source);
  const once = performance.now() - first;
  // Slow renderers get fewer rounds, so the run stays within minutes.
  const rounds = once > 200 ? 3 : once > 20 ? 10 : 40;
  for (let i = 0; i < Math.min(rounds, 10); i += 1) render(source);
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    const batch = once > 5 ? 1 : Math.max(1, Math.floor(5 / Math.max(once, 0.01)));
    for (let j = 0; j < batch; j += 1) render(source);
    samples.push((performance.now() - start) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const fixed = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));

async function main() {
  const library = markdownIt("commonmark", { html: false, linkify: true });
  const baseline = await rendererAt(baselineRevision);
  const rows: string[] = [];
  for (const [name, source] of inputs) {
    const parley = time(renderMarkdown, source);
    const floor = time((text) => library.render(text), source);
    const before = baseline ? time(baseline, source) : null;
    const ratio = before ? `${(before / parley).toFixed(1)}×` : "—";
    console.log(
      `${name}: parley ${fixed(parley)} ms, micromark ${before ? fixed(before) : "—"} ms, markdown-it alone ${fixed(floor)} ms`,
    );
    rows.push(
      `| ${name} | ${source.length.toLocaleString("en")} | ${fixed(parley)} | ${before ? fixed(before) : "—"} | ${ratio} | ${fixed(floor)} |`,
    );
  }
  const cpu = cpus();
  const markdown = [
    "## Rendering (`npm run bench:render`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, Node ${process.version}: median milliseconds per body, warm, one after another in one process.`,
    "",
    "| body | characters | Parley (markdown-it) ms | before: micromark ms | speed-up | markdown-it `render()` alone ms |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    `- "before" is worker/domain/render.ts at ${baselineRevision}, built from git in the same run.`,
    "- Parley builds its HTML from markdown-it's tokens through an allowlist, so it costs a",
    "  little more than markdown-it's own renderer; past 500 `[`, 500 `*`/`_` or 100",
    "  link-like sequences a body keeps that construct as text (see render.ts), which is what",
    "  bounds the slow inputs.",
  ].join("\n");
  await writeSection(path.join(root, "bench/RESULTS.md"), markdown, "render");
  console.log("wrote bench/RESULTS.md");
}

await main();
