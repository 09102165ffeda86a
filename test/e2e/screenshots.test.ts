/**
 * The README's pictures, taken by the browser suite so they show what the code draws today:
 * the widget under an article (1280 px, light; 390 px, dark) and the desk's queue. Each
 * run writes them to test-results/screenshots/; `npm run screenshots` writes them to
 * docs/images/ for the README.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  env,
  newPage,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  widgetRoot,
} from "./helpers";

const browser = browserForFile();
const folder = process.env.PARLEY_SCREENSHOTS ?? "test-results/screenshots";

/** Saves an element's picture and returns its size, read from the PNG's header. */
async function picture(target: Locator, name: string) {
  const png = await target.screenshot({ animations: "disabled" });
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, `${name}.png`), png);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** A short, friendly thread: two comments and a reply, as on a real blog. */
async function seedConversation(site: string): Promise<string> {
  const slug = uniqueSlug("screens");
  const first = await seedComment(
    site,
    slug,
    "Thanks for writing this up. The part about **caching at the edge** finally made it click for me.",
    { name: "Ana Lima", email: uniqueEmail("ana"), website: "https://ana.example" },
  );
  await seedComment(
    site,
    slug,
    "Glad it helped! The [follow-up post](https://blog.example/next) goes into invalidation.",
    { name: "Sam (author)", email: uniqueEmail("sam") },
    first.comment.id,
  );
  await seedComment(site, slug, "Does this work with `stale-while-revalidate` too?", {
    name: "Jo",
    email: uniqueEmail("jo"),
  });
  return slug;
}

describe("screenshots for the README", () => {
  it("shows the widget on a light page at 1280 px and a dark one at 390 px", async () => {
    const slug = await seedConversation("e2e-open");
    for (const [name, width, colors] of [
      ["widget-light-1280", 1280, ""],
      ["widget-dark-390", 390, "dark"],
    ] as const) {
      const context = await browser.current.newContext({ viewport: { width, height: 900 } });
      const page = await openArticle(context, slug, {
        site: "e2e-open",
        ...(colors ? { colors } : {}),
      });
      const thread = page.locator(widgetRoot);
      await thread.getByText("Does this work with").waitFor();
      const size = await picture(thread, name);
      // The element as laid out in that viewport, not an empty box.
      expect(size.width).toBeLessThanOrEqual(width);
      expect(size.width).toBeGreaterThan(width / 3);
      expect(size.height).toBeGreaterThan(300);
      await context.close();
    }
  });

  it("shows the desk's queue with comments waiting", async () => {
    const slug = uniqueSlug("queue");
    await seedComment("e2e-held", slug, "First time here. Is there an RSS feed for comments?", {
      name: "Riya",
      email: uniqueEmail("riya"),
    });
    const context = await browser.current.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    await page.goto(`${env().workerOrigin}/admin/`);
    await page.getByLabel("Moderator token").fill(env().moderatorToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Desk" }).waitFor();
    await page.getByLabel("Site").selectOption("e2e-held");
    await page.getByText("Is there an RSS feed for comments?").first().waitFor();
    const size = await picture(page.locator("body"), "desk-queue-1280");
    expect(size.width).toBe(1280);
    await context.close();
  });
});
