/**
 * The desk's Import screen in Chromium against wrangler dev: a WordPress export dropped on
 * it and a Remark42 backup (.gz, as Remark42 writes it) chosen, their dry runs, the import
 * with its progress, the comments in the queue, a second import that adds nothing, a broken
 * file that names its record and field and writes nothing, the exports, sql.js's
 * WebAssembly under the desk's CSP, and axe at 360 px.
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { BrowserContext, Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserForFile,
  env,
  moderate,
  newPage,
  overflowWidth,
  seriousAxeFindings,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();
const root = path.resolve(import.meta.dirname, "../..");
const fixture = (name: string) => path.join(root, "test/fixtures/import", name);

async function ownSite(): Promise<string> {
  const site = uniqueSlug("desk-import").toLowerCase();
  await moderate(`/sites/${site}`, {
    method: "PUT",
    body: { name: `Import ${site}`, origins: [env().hostOrigin] },
  });
  return site;
}

async function exportedComments(site: string): Promise<number> {
  const data = (await moderate(`/export?site=${site}`)) as { threads: { comments: unknown[] }[] };
  return data.threads.reduce((sum, thread) => sum + thread.comments.length, 0);
}

/** Signs in as the owner and opens the Import screen of `site`. */
async function openImport(context: BrowserContext, site: string): Promise<Page> {
  const page = await newPage(context);
  await page.goto(`${env().workerOrigin}/admin/`);
  await page.getByLabel("Moderator token").fill(env().moderatorToken);
  await page.getByRole("button", { name: "Sign in" }).click();
  await showImport(page, site);
  return page;
}

async function showImport(page: Page, site: string) {
  await page
    .getByRole("navigation", { name: "Desk" })
    .getByRole("button", { name: "Import" })
    .click();
  await page.getByLabel("Site").selectOption(site);
  await page.getByLabel("Export file").waitFor();
}

/** A Parley export of `threads` threads of `each` comments, ids of this run's own. */
function parleyExport(threads: number, each: number): Uint8Array {
  const run = uniqueSlug("bulk").replace(/[^A-Za-z0-9]/g, "");
  const file = {
    format: "parley",
    version: 1,
    threads: Array.from({ length: threads }, (_, t) => ({
      key: `/articles/${run}-${t}`,
      url: `${env().hostOrigin}/articles/${run}-${t}`,
      title: `Bulk ${t}`,
      comments: Array.from({ length: each }, (_, i) => ({
        id: `c_${run.slice(-20)}x${t}x${i}`,
        parentId: null,
        status: "approved",
        author: { name: `Reader ${i}`, email: null, website: null },
        body: `Comment ${i} on thread ${t}`,
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
      })),
    })),
  };
  return new TextEncoder().encode(JSON.stringify(file));
}

/** Drops a file on the zone, as a drag from the file manager does. */
async function dropFile(page: Page, name: string, bytes: Uint8Array) {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, base64]) => {
      const data = Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], fileName!));
      return transfer;
    },
    [name, Buffer.from(bytes).toString("base64")],
  );
  await page.locator(".drop").dispatchEvent("drop", { dataTransfer });
}

const summary = (page: Page, text: string) =>
  page.locator(".dry-run .summary", { hasText: text }).waitFor();

const finished = (page: Page, text: string) =>
  page.locator(".import-run .ok", { hasText: text }).waitFor();

