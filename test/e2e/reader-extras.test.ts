/**
 * What readers get beside the thread itself: counts on an article list (count.js), and
 * new comments announced while the page is open (polled only in a visible tab).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  newPage,
  env,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();

async function seedMany(site: string, slug: string, n: number) {
  for (let i = 0; i < n; i++) {
    await seedComment(site, slug, `comment ${i} on ${slug}`, {
      name: `R${i}`,
      email: uniqueEmail("r"),
    });
  }
}

describe("count.js on an article list", () => {
  it("writes each page's count in the page's language, with one request per 50 pages", async () => {
    const [one, three, none] = [uniqueSlug("one"), uniqueSlug("three"), uniqueSlug("none")];
    await seedMany("e2e-open", one, 1);
    await seedMany("e2e-open", three, 3);
    // Enough pages that the counts take two requests.
    const filler = Array.from({ length: 55 }, (_, i) => `${uniqueSlug("filler")}-${i}`);
    const slugs = [one, three, none, ...filler];
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/counts")) asked.push(request.url());
    });
    await page.goto(`${env().hostOrigin}/lists/front?slugs=${slugs.join(",")}`);
    const count = (slug: string) => page.locator(`a.count[href="/articles/${slug}#comments"]`);
    await expect.poll(() => count(one).textContent()).toBe("1 comment");
    await expect.poll(() => count(three).textContent()).toBe("3 comments");
    await expect.poll(() => count(none).textContent()).toBe("0 comments");
    await expect.poll(() => page.locator("#named").textContent()).toBe("1 comment");
    // The last of the 58 pages is in the second request: every count is written by now.
    await expect.poll(() => count(filler.at(-1)!).textContent()).toBe("0 comments");
    expect(asked).toHaveLength(2);
    await expect.poll(() => page.evaluate(() => document.cookie)).toBe("");

    const russian = await newPage(context);
    await russian.goto(`${env().hostOrigin}/lists/front?lang=ru&slugs=${three},${one}`);
    await expect
      .poll(() => russian.locator(`a.count[href="/articles/${three}#comments"]`).textContent())
      .toBe("3 комментария");
    await expect
      .poll(() => russian.locator(`a.count[href="/articles/${one}#comments"]`).textContent())
      .toBe("1 комментарий");
    await context.close();
  });
});

describe("new comments while the page is open", () => {
  const notice = (page: Page) => page.locator("#parley-comments button.new-comments");

  it("says how many came instead of moving the page, and shows them on a click", async () => {
    const slug = uniqueSlug("live");
    await seedMany("e2e-open", slug, 1);
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open", refresh: "1" });
    const polls: { status: number; conditional: boolean }[] = [];
    page.on("response", async (response) => {
      if (!response.url().includes("/api/comments?")) return;
      const headers = await response.request().allHeaders();
      polls.push({ status: response.status(), conditional: "if-none-match" in headers });
    });
    // Quiet: nothing new, and the answers are 304s once the ETag is known.
    await expect
      .poll(() => polls.some((poll) => poll.status === 304 && poll.conditional))
      .toBe(true);
    expect(await notice(page).count()).toBe(0);

    await seedMany("e2e-open", slug, 2);
    await notice(page).getByText("2 new comments — show").waitFor();
    expect(await page.locator("#parley-comments article").count()).toBe(1);
    await notice(page).click();
    await expect.poll(() => page.locator("#parley-comments article").count()).toBe(3);
    await expect.poll(() => page.locator("#parley-heading").textContent()).toBe("3 comments");
    await expect.poll(() => notice(page).count()).toBe(0);
    await context.close();
  });

  it("asks nothing while the tab is hidden", async () => {
    const slug = uniqueSlug("hidden");
    await seedMany("e2e-open", slug, 1);
    const context = await browser.current.newContext();
    // The page's clock is Playwright's, so the test can let the page's seconds pass at once
    // rather than wait them out.
    await context.clock.install();
    const page = await openArticle(context, slug, { site: "e2e-open", refresh: "1" });
    await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
    // Playwright cannot hide a tab: tell the page it is hidden, as the browser would. Each
    // list request is counted in the page as it is made, so none can arrive late.
    await page.evaluate(() => {
      const counter = window as unknown as { asked: number };
      counter.asked = 0;
      const fetch = window.fetch;
      window.fetch = (input, init) => {
        if (String(input).includes("/api/comments?")) counter.asked += 1;
        return fetch(input, init);
      };
      Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const asked = () => page.evaluate(() => (window as unknown as { asked: number }).asked);
    // Three of the widget's one-second ticks, every timer due in them run.
    await page.clock.runFor(3000);
    expect(await asked()).toBe(0);
    await page.evaluate(() => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    // Visible again: it asks at once, and on each tick after.
    await expect.poll(asked).toBe(1);
    await page.clock.runFor(1000);
    await expect.poll(asked).toBe(2);
    await context.close();
  });
});

describe("likes and the sort control", () => {
  it("likes with one click, remembers it when the reader comes back, and sorts the most liked first", async () => {
    const slug = uniqueSlug("likes");
    await seedMany("e2e-open", slug, 3);
    const context = await browser.current.newContext();
    let page = await openArticle(context, slug, { site: "e2e-open" });
    const comment = (n: number) =>
      page.locator("#parley-comments section > ol > li > article", { hasText: `comment ${n} on` });
    const heart = (n: number) => comment(n).getByRole("button", { name: /^Like/ });
    const saved = page.waitForResponse((response) => response.url().includes("/like"));
    await heart(2).click();
    await comment(2).getByRole("button", { name: "Like (1)" }).waitFor();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => heart(2).getAttribute("aria-pressed")).toBe("true");
    await expect
      .poll(() => page.evaluate(() => localStorage.getItem("parley:reader")))
      .toMatch(/^[\w-]{24}$/);

    // Coming back: the tab closed (so Chromium has written its localStorage through, which
    // a reload racing the write did not always see under load), the page opened anew.
    await page.close();
    page = await openArticle(context, slug, { site: "e2e-open" });
    await expect.poll(() => heart(2).getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => heart(2).getAttribute("aria-label")).toBe("Like (1)");
    await expect.poll(() => heart(0).getAttribute("aria-pressed")).toBe("false");

    // Oldest first by default; Best puts the liked one on top.
    const first = page.locator("#parley-comments section > ol > li > article").first();
    await expect.poll(() => first.textContent()).toContain("comment 0 on");
    await page.getByLabel("Sort by").selectOption("best");
    await expect.poll(() => first.textContent()).toContain("comment 2 on");

    await heart(2).click();
    await comment(2).getByRole("button", { name: "Like (0)" }).waitFor();
    await expect.poll(() => heart(2).getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => page.evaluate(() => document.cookie)).toBe("");
    await context.close();
  });
});
