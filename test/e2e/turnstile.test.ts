/**
 * Turnstile in the widget: a third-party script, so it must load only on sites that use it
 * and only when a reader starts writing. Cloudflare's script cannot be reached from here;
 * the browser is handed a stand-in for it (the request is answered locally), while the
 * widget, the form and the Worker behind it run for real.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  newPage,
  openArticle,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();
const form = "#parley-comments section > form";

/** Renders a box and hands out Cloudflare's documented dummy token, as the test key does. */
const standIn = `window.turnstile = {
  widgets: [], resets: 0,
  render(container, options) {
    this.widgets.push({ container, options });
    container.textContent = "Verification";
    container.style.cssText = "display:block;width:300px;height:65px;border:1px solid";
    setTimeout(() => options.callback("XXXX.DUMMY.TOKEN.XXXX"), 20);
    return "w" + (this.widgets.length - 1);
  },
  reset(id) {
    this.resets += 1;
    const widget = this.widgets[Number(id.slice(1))];
    setTimeout(() => widget.options.callback("XXXX.DUMMY.TOKEN.XXXX"), 20);
  },
  remove() {},
};`;

async function watchTurnstile(page: Page): Promise<string[]> {
  const loads: string[] = [];
  await page.route("https://challenges.cloudflare.com/**", (route) => {
    loads.push(route.request().url());
    return route.fulfill({ contentType: "text/javascript", body: standIn });
  });
  return loads;
}

describe("Turnstile in the widget", () => {
  it("loads only when a reader first focuses the form, and sends its token with the comment", async () => {
    const context = await browser.current.newContext();
    const page = await newPage(context);
    const loads = await watchTurnstile(page);
    const slug = uniqueSlug("turnstile");
    await page.goto(articleUrl(slug, { site: "e2e-turnstile" }));
    await page.locator(`${form} button[type=submit]`).waitFor();
    // Both chunks in, and nothing more on its way: still no Turnstile.
    await page.waitForLoadState("networkidle");
    expect(loads).toEqual([]);

    await page.locator(form).getByRole("textbox", { name: "Comment", exact: true }).focus();
    await expect.poll(() => loads.length).toBe(1);
    expect(loads[0]).toContain("/turnstile/v0/api.js");
    await page.waitForFunction(() => (window as any).turnstile?.widgets.length === 1);
    const options = await page.evaluate(() => {
      const { sitekey, action } = (window as any).turnstile.widgets[0].options;
      return { sitekey, action };
    });
    expect(options).toEqual({ sitekey: "1x00000000000000000000AA", action: "parley-comment" });
    // The challenge sits in the page, slotted into the form where readers expect it.
    const slotted = page.locator("#parley-comments > [slot^=parley-turnstile]");
    await expect.poll(() => slotted.textContent()).toBe("Verification");
    await expect.poll(() => slotted.isVisible()).toBe(true);

    const sent = page.waitForRequest(
      (request) => request.method() === "POST" && request.url().endsWith("/api/comments"),
    );
    const fields = page.locator(form);
    await fields.getByRole("textbox", { name: "Comment", exact: true }).fill("Verified words");
    await fields.getByRole("textbox", { name: "Name", exact: true }).fill("Ann");
    await fields.getByRole("textbox", { name: "Email", exact: true }).fill(uniqueEmail("ann"));
    await fields.getByRole("button", { name: "Post Comment" }).click();
    expect(JSON.parse((await sent).postData() ?? "{}")).toMatchObject({
      body: "Verified words",
      turnstileToken: "XXXX.DUMMY.TOKEN.XXXX",
    });
    // The Worker cannot reach siteverify from this machine, so it refuses (failing closed);
    // the reader is asked to verify again, next to the challenge, which starts over.
    const alert = page.locator(`${form} .verify [role=alert]`);
    await expect
      .poll(() => alert.textContent())
      .toBe("Please complete the verification, then send your comment again.");
    // The reset runs in an effect after that render: wait for it rather than race it.
    await expect.poll(() => page.evaluate(() => (window as any).turnstile.resets)).toBe(1);
    expect(loads).toHaveLength(1);
    await context.close();
  });

  it("never loads on a site without a Turnstile key", async () => {
    const context = await browser.current.newContext();
    // Turnstile could only start on focus, so watching from here on misses nothing.
    const page = await openArticle(context, uniqueSlug("plain"), { site: "e2e-open" });
    const loads = await watchTurnstile(page);
    // Turnstile is the extras chunk's: it is in before the focus.
    await page.waitForFunction(() =>
      performance.getEntriesByType("resource").some((entry) => entry.name.includes("/extras-")),
    );
    const sendCode = page.waitForResponse((response) => response.url().includes("/assets/send-"));
    await page.locator(form).getByRole("textbox", { name: "Comment", exact: true }).focus();
    // The focus reached the form (it fetched the code for sending, as on any first focus),
    // and Turnstile would have been asked for in the same moment.
    await sendCode;
    expect(loads).toEqual([]);
    await expect.poll(() => page.locator(`${form} .verify`).count()).toBe(0);
    await context.close();
  });
});
