/**
 * The page's reactions bar in a real browser: drawn after the thread from the counts the
 * list came with (no request of its own), a click that counts at once and is kept, the
 * reader's own reactions remembered across a reload, and another browser seeing the count.
 */
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  freshSite,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();

describe("the reactions bar", () => {
  it("counts a click at once, keeps it, and remembers the reader's own", async () => {
    const site = await freshSite("reactions", { reactions: ["heart", "clap"] });
    const slug = uniqueSlug("reacted");
    const context = await browser.current.newContext();
    const asked: string[] = [];
    context.on("request", (request) => {
      if (request.url().includes("/api/")) asked.push(`${request.method()} ${request.url()}`);
    });
    const page = await openArticle(context, slug, { site });
    const bar = page.getByRole("group", { name: "Reactions" });
    const love = bar.getByRole("button", { name: /^Love/ });
    await expect.poll(() => love.getAttribute("aria-label")).toBe("Love (0)");
    await expect.poll(() => bar.getByRole("button").count()).toBe(2);
    // The counts came with the list: the bar asked nothing of its own.
    expect(asked.filter((line) => !line.startsWith("GET "))).toEqual([]);
    expect(asked.some((line) => line.includes("/api/reactions"))).toBe(false);

    // The reload below must not cut the reaction's request short: wait for its answer.
    const answered = page.waitForResponse(
      (response) => response.url().includes("/api/reactions") && response.ok(),
    );
    await love.click();
    // Its body read too, and a frame drawn after it: a reload that aborts the body makes the
    // widget take the reaction back (it cannot tell a cut request from a failed one).
    await (await answered).finished();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await expect.poll(() => love.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => love.getAttribute("aria-label")).toBe("Love (1)");
    await expect.poll(() => asked.filter((line) => line.startsWith("POST ")).length).toBe(1);

    await page.reload();
    const again = page
      .getByRole("group", { name: "Reactions" })
      .getByRole("button", { name: /^Love/ });
    await expect.poll(() => again.getAttribute("aria-label")).toBe("Love (1)");
    // The reader's own reaction is remembered in the browser and marked once it is read back.
    await expect.poll(() => again.getAttribute("aria-pressed")).toBe("true");

    // Another browser: another reader, who sees the count but has not reacted.
    const other = await browser.current.newContext();
    const theirs = await openArticle(other, slug, { site });
    const theirLove = theirs.getByRole("group", { name: "Reactions" }).getByRole("button", {
      name: /^Love/,
    });
    await expect.poll(() => theirLove.getAttribute("aria-label")).toBe("Love (1)");
    await expect.poll(() => theirLove.getAttribute("aria-pressed")).toBe("false");

    // Taking it back.
    await again.click();
    await expect.poll(() => again.getAttribute("aria-label")).toBe("Love (0)");
    await expect.poll(() => again.getAttribute("aria-pressed")).toBe("false");
    await context.close();
    await other.close();
  });

  it("keeps a click whose request is cut short by the reader leaving the page", async () => {
    const site = await freshSite("reactions", { reactions: ["heart"] });
    const slug = uniqueSlug("left");
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site });
    const love = () =>
      page.getByRole("group", { name: "Reactions" }).getByRole("button", { name: /^Love/ });
    await expect.poll(() => love().getAttribute("aria-label")).toBe("Love (0)");

    // The server takes the reaction, but its answer never reaches the page: the page is
    // being left (pagehide) when the request fails, as a reload or a link followed does.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>(
      (resolve) =>
        void page.route("**/api/reactions", async (route) => {
          await route.fetch();
          resolve();
          await held;
          await route.abort("aborted");
        }),
    );
    await love().click();
    await reached;
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent("pagehide")));
    const failed = page.waitForEvent("requestfailed", (r) => r.url().includes("/api/reactions"));
    release();
    // The failure reaches the page, which runs what follows it before a frame is drawn; the
    // click is not taken back.
    await failed;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    await expect.poll(() => love().getAttribute("aria-pressed")).toBe("true");
    await page.unroute("**/api/reactions");

    await page.reload();
    await expect.poll(() => love().getAttribute("aria-label")).toBe("Love (1)");
    await expect.poll(() => love().getAttribute("aria-pressed")).toBe("true");
    await context.close();
  });

  it("is not drawn on sites without reactions", async () => {
    const slug = uniqueSlug("plain");
    await seedComment("e2e-open", slug, "A comment to like.", {
      name: "Ann",
      email: uniqueEmail("ann"),
    });
    const context = await browser.current.newContext();
    const page = await openArticle(context, slug, { site: "e2e-open" });
    // The like button is the extras chunk's, as the bar would be: once it is drawn, the bar
    // would be too.
    await page.getByRole("button", { name: "Like (0)" }).waitFor();
    expect(await page.getByRole("group", { name: "Reactions" }).count()).toBe(0);
    await context.close();
  });
});
