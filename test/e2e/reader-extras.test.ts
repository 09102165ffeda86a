/**
 * What readers get beside the thread itself: counts on an article list (count.js), and
 * new comments announced while the page is open (polled only in a visible tab).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserForFile, env, openArticle, seedComment, uniqueEmail, uniqueSlug } from "./helpers";

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
    const page = await context.newPage();
    page.setDefaultTimeout(8000);
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/counts")) asked.push(request.url());
    });
    await page.goto(`${env().hostOrigin}/lists/front?slugs=${slugs.join(",")}`);
    const count = (slug: string) => page.locator(`a.count[href="/articles/${slug}#comments"]`);
    await page.waitForFunction(() => document.querySelector("#named")?.textContent !== "…");
    expect(await count(one).textContent()).toBe("1 comment");
    expect(await count(three).textContent()).toBe("3 comments");
    expect(await count(none).textContent()).toBe("0 comments");
    expect(await page.locator("#named").textContent()).toBe("1 comment");
    expect(asked).toHaveLength(2);
    expect(await page.evaluate(() => document.cookie)).toBe("");

    const russian = await context.newPage();
    await russian.goto(`${env().hostOrigin}/lists/front?lang=ru&slugs=${three},${one}`);
    await russian.waitForFunction(() => document.querySelector("#named")?.textContent !== "…");
    expect(await russian.locator(`a.count[href="/articles/${three}#comments"]`).textContent()).toBe(
      "3 комментария",
    );
    expect(await russian.locator(`a.count[href="/articles/${one}#comments"]`).textContent()).toBe(
      "1 комментарий",
    );
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
    await page.waitForTimeout(3500);
    expect(await notice(page).count()).toBe(0);
    expect(polls.some((poll) => poll.status === 304 && poll.conditional)).toBe(true);

    await seedMany("e2e-open", slug, 2);
    await notice(page).getByText("2 new comments — show").waitFor();
    expect(await page.locator("#parley-comments article").count()).toBe(1);
    await notice(page).click();
    await page.locator("#parley-comments article").nth(2).waitFor();
    expect(await page.locator("#parley-heading").textContent()).toBe("3 comments");
    expect(await notice(page).count()).toBe(0);
    await context.close();
  });

  it("asks nothing while the tab is hidden", async () => {
    const slug = uniqueSlug("hidden");
    await seedMany("e2e-open", slug, 1);
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open", refresh: "1" });
    // Playwright cannot hide a tab: tell the page it is hidden, as the browser would.
    await page.evaluate(() => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    let asked = 0;
    page.on("request", (request) => {
      if (request.url().includes("/api/comments?")) asked += 1;
    });
    await page.waitForTimeout(3000);
    expect(asked).toBe(0);
    await page.evaluate(() => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await page.waitForTimeout(1500);
    expect(asked).toBeGreaterThan(0);
    await context.close();
  });
});
