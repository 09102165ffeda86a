/**
 * The static-site build step (scripts/static-comments.mjs) against the e2e `wrangler dev`,
 * and the fragment's plain form in a browser without JavaScript, on the pages it built.
 *
 * The built site is served by a static file server of this file's own, as a static host
 * would serve it (folders, index.html), so its pages live on an origin of their own; the
 * sites made here allow that origin.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/local-worker";
import { browserForFile, env, moderate, uniqueEmail, uniqueSlug, newPage } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const common = { minSubmitSeconds: 0, rateLimitPerMinute: 10000, rateLimitPerDay: 100000 };
const browser = browserForFile();

let siteDir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  siteDir = await mkdtemp(path.join(tmpdir(), "parley-static-build-"));
  const port = await freePort();
  origin = `http://localhost:${port}`;
  server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", origin);
    const file = path.join(
      siteDir,
      decodeURIComponent(pathname),
      pathname.endsWith("/") ? "index.html" : "",
    );
    if (!file.startsWith(siteDir)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
});
afterAll(async () => {
  server?.close();
  await rm(siteDir, { recursive: true, force: true });
});

/** A site of its own for each test, allowing the static pages' origin. */
async function newSite(name: string, settings: object): Promise<string> {
  const site = uniqueSlug(name);
  await moderate(`/sites/${site}`, {
    method: "PUT",
    body: { name: site, origins: [origin], settings: { ...common, ...settings } },
  });
  return site;
}

/** A built page, as a site generator would write it, under the test's own folder. */
async function writePage(file: string, body: string, head = ""): Promise<string> {
  const html =
    `<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>${file}</title>\n` +
    `  ${head}\n</head>\n<body>\n  <main><h1>${file}</h1><p>The article.</p></main>\n  ${body}\n` +
    `  <footer>Footer</footer>\n</body>\n</html>\n`;
  await mkdir(path.dirname(path.join(siteDir, file)), { recursive: true });
  await writeFile(path.join(siteDir, file), html);
  return html;
}

const embed = (site: string, attributes = "") =>
  `<script src="${env().workerOrigin}/embed.js" data-site="${site}" ${attributes} async></script>`;
const target = `<div id="parley-comments"></div>`;

/** A comment through the JSON API, as a script would post it. */
async function seed(site: string, key: string, body: string, parentId?: string) {
  const response = await fetch(`${env().workerOrigin}/api/comments`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      site,
      page: { key, url: `${origin}${key}`, title: key },
      author: { name: "Seeded Reader", email: uniqueEmail("seed") },
      body,
      ...(parentId ? { parentId } : {}),
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { comment: { id: string } }).comment.id;
}

/** Runs the build step on one folder of the built site. */
function build(folder: string, ...args: string[]) {
  const child = spawn(
    process.execPath,
    [
      "scripts/static-comments.mjs",
      "--parley",
      env().workerOrigin,
      "--base-url",
      `${origin}/${folder}/`,
      ...args,
      path.join(siteDir, folder),
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
}

const read = (file: string) => readFile(path.join(siteDir, file), "utf8");

describe("the static-site build step", () => {
  it("puts each page's approved thread into its comments element, and a second run changes nothing", async () => {
    const site = await newSite("static-open", { moderation: "none" });
    const held = await newSite("static-held", { moderation: "all" });
    const folder = uniqueSlug("blog");
    const first = `/${folder}/posts/first/`;
    const renamed = `/${folder}/posts/renamed/`;
    const root1 = await seed(site, first, "First root");
    const reply = await seed(site, first, "A reply", root1);
    const root2 = await seed(site, renamed, "On the canonical thread");
    const hidden = await seed(held, `/${folder}/held/`, "Held for review");

    const firstPage = await writePage(
      `${folder}/posts/first/index.html`,
      `${target}\n  ${embed(site)}`,
    );
    // No embed script: the site comes from --site; the thread from the canonical link.
    await writePage(
      `${folder}/posts/second.html`,
      target,
      `<link rel="canonical" href="${origin}${renamed}">`,
    );
    await writePage(`${folder}/held/index.html`, `${target}${embed(held)}`);
    const about = await writePage(`${folder}/about/index.html`, "<p>No comments here.</p>");

    const run = await build(folder, "--site", site);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`updated posts/first/index.html (${first})`);
    expect(run.stdout).toContain(`updated posts/second.html (${renamed})`);
    expect(run.stdout).toMatch(
      /4 pages, 3 updated, 0 unchanged, 1 without a comments element, 0 failed/,
    );

    const built = await read(`${folder}/posts/first/index.html`);
    expect(built).toContain(`<article id="comment-${root1}"`);
    expect(built).toContain(`<article id="comment-${reply}"`);
    expect(built).toContain("<p>First root</p>");
    // The fragment is inside the element; the rest of the page is as the generator wrote it.
    const [before, after] = firstPage.split(target);
    expect(
      built.startsWith(`${before}<div id="parley-comments"><section class="parley-thread"`),
    ).toBe(true);
    expect(built.endsWith(`</section></div>${after}`)).toBe(true);
    // The form comes back to the page's own address.
    expect(built).toContain(`name="url" value="${origin}${first}"`);
    expect(await read(`${folder}/posts/second.html`)).toContain(`<article id="comment-${root2}"`);
    const heldPage = await read(`${folder}/held/index.html`);
    expect(heldPage).toContain('<ol class="comments"></ol>');
    expect(heldPage).not.toContain(hidden);
    expect(await read(`${folder}/about/index.html`)).toBe(about);

    const files = ["posts/first/index.html", "posts/second.html", "held/index.html"];
    const once = await Promise.all(files.map((file) => read(`${folder}/${file}`)));
    const again = await build(folder, "--site", site);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/4 pages, 0 updated, 3 unchanged/);
    expect(await Promise.all(files.map((file) => read(`${folder}/${file}`)))).toEqual(once);

    // A new comment: the next build replaces that page's fragment, and only that one.
    const later = await seed(site, first, "Posted after the build");
    const third = await build(folder, "--site", site);
    expect(third.stdout).toMatch(/4 pages, 1 updated, 2 unchanged/);
    const rebuilt = await read(`${folder}/posts/first/index.html`);
    expect(rebuilt).toContain(`<article id="comment-${later}"`);
    expect(rebuilt.match(/<section class="parley-thread"/g)).toHaveLength(1);
  });

  it("leaves a page Parley does not answer for as it was, and says so; --strict fails the build", async () => {
    const folder = uniqueSlug("broken");
    const page = await writePage(`${folder}/index.html`, `${target}${embed("no-such-site")}`);
    const run = await build(folder);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^failed index\.html: 404 /);
    expect(run.stdout).toMatch(
      /1 pages, 0 updated, 0 unchanged, 0 without a comments element, 1 failed/,
    );
    expect(await read(`${folder}/index.html`)).toBe(page);
    expect((await build(folder, "--strict")).code).toBe(1);
  });

  it("refuses bad options before touching anything", async () => {
    const run = await build(uniqueSlug("none"), "--site", "Not A Site", "--concurrency", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--site: must be a site id");
    expect(run.stderr).toContain("--concurrency:");
  });
});

