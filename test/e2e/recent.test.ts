/**
 * recent.js in a sidebar: a site's newest comments as plain lists in the host page (its
 * own styles, no shadow root), with links to each comment, accessible names, hostile text
 * shown as text, and on request the most commented pages.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hostile } from "../fixtures/hostile-text";
import {
  browserForFile,
  env,
  freshSite,
  newPage,
  seedComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();

/** A page with a sidebar holding recent.js, written where the host origin serves it. */
async function sidebarPage(site: string, attributes: string, lang = "en"): Promise<string> {
  const { workerOrigin, hostOrigin, pagesDir } = env();
  const name = uniqueSlug("sidebar");
  await writeFile(
    path.join(pagesDir, `${name}.html`),
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Blog</title>
<style>aside a { color: rgb(160, 82, 45); } .parley-recent-excerpt { font-style: italic; }</style>
</head><body><main><h1>Blog</h1></main>
<aside><h2>Recent comments</h2><div id="parley-recent"></div></aside>
<script src="${workerOrigin}/recent.js" data-site="${site}"${attributes} async></script>
</body></html>`,
  );
  return `${hostOrigin}/pages/${name}.html`;
}

describe("recent.js in a sidebar", () => {
  it("lists the newest comments with links to them, as text, in the host page's styles", async () => {
    const site = await freshSite("recent");
    const [older, newer] = [uniqueSlug("older"), uniqueSlug("newer")];
    await seedComment(site, older, "An older comment.", { name: "Bo", email: uniqueEmail("bo") });
    const { comment } = await seedComment(site, newer, `**Bold** words ${hostile}`, {
      name: hostile,
      email: uniqueEmail("ann"),
    });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const asked: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/")) asked.push(request.url());
    });
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(await sidebarPage(site, ' data-limit="2"'));

    const list = page.getByRole("list", { name: "Recent comments" });
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    const first = list.getByRole("listitem").first();
    const link = first.getByRole("link", { name: newer });
    expect(await link.getAttribute("href")).toBe(
      `${env().hostOrigin}/articles/${newer}#comment-${comment.id}`,
    );
    expect(await first.textContent()).toContain(`${hostile} on ${newer}`);
    expect(await first.locator(".parley-recent-excerpt").textContent()).toBe(
      `Bold words ${hostile}`,
    );
    expect(await first.locator("time").getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Nothing of the hostile text became markup, and the host page's own rules apply.
    expect(await page.locator("aside script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe("rgb(160, 82, 45)");
    expect(
      await first.locator(".parley-recent-excerpt").evaluate((p) => getComputedStyle(p).fontStyle),
    ).toBe("italic");
    expect(await page.locator("#parley-recent").evaluate((div) => div.shadowRoot)).toBeNull();
    expect(asked).toEqual([`${env().workerOrigin}/api/recent?site=${site}&limit=2`]);
    await context.close();
  });

  it("adds the most commented pages with their counts, in the page's language", async () => {
    const site = await freshSite("recent");
    const [busy, quiet] = [uniqueSlug("busy"), uniqueSlug("quiet")];
    for (let n = 0; n < 3; n++) {
      await seedComment(site, busy, `Comment ${n}.`, { name: `R${n}`, email: uniqueEmail("r") });
    }
    await seedComment(site, quiet, "Only one.", { name: "Q", email: uniqueEmail("q") });
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(await sidebarPage(site, ' data-pages="1" data-excerpt="0"', "de"));

    const pages = page.getByRole("list", { name: "Meistkommentiert" });
    await expect.poll(() => pages.getByRole("listitem").count()).toBe(2);
    expect(await pages.getByRole("listitem").allTextContents()).toEqual([
      `${busy} (3)`,
      `${quiet} (1)`,
    ]);
    const comments = page.getByRole("list", { name: "Neueste Kommentare" });
    expect(await comments.getByRole("listitem").count()).toBe(4);
    expect(await comments.locator(".parley-recent-excerpt").count()).toBe(0);
    await context.close();
  });
});
