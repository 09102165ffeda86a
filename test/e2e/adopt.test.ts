/**
 * The widget taking over a thread the page already holds (the fragment of
 * GET /api/comments.html, as a static build or an edge include puts it in): the fragment
 * stays on screen until the widget is complete, then the widget takes its place in one
 * frame, never while it would move what the reader is looking at. Measured: the page's
 * cumulative layout shift (layout-shift entries without recent input), and every frame's
 * picture of the thread (no blank frame, no "Loading comments…").
 * And read-your-own-writes: the bookmark a write answers with goes back on the next reads.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  env,
  postComment,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  waitForThread,
  articleUrl,
  newPage,
} from "./helpers";

const browser = browserForFile();
const site = "e2e-open";

/**
 * Records layout shifts and, each frame, which thread is shown and how tall it is; and counts
 * the IntersectionObserver's reports, at each of which the widget decides whether to take
 * over (extras/adopt.ts), so a test can wait for that decision instead of sleeping.
 */
const recorder = () => {
  const w = window as unknown as { shifts: number[]; frames: string[]; decisions: number };
  w.shifts = [];
  w.frames = [];
  w.decisions = 0;
  const Observer = window.IntersectionObserver;
  window.IntersectionObserver = class extends Observer {
    constructor(report: IntersectionObserverCallback, options?: IntersectionObserverInit) {
      super((entries, observer) => {
        report(entries, observer);
        w.decisions += 1;
      }, options);
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
    })[]) {
      if (!entry.hadRecentInput) w.shifts.push(entry.value);
    }
  }).observe({ type: "layout-shift", buffered: true });
  const frame = () => {
    const target = document.getElementById("parley-comments");
    // A frame painted before the parser has read the whole fragment (on a busy machine
    // Chromium paints while it parses) says nothing about the widget: wait for its sibling.
    if (!target?.nextElementSibling) return void requestAnimationFrame(frame);
    const root = target.shadowRoot;
    const shown = !root
      ? "fragment"
      : root.querySelector("slot:not([name])")
        ? "fragment"
        : (root.querySelector("h2")?.textContent ?? "");
    const height = Math.round(target.getBoundingClientRect().height);
    const picture = `${shown}:${height > 0 ? "drawn" : "empty"}`;
    if (w.frames.at(-1) !== picture) w.frames.push(picture);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

/** A thread of three approved comments, and an article page holding its fragment. */
async function articleWithFragment(context: BrowserContext) {
  const slug = uniqueSlug("adopt");
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const { comment } = await seedComment(site, slug, `Comment number ${n}.`, {
      name: `Reader ${n}`,
      email: uniqueEmail("adopt"),
    });
    ids.push(comment.id);
  }
  const { workerOrigin, hostOrigin, pagesDir } = env();
  // The page's address and the thread's: the fragment's form brings the reader back here.
  const url = `${hostOrigin}/pages/${slug}.html`;
  const fragment = await (
    await fetch(
      `${workerOrigin}/api/comments.html?${new URLSearchParams({ site, page: `/articles/${slug}`, url })}`,
    )
  ).text();
  expect(fragment).toContain("data-parley-fragment");
  const article = Array.from(
    { length: 40 },
    (_, i) => `<p>Paragraph ${i} of the article, long enough to fill a line or two of text.</p>`,
  ).join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${slug}</title><link rel="canonical" href="${hostOrigin}/articles/${slug}"></head>
<body style="font-family: Georgia, serif; max-width: 40rem; margin: 1rem auto">
<h1>An article</h1>${article}
<div id="parley-comments">${fragment}</div>
<script src="${workerOrigin}/embed.js" data-site="${site}" async></script>
<footer id="after"><p>The page goes on after the comments.</p></footer>
</body></html>`;
  await writeFile(path.join(pagesDir, `${slug}.html`), html);
  await context.addInitScript(recorder);
  return { url, ids };
}

const measured = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { shifts: number[]; frames: string[] };
    return { shift: w.shifts.reduce((a, b) => a + b, 0), frames: w.frames };
  });

/** Resolves once the widget has decided about taking over more than `seen` times. */
const decided = (page: Page, seen = 0) =>
  page.waitForFunction((n) => (window as unknown as { decisions: number }).decisions > n, seen);
const decisions = (page: Page) =>
  page.evaluate(() => (window as unknown as { decisions: number }).decisions);

const slotShown = (page: Page) =>
  page.evaluate(
    () =>
      !!document.getElementById("parley-comments")!.shadowRoot?.querySelector("slot:not([name])"),
  );

/** The widget has everything (its form is drawn, hidden or not). */
const widgetComplete = (page: Page) =>
  page.locator("#parley-comments section.parley form button[type=submit]").waitFor({
    state: "attached",
  });

describe("adopting a server-rendered thread", () => {
  it("takes over below the fold at once: no layout shift, no blank or loading frame", async () => {
    const context = await browser.current.newContext({ viewport: { width: 900, height: 600 } });
    const { url, ids } = await articleWithFragment(context);
    const page = await newPage(context);
    await page.goto(url);
    await widgetComplete(page);
    await expect.poll(() => slotShown(page)).toBe(false);

    // The widget's own thread is shown, the page's copy is gone (its ids would shadow ours).
    await page.locator("#after").scrollIntoViewIfNeeded();
    await waitForThread(page);
    for (const id of ids) await page.locator(`section.parley [id="comment-${id}"]`).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.querySelector("[data-parley-fragment]")))
      .toBeNull();
    await expect.poll(() => page.locator("#parley-comments h2").textContent()).toBe("3 comments");

    const { shift, frames } = await measured(page);
    expect(shift).toBe(0);
    // Only ever the fragment, then the finished widget: never empty, never "Loading".
    expect(frames[0]).toBe("fragment:drawn");
    expect(frames.every((f) => f === "fragment:drawn" || f === "3 comments:drawn")).toBe(true);
    await context.close();
  });

  it("keeps the fragment a reader is looking at until they act, then takes over", async () => {
    const context = await browser.current.newContext({ viewport: { width: 900, height: 600 } });
    const { url, ids } = await articleWithFragment(context);
    const page = await newPage(context);
    // Arriving at a comment: the browser scrolls to the fragment's article at once.
    await page.goto(`${url}#comment-${ids[1]}`);
    await widgetComplete(page);
    // It has seen the thread in view, and kept the fragment.
    await decided(page);
    await expect.poll(() => slotShown(page)).toBe(true);
    const fragmentComment = page.locator(`[data-parley-fragment] [id="comment-${ids[1]}"]`);
    await expect.poll(() => fragmentComment.isVisible()).toBe(true);

    // The reader clicks (here, on the comment's text): the widget takes its place.
    const box = (await fragmentComment.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => slotShown(page)).toBe(false);
    // …and shows the linked comment, marked, as it does for any link to a comment.
    await expect
      .poll(() => page.locator(`section.parley [id="comment-${ids[1]}"]`).getAttribute("class"))
      .toContain("linked");
    const { shift, frames } = await measured(page);
    expect(shift).toBe(0);
    expect(frames.every((f) => f === "fragment:drawn" || f === "3 comments:drawn")).toBe(true);
    await context.close();
  });

  it("leaves a reader who typed into the fragment's form with that form, and it posts", async () => {
    const context = await browser.current.newContext({ viewport: { width: 900, height: 600 } });
    const { url } = await articleWithFragment(context);
    const page = await newPage(context);
    await page.goto(`${url}#parley-form`);
    const form = page.locator("[data-parley-fragment] form");
    await form.getByLabel("Comment").fill("Typed before the widget came.");
    await widgetComplete(page);
    await decided(page);
    // Out of view and back, and clicks in the form: it stays the fragment's.
    const seen = await decisions(page);
    await page.evaluate(() => scrollTo(0, 0));
    await decided(page, seen);
    await form.getByLabel("Name").click();
    await expect.poll(() => slotShown(page)).toBe(true);
    await form.getByLabel("Name").fill("Typist");
    await form.getByLabel("Email").fill(uniqueEmail("typist"));
    await form.getByRole("button", { name: "Post Comment" }).click();
    await page.waitForURL(/#comment-c_/);
    await context.close();
  });
});

describe("reading one's own writes", () => {
  it("sends the bookmark its post was answered with on the reads that follow", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const slug = uniqueSlug("bookmark");
    const reads: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "GET" && request.url().includes("/api/comments")) {
        reads.push(request.url());
      }
    });
    await page.goto(articleUrl(slug, { site }));
    await waitForThread(page);
    expect(reads.every((read) => !read.includes("bookmark="))).toBe(true);

    const answered = page.waitForResponse(
      (response) =>
        response.request().method() === "POST" && response.url().endsWith("/api/comments"),
    );
    await postComment(page, "A comment to read back at once.", {
      name: "Writer",
      email: uniqueEmail("bookmark"),
    });
    const bookmark = (await answered).headers()["parley-bookmark"];
    // D1's bookmark and Parley's signature of it.
    expect(bookmark).toMatch(/^[0-9a-f-]{16,128}\.[\w-]{22}$/);

    // After a reload the list is asked for at that bookmark, and shows the comment.
    reads.length = 0;
    await page.reload();
    await waitForThread(page);
    await page.locator("#parley-comments article", { hasText: "read back at once" }).waitFor();
    expect(reads[0]).toContain(`bookmark=${encodeURIComponent(bookmark!)}`);
    await context.close();
  });
});
