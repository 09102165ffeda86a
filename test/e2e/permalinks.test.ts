/**
 * Links to a comment (#comment-<id>, WordPress's shape): every comment's time links to it,
 * and arriving with one scrolls to the comment and marks it, also when it is on a later
 * page of the thread or deep in a long run of replies. And the "(edited)" marker.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  focusedInWidget,
  importThread,
  newPage,
  uniqueSlug,
  waitForThread,
} from "./helpers";

const browser = browserForFile();
const section = "#parley-comments section";
const status = "#parley-comments [role=status]";

/** 25 comments (the list shows 20 a page), the 23rd with 60 replies (50 show at first). */
async function longThread() {
  const slug = uniqueSlug("links");
  const start = Date.parse("2026-06-01T00:00:00.000Z");
  const id = (name: string) => `c_${slug.replace(/[^a-z0-9]/gi, "")}_${name}`;
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const roots = Array.from({ length: 25 }, (_, i) => ({
    id: id(`r${i}`),
    parentId: null,
    body: `Root ${i}`,
    createdAt: at(i),
    ...(i === 1 ? { editedAt: at(30) } : {}),
  }));
  const replies = Array.from({ length: 60 }, (_, i) => ({
    id: id(`r22x${i}`),
    parentId: id("r22"),
    body: `Reply ${i} to root 22`,
    createdAt: at(100 + i),
  }));
  await importThread("e2e-open", slug, [...roots, ...replies]);
  return { slug, id };
}

const articleOf = (page: Page, commentId: string) => page.locator(`[id="comment-${commentId}"]`);

/** The comment is marked, focused and on screen. */
async function expectShown(page: Page, commentId: string) {
  const article = articleOf(page, commentId);
  await expect.poll(() => article.getAttribute("class")).toContain("linked");
  // Within the viewport, once the scroll to it (smooth or not) has come to rest there.
  await expect
    .poll(() =>
      article.evaluate((el) => {
        const { top, bottom } = el.getBoundingClientRect();
        return top >= 0 && bottom <= innerHeight;
      }),
    )
    .toBe(true);
  await expect.poll(() => focusedInWidget(page, "id")).toBe(`comment-${commentId}`);
  await expect.poll(() => page.locator(`${section} article.linked`).count()).toBe(1);
}

/** A fresh long thread, opened in a new browser with `hash` (given the thread's ids). */
async function openLongThread(hash: (id: (name: string) => string) => string) {
  const { slug, id } = await longThread();
  const context = await browser.current.newContext({ viewport: { width: 900, height: 600 } });
  const page = await newPage(context);
  await page.goto(`${articleUrl(slug, { site: "e2e-open" })}#${hash(id)}`);
  await waitForThread(page);
  return { context, page, id };
}

describe("links to a comment", () => {
  it("links every comment's time to its anchor, and follows a click on it", async () => {
    const { context, page, id } = await openLongThread(() => "top");
    const permalink = articleOf(page, id("r5")).locator("a.permalink");
    await expect.poll(() => permalink.getAttribute("href")).toBe(`#comment-${id("r5")}`);
    await expect.poll(() => permalink.locator("time").count()).toBe(1);
    await permalink.click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#comment-${id("r5")}`);
    await expectShown(page, id("r5"));
    // Another link on the same page moves the mark.
    await page.evaluate((target) => (location.hash = target), `#comment-${id("r2")}`);
    await expectShown(page, id("r2"));
    await context.close();
  });

  it("scrolls to a comment on the first page and marks it", async () => {
    const { context, page, id } = await openLongThread((id) => `comment-${id("r12")}`);
    await expectShown(page, id("r12"));
    await expect
      .poll(() => page.getByRole("button", { name: /from the beginning/ }).count())
      .toBe(0);
    await context.close();
  });

  it("opens the thread at a later page for a comment that is not on the first, and goes back to the start", async () => {
    const { context, page, id } = await openLongThread((id) => `comment-${id("r24")}`);
    await expectShown(page, id("r24"));
    await expect.poll(() => articleOf(page, id("r0")).count()).toBe(0);
    const fromStart = page.getByRole("button", { name: "Show all comments from the beginning" });
    await fromStart.click();
    await articleOf(page, id("r0")).waitFor();
    await expect.poll(() => fromStart.count()).toBe(0);
    await context.close();
  });

  it("finds a reply deep in a long run of replies on a later page", async () => {
    const { context, page, id } = await openLongThread((id) => `comment-${id("r22x57")}`);
    await expectShown(page, id("r22x57"));
    // Under its root, after the replies already shown.
    await expect
      .poll(() =>
        articleOf(page, id("r22x57")).evaluate(
          (el) => el.closest("ol")!.closest("li")!.querySelector("article")!.id,
        ),
      )
      .toBe(`comment-${id("r22")}`);
    await context.close();
  });

  it("says so when the linked comment does not exist", async () => {
    const { context, page } = await openLongThread(() => "comment-c_nobody_here");
    await expect
      .poll(() => page.locator(status).textContent())
      .toBe("The linked comment is not available.");
    await expect.poll(() => page.locator(`${section} article.linked`).count()).toBe(0);
    await context.close();
  });
});

describe("the edited marker", () => {
  it("says (edited), with the edit time on hover and focus", async () => {
    const { context, page, id } = await openLongThread(() => "top");
    const edited = articleOf(page, id("r1")).locator(".edited");
    await expect.poll(() => edited.textContent()).toBe("(edited)");
    await expect.poll(() => articleOf(page, id("r2")).locator(".edited").count()).toBe(0);
    const after = () => edited.evaluate((el) => getComputedStyle(el, "::after").content);
    await expect.poll(after).toBe("none");
    await edited.focus();
    // 2026-06-01T00:30Z, in the reader's time zone and words.
    await expect.poll(after).toMatch(/2026/);
    await expect.poll(() => edited.getAttribute("data-time")).toMatch(/2026/);
    await context.close();
  });
});
