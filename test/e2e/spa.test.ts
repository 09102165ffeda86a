/**
 * Single-page sites: Parley.mount(), update(), destroy() and <parley-comments>, in a page
 * whose router moves between articles with history.pushState (spa-pages.ts). Each article
 * shows its own thread; nothing of a thread taken down stays behind (leak-probe.ts counts
 * what is live: timers, polling, listeners, observers, requests).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  env,
  newPage,
  postComment,
  seedComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";
import { expectNothingLive, live } from "./leak-probe";
import { writeSpaSite, type SpaMode } from "./spa-pages";

const browser = browserForFile();
const site = "e2e-open";
const form = "#view section > form";
const submit = `${form} button[type=submit]`;

/** Two articles, each with a comment of its own. */
async function twoArticles(name: string) {
  const [a, b] = [uniqueSlug(`${name}-a`), uniqueSlug(`${name}-b`)];
  const author = { name: "Ann", email: uniqueEmail("ann") };
  await seedComment(site, a, `Only on A ${a}`, author);
  await seedComment(site, b, `Only on B ${b}`, author);
  return { a, b };
}

/**
 * Follows the router's link to `slug`, as a reader's click does. Clicked from the page's
 * own script: Playwright's click adds listeners of its own to the window while it checks its
 * target, which the leak probe would count as the widget's.
 */
const follow = (page: Page, slug: string) =>
  page.evaluate(
    (to) => document.querySelector<HTMLElement>(`nav a[data-to="${to}"]`)!.click(),
    slug,
  );

/** A single-page site of two articles, opened at the first: its thread shown. */
async function openAtA(mode: SpaMode, name: string) {
  const { a, b } = await twoArticles(name);
  const spa = await writeSpaSite(mode, site, [a, b]);
  const context = await browser.current.newContext();
  const page = await newPage(context);
  await page.goto(spa.url(a));
  await expectThreadOf(page, a, b);
  return { a, b, context, page };
}

/** The thread's comment bodies as the reader sees them, once its form is drawn. */
async function shownBodies(page: Page): Promise<string[]> {
  return page.locator("#view article .body").allTextContents();
}

/** Waits until the thread in view is `slug`'s: its comment shown, the other's not. */
async function expectThreadOf(page: Page, slug: string, other: string) {
  await page.locator(submit).waitFor();
  await expect
    .poll(async () => {
      const bodies = (await shownBodies(page)).join(" | ");
      return bodies.includes(slug) && !bodies.includes(other);
    })
    .toBe(true);
}

/**
 * Waits until the thread in view has both chunks in: its polling for new comments (the
 * extras') has started. Attached rather than visible: a thread that takes over a
 * server-rendered one stays hidden behind it until then.
 */
async function waitUntilComplete(page: Page) {
  await page.locator(submit).waitFor({ state: "attached" });
  await expect.poll(async () => (await live(page)).intervals).toBeGreaterThan(0);
}

describe.each<SpaMode>(["swap", "keep", "element", "element-keep"])(
  "a single-page site (%s)",
  (mode) => {
    it("shows each article's own thread as the router moves between them, and back", async () => {
      const { a, b, context, page } = await openAtA(mode, mode);
      await follow(page, b);
      await expectThreadOf(page, b, a);
      await page.goBack();
      await expectThreadOf(page, a, b);
      await page.goForward();
      await expectThreadOf(page, b, a);
      // One thread in view, whatever the route did to its container.
      await expect.poll(() => page.locator("#view section.parley").count()).toBe(1);
      await context.close();
    });

    it("leaves no timer, poll, listener, observer or request behind after navigation and after the thread goes", async () => {
      const { a, b } = await twoArticles(`${mode}-leak`);
      const spa = await writeSpaSite(mode, site, [a, b]);
      const context = await browser.current.newContext();
      const page = await newPage(context);
      await page.goto(spa.url(a));
      await waitUntilComplete(page);
      const first = await live(page);
      for (const slug of [b, a, b]) {
        await follow(page, slug);
        await expectThreadOf(page, slug, slug === a ? b : a);
        await waitUntilComplete(page);
      }
      // As many as one thread has, not one set per article seen.
      await expect
        .poll(async () => {
          const now = await live(page);
          return [now.intervals, now.global, now.observers, now.described.sort()];
        })
        .toEqual([first.intervals, first.global, first.observers, first.described.sort()]);
      await page.evaluate(() => window.leave());
      await expectNothingLive(page);
      await context.close();
    });
  },
);