describe("the desk's import", () => {
  it("imports a dropped WordPress export after its dry run, once", async () => {
    const site = await ownSite();
    const context = await browser.current.newContext();
    const page = await openImport(context, site);
    await dropFile(page, "export.xml", await readFile(fixture("wordpress-theme-unit-test.xml")));

    await summary(page, "Read as WordPress (WXR): 7 threads, 29 comments to import; 4 left out.");
    const report = page.getByLabel("The dry run's report");
    await report.getByText("/2012/01/03/template-comments/  20 (19 approved, 1 pending)").waitFor();
    await report.getByText("4 pingback or trackback").waitFor();
    expect(await exportedComments(site)).toBe(0);

    // An option changes the dry run at once: pingbacks in, nothing left out.
    await page.getByLabel("Import pingbacks and trackbacks (WordPress)").check();
    await summary(page, "7 threads, 33 comments to import; 0 left out.");
    await page.getByLabel("Import pingbacks and trackbacks (WordPress)").uncheck();
    await summary(page, "7 threads, 29 comments to import; 4 left out.");

    await page.getByRole("button", { name: "Import 29 comments" }).click();
    await finished(page, "Imported: 29 comments added in 7 new threads; 4 skipped; 0 were");
    await expect.poll(() => page.locator("#import-progress").getAttribute("value")).toBe("29");
    await page.getByRole("status").getByText("Imported: 29 comments added").waitFor();
    expect(await exportedComments(site)).toBe(29);

    await page.getByRole("button", { name: "Import again" }).click();
    await finished(page, "Imported: 0 comments added in 0 new threads; 4 skipped; 29 were");
    expect(await exportedComments(site)).toBe(29);

    // The held ones wait in the queue like any other.
    await page
      .getByRole("navigation", { name: "Desk" })
      .getByRole("button", { name: "Queue" })
      .click();
    await page.locator("article.card", { hasText: "chinese eggrolls" }).waitFor();
    await expect.poll(() => page.locator("article.card").count()).toBe(3);
    await context.close();
  });

  it("imports a chosen Remark42 backup, gzip as it comes, and nothing doubles", async () => {
    const site = await ownSite();
    const context = await browser.current.newContext();
    const page = await openImport(context, site);
    await page.getByLabel("Export file").setInputFiles(fixture("remark42-native-backup.gz"));

    await summary(
      page,
      "Read as Remark42 (backup .gz): 1 threads, 1 comments to import; 1 left out.",
    );
    await page
      .getByLabel("The dry run's report")
      .getByText("its parent is missing, was skipped, or sits in a cycle")
      .waitFor();
    await page.getByRole("button", { name: "Import 1 comments" }).click();
    await finished(page, "Imported: 1 comments added in 1 new threads; 1 skipped; 0 were");

    await page.getByRole("button", { name: "Import again" }).click();
    await finished(page, "Imported: 0 comments added in 0 new threads; 1 skipped; 1 were");
    expect(await exportedComments(site)).toBe(1);

    await page
      .getByRole("navigation", { name: "Desk" })
      .getByRole("button", { name: "Queue" })
      .click();
    await page.getByRole("tab", { name: /Approved/ }).click();
    await page.locator("article.card", { hasText: "some text, link" }).waitFor();
    await expect.poll(() => page.locator("article.card").count()).toBe(1);
    await context.close();
  });

  it("cancels mid-import and, after a reload, continues where it stopped", async () => {
    const site = await ownSite();
    const file = parleyExport(3, 400); // two chunks: 800 comments, then 400
    const context = await browser.current.newContext();
    const page = await openImport(context, site);
    // The first chunk goes through; the second is held until the import is cancelled.
    const held: Route[] = [];
    let posted = 0;
    await page.route(/\/api\/mod\/import\?/, async (route) => {
      posted += 1;
      if (posted === 1) await route.continue();
      else held.push(route);
    });
    await dropFile(page, "parley.json", file);
    await summary(
      page,
      "Read as Parley (JSON export): 3 threads, 1200 comments to import; 0 left out.",
    );
    await page.getByRole("button", { name: "Import 1200 comments" }).click();
    await page.getByText("800 of 1200 comments, chunk 1 of 2").waitFor();
    await expect.poll(() => held.length).toBe(1);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page
      .getByRole("alert")
      .getByText(/^Cancelled after 1 of 2 chunks\./)
      .waitFor();
    await held[0]!.abort().catch(() => undefined);
    await page.unrouteAll({ behavior: "ignoreErrors" });
    expect(await exportedComments(site)).toBe(800);

    await page.reload();
    await showImport(page, site);
    await dropFile(page, "parley.json", file);
    await page.getByRole("button", { name: "Continue the import (1 of 2 chunks done)" }).click();
    await finished(page, "Imported: 1200 comments added in 3 new threads; 0 skipped; 0 were");
    expect(await exportedComments(site)).toBe(1200);
    await context.close();
  });

  it("names the record and field of a broken file, and writes nothing", async () => {
    const site = await ownSite();
    const lines = (await readFile(fixture("remark42-native-backup.jsonl"), "utf8")).split("\n");
    // The second comment's page, which must be an object, made a string.
    lines[2] = lines[2]!.replace(/"locator":\{[^}]*\}/, '"locator":"https://radio-t.com/2"');
    const broken = gzipSync(lines.join("\n"));
    const context = await browser.current.newContext();
    const page = await openImport(context, site);
    await dropFile(page, "backup-radio-t.gz", broken);

    await page
      .getByRole("alert")
      .getByText(/^Comment 2: field locator: /)
      .waitFor();
    await expect.poll(() => page.locator(".dry-run").count()).toBe(0);
    await expect.poll(() => page.locator(".import-run").count()).toBe(0);
    expect(await exportedComments(site)).toBe(0);
    await context.close();
  });

  it("downloads the site as Parley JSON and as WordPress WXR", async () => {
    const site = await ownSite();
    const context = await browser.current.newContext();
    const page = await openImport(context, site);
    for (const [button, extension] of [
      ["Download Parley JSON", "json"],
      ["Download WordPress WXR", "xml"],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: button }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        new RegExp(`^parley-${site}-.*\\.${extension}$`),
      );
      const saved = await readFile((await download.path())!, "utf8");
      expect(saved).toContain(extension === "json" ? '"format":"parley"' : "<rss");
    }
    await context.close();
  });

  it("compiles sql.js's WebAssembly under the desk's own CSP", async () => {
    const wasm = readdirSync(path.join(root, "dist/public/assets")).find((file) =>
      /^sql-wasm-\w+\.wasm$/.test(file),
    );
    expect(wasm).toBeDefined();
    const response = await fetch(`${env().workerOrigin}/assets/${wasm}`);
    expect(response.headers.get("Content-Type")).toBe("application/wasm");
    const context = await browser.current.newContext();
    const page = await openImport(context, await ownSite());
    const compiled = await page.evaluate(async (url) => {
      const module = await WebAssembly.compileStreaming(fetch(url));
      return WebAssembly.Module.exports(module).length > 0;
    }, `/assets/${wasm}`);
    expect(compiled).toBe(true);
    await context.close();
  });

  it("fits 360 px with a dry run shown, in light and dark, without serious axe findings", async () => {
    const site = await ownSite();
    for (const colorScheme of ["light", "dark"] as const) {
      // The desk's CSP would refuse axe's script: this context sets it aside.
      const context = await browser.current.newContext({
        colorScheme,
        viewport: { width: 360, height: 740 },
        bypassCSP: true,
      });
      const page = await openImport(context, site);
      await page.getByLabel("Export file").setInputFiles(fixture("wordpress-theme-unit-test.xml"));
      await summary(page, "29 comments to import");
      await expect.poll(() => overflowWidth(page), { message: colorScheme }).toBeLessThanOrEqual(0);
      expect(await seriousAxeFindings(page), colorScheme).toEqual([]);
      await context.close();
    }
  });
});
