/**
 * Mail from the reader's side, in Chromium against wrangler dev with a local Email Service
 * binding (Miniflare writes each mail's text to a file and logs the path): the opt-in box,
 * the confirmation mail it causes, and the page its link opens.
 */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  newPage,
  env,
  mailTo,
  openArticle,
  postComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();
const require = createRequire(import.meta.url);
const mainForm = "#parley-comments section > form";

async function notifyBox(page: Page) {
  const form = page.locator(mainForm);
  const box = form.getByRole("checkbox", { name: "Notify me of follow-up comments by email." });
  await box.waitFor();
  return { form, box };
}

describe("mail about follow-up comments", () => {
  it("is offered off by default, and asks which comments once ticked", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("opt-in"), { site: "e2e-mail" });
    const { form, box } = await notifyBox(page);
    await expect.poll(() => box.isChecked()).toBe(false);
    await expect.poll(() => form.getByRole("radio").count()).toBe(0);

    await box.check();
    const replies = form.getByRole("radio", { name: "Replies to my comment" });
    const all = form.getByRole("radio", { name: "All new comments on this page" });
    await expect.poll(() => replies.isChecked()).toBe(true);
    await expect.poll(() => all.isChecked()).toBe(false);
    await all.check();
    await expect.poll(() => replies.isChecked()).toBe(false);
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const { violations } = (await page.evaluate(
      `axe.run({ include: [["#parley-comments"]] }, { resultTypes: ["violations"] })`,
    )) as { violations: { id: string; impact: string }[] };
    expect(
      violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id),
    ).toEqual([]);
    // The address becomes required: mail needs somewhere to go.
    await form.getByRole("textbox", { name: "Comment", exact: true }).fill("No address");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Noa");
    await form.getByRole("button", { name: "Post Comment" }).click();
    await expect
      .poll(() => form.locator(".field-email .error").textContent())
      .toBe("This field is required.");

    await box.uncheck();
    await expect.poll(() => form.getByRole("radio").count()).toBe(0);
    await context.close();
  });

  it("is not offered on a site that sends no mail", async () => {
    const context = await browser.current.newContext();
    const page = await openArticle(context, uniqueSlug("no-mail"), { site: "e2e-open" });
    // The extras chunk (which draws the box) is in once a comment's actions could show.
    await page.waitForFunction(() =>
      [...performance.getEntriesByType("resource")].some((entry) => entry.name.includes("extras")),
    );
    await expect.poll(() => page.locator(mainForm).getByRole("checkbox").count()).toBe(1);
    await context.close();
  });

  it("sends a confirmation mail whose link opens a page, and its button confirms", async () => {
    const context = await browser.current.newContext();
    const slug = uniqueSlug("confirm");
    const page = await openArticle(context, slug, { site: "e2e-mail" });
    const { form, box } = await notifyBox(page);
    await box.check();
    const email = uniqueEmail("follower");
    await postComment(page, "Tell me when someone answers", { name: "Fay", email });
    await form.getByText("Check your email: we sent a link").waitFor();

    const text = await mailTo(email);
    expect(text).toContain("asked for mail about new comments");
    const link = /Confirm: (\S+)/.exec(text)?.[1];
    expect(link).toMatch(new RegExp(`^${env().workerOrigin}/mail/link\\?t=`));

    const confirmation = await newPage(context);
    const response = await confirmation.goto(link!);
    expect(response?.status()).toBe(200);
    await expect
      .poll(() => confirmation.locator("h1").textContent())
      .toMatch(/^Get mail about new comments on e2e-mail \(http:\/\/localhost:\d+\)\?$/);
    // The stylesheet is allowed by its hash: a blocked one would leave the button unstyled.
    const button = confirmation.getByRole("button", { name: "Confirm" });
    await expect
      .poll(() => button.evaluate((node) => getComputedStyle(node).borderRadius))
      .toBe("6px");
    await button.click();
    await confirmation
      .locator("h1", { hasText: "Confirmed: you will get mail about new comments." })
      .waitFor();

    // The way back hands this browser its mail token: the widget keeps it (and takes it
    // out of the address), and its next post that asks for mail is subscribed at once.
    const back = confirmation.getByRole("link", { name: "Back to the page" });
    const href = (await back.getAttribute("href")) ?? "";
    expect(href).toMatch(/#parley-mail=[\w-]{20,}$/);
    // The article as the test host serves it (its stored address names no test site).
    await confirmation.goto(`${articleUrl(slug, { site: "e2e-mail" })}${new URL(href).hash}`);
    await confirmation.locator(mainForm).waitFor();
    await expect.poll(() => confirmation.evaluate(() => location.hash)).toBe("");
    await expect
      .poll(() =>
        confirmation.evaluate(() =>
          Object.keys(localStorage).some((key) => key.startsWith("parley:mail:")),
        ),
      )
      .toBe(true);
    const again = await notifyBox(confirmation);
    await again.box.check();
    await postComment(confirmation, "And tell me about this one too", { name: "Fay", email });
    await again.form
      .getByText("Your comment is awaiting moderation.")
      .or(
        confirmation.locator("#parley-comments article", {
          hasText: "And tell me about this one too",
        }),
      )
      .first()
      .waitFor();
    await expect
      .poll(() => again.form.getByText("Check your email: we sent a link").count())
      .toBe(0);
    await context.close();
  });
});