describe("a single-page site's threads", () => {
  it("posts a comment written on article B to article B", async () => {
    const { a, b, context, page } = await openAtA("keep", "post");
    await follow(page, b);
    await expectThreadOf(page, b, a);
    const body = `Written on B ${uniqueSlug("b")}`;
    await postComment(page, body, { name: "Bo", email: uniqueEmail("bo") }, form);
    await expect.poll(async () => (await shownBodies(page)).includes(body)).toBe(true);
    const thread = async (slug: string) => {
      const query = new URLSearchParams({ site, page: `/articles/${slug}` });
      const answer = await fetch(`${env().workerOrigin}/api/comments?${query}`);
      const list = (await answer.json()) as { comments: { html: string }[] };
      return list.comments.map((comment) => comment.html).join(" ");
    };
    await expect.poll(() => thread(b)).toContain(body);
    expect(await thread(a)).not.toContain(body);
    await context.close();
  });

  it("aborts article A's pending list request when the router moves on, and never draws its answer", async () => {
    const { a, b } = await twoArticles("abort");
    const spa = await writeSpaSite("swap", site, [a, b]);
    const context = await browser.current.newContext();
    const page = await newPage(context);
    // A's list is held at the network until B's thread is in view.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) =>
        url.pathname === "/api/comments" && url.searchParams.get("page") === `/articles/${a}`,
      async (route) => {
        await held;
        await route.continue().catch(() => undefined);
      },
    );
    await page.goto(spa.url(a));
    await expect.poll(async () => (await live(page)).fetches).toBe(1);
    await follow(page, b);
    await expectThreadOf(page, b, a);
    await expect
      .poll(async () =>
        (await live(page)).aborted.some((url) => url.includes(encodeURIComponent(a))),
      )
      .toBe(true);
    release();
    // B's thread stays B's (its heading counts B's one comment), with A's answer gone nowhere.
    await expect.poll(() => page.locator("#view h2").textContent()).toBe("1 comment");
    expect((await shownBodies(page)).join(" ")).not.toContain(a);
    await context.close();
  });

  it("takes down a thread the page already held (its observer and listeners) when destroyed before the swap", async () => {
    const { a, b } = await twoArticles("fragment");
    // A server-rendered thread, as a static build puts it in: the widget keeps it in view
    // through a slot and watches (an IntersectionObserver, input listeners) for its moment.
    const spa = await writeSpaSite("keep", site, [a, b], {
      containerHtml: `<div data-parley-fragment><p>Server-rendered comments</p></div>`,
    });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(spa.url(a));
    await waitUntilComplete(page);
    await expect.poll(async () => (await live(page)).observers).toBeGreaterThan(0);
    await page.evaluate(() => window.leave());
    await expectNothingLive(page);
    await context.close();
  });

  it("keeps the one-script-tag embed as it was: data-site on the tag draws the thread at once", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const slug = uniqueSlug("classic");
    await page.goto(`${env().hostOrigin}/articles/${slug}?site=${site}`);
    await page.locator("#parley-comments form button[type=submit]").waitFor();
    // The page mounts nothing itself, so the mount API's chunk is never fetched.
    const chunks = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((entry) => entry.name),
    );
    expect(chunks.some((name) => /\/assets\/mount-/.test(name))).toBe(false);
    await context.close();
  });
});