describe("the fragment's form without JavaScript", () => {
  /** Builds one article for `site` and opens it in a browser that runs no script. */
  async function openBuiltArticle(site: string) {
    const folder = uniqueSlug("nojs");
    await writePage(`${folder}/article/index.html`, `${target}${embed(site)}`);
    expect((await build(folder)).code).toBe(0);
    const context = await browser.current.newContext({ javaScriptEnabled: false });
    const page = await newPage(context);
    const url = `${origin}/${folder}/article/`;
    await page.goto(url);
    // The fragment's own form: the widget's is in a shadow root, had its script run.
    await page.locator("#parley-comments > section.parley-thread form#parley-form").waitFor();
    return { page, url, folder, close: () => context.close() };
  }

  async function fillAndPost(page: import("playwright-core").Page, body: string) {
    // By the fields' names, the form's contract with the Worker (its words are translated).
    const form = page.locator("form#parley-form");
    await form.locator("textarea[name=body]").fill(body);
    await form.locator("input[name=name]").fill("No Script");
    await form.locator("input[name=email]").fill(uniqueEmail("nojs"));
    await form.locator("button[type=submit]").click();
  }

  it("posts and comes back to the article at the new comment, there after the next build", async () => {
    const site = await newSite("nojs-open", { moderation: "none" });
    const { page, url, folder, close } = await openBuiltArticle(site);
    await fillAndPost(page, "Posted *without* script");
    await page.waitForURL(/#comment-c_/);
    const id = new URL(page.url()).hash.slice("#comment-".length);
    expect(page.url()).toBe(`${url}#comment-${id}`);

    // A static page shows new comments once it is built again.
    expect((await build(folder)).stdout).toContain("1 updated");
    await page.reload();
    const article = page.locator(`article#comment-${id}`);
    await expect.poll(() => article.textContent()).toContain("Posted without script");
    await expect.poll(() => article.locator("em").textContent()).toBe("without");
    await expect.poll(() => page.locator(":target").getAttribute("id")).toBe(`comment-${id}`);
    await close();
  });

  it("comes back to 'Your comment is awaiting moderation.' where comments are held", async () => {
    const site = await newSite("nojs-held", { moderation: "all" });
    const { page, url, close } = await openBuiltArticle(site);
    const notice = page.getByText("Your comment is awaiting moderation.");
    await expect.poll(() => notice.isVisible()).toBe(false);
    await fillAndPost(page, "Held, without script");
    await page.waitForURL(`${url}#parley-pending`);
    await notice.waitFor({ state: "visible" });
    const pending = (await moderate(`/comments?site=${site}&status=pending`)) as {
      comments: { html: string }[];
    };
    expect(pending.comments.map((comment) => comment.html)).toEqual([
      "<p>Held, without script</p>",
    ]);
    await close();
  });

  it("answers a comment of nothing but spaces with a page that says so and leads back to the form", async () => {
    const site = await newSite("nojs-refused", { moderation: "none" });
    const { page, url, close } = await openBuiltArticle(site);
    // `required` is satisfied by spaces; the Worker is not.
    await fillAndPost(page, "   ");
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(new URL(page.url()).origin).toBe(env().workerOrigin);
    await expect.poll(() => page.getByText("Write a comment.").isVisible()).toBe(true);
    await page.getByRole("link", { name: "Back to the article" }).click();
    await page.waitForURL(`${url}#parley-form`);
    await expect.poll(() => page.locator("form#parley-form").isVisible()).toBe(true);
    expect((await moderate(`/comments?site=${site}`)) as { comments: unknown[] }).toMatchObject({
      comments: [],
    });
    await close();
  });
});
