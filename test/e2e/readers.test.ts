/**
 * Readers who are known (issue 27), in Chromium against wrangler dev: verifying an email
 * through the mail Miniflare writes, the browser keeping its reader token (never a cookie),
 * the verified mark, and "my comments" from its magic link, down to erasing them.
 */
import { describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  env,
  mailTo,
  newPage,
  openArticle,
  postComment,
  uniqueEmail,
  uniqueSlug,
} from "./helpers";

const browser = browserForFile();
const mainForm = "#parley-comments section > form";
const site = "e2e-mail";

describe("a reader who verifies their email", () => {
  it("verifies this browser by the mailed link, posts verified, and erases it all from my comments", async () => {
    const context = await browser.current.newContext();
    const slug = uniqueSlug("verified");
    const page = await openArticle(context, slug, { site });
    const form = page.locator(mainForm);
    const email = uniqueEmail("verified");
    await form.getByRole("textbox", { name: "Email", exact: true }).fill(email);
    await form.getByRole("button", { name: "Verify my email" }).click();
    await form.getByText("Check your email: we sent a link that verifies this browser.").waitFor();

    const verifyMail = await mailTo(email, "Verify my email: ");
    const link = /Verify my email: (\S+)/.exec(verifyMail)?.[1];
    expect(link).toMatch(new RegExp(`^${env().workerOrigin}/mail/link\\?t=`));
    const linkPage = await newPage(context);
    await linkPage.goto(link!);
    await linkPage.getByRole("button", { name: "Verify my email" }).click();
    await linkPage.locator("h1", { hasText: "Your email is verified in this browser." }).waitFor();
    const back = linkPage.getByRole("link", { name: "Back to the page" });
    const hash = new URL((await back.getAttribute("href")) ?? "").hash;
    expect(hash).toMatch(/^#parley-reader=[\w.-]+$/);

    // Back on the article: the widget keeps the token, takes it out of the address, says so.
    await linkPage.goto(`${articleUrl(slug, { site })}${hash}`);
    const again = linkPage.locator(mainForm);
    await again.getByText("Your email is verified in this browser.").waitFor();
    await expect.poll(() => linkPage.evaluate(() => location.hash)).toBe("");
    await expect
      .poll(() =>
        linkPage.evaluate(() =>
          Object.keys(localStorage).filter((k) => k.startsWith("parley:reader:")),
        ),
      )
      .toEqual([`parley:reader:${site}`]);
    expect(await context.cookies()).toEqual([]);

    await postComment(linkPage, "Written from a verified browser", { name: "Vera", email });
    const mine = linkPage.locator("#parley-comments article", {
      hasText: "Written from a verified browser",
    });
    await mine.locator(".badge.verified", { hasText: "Verified" }).waitFor();

    // "My comments": its own mail and link, which opens the page of everything, then erases it.
    await again.getByRole("button", { name: "My comments" }).click();
    await again
      .getByText("Check your email: we sent a link to everything you wrote here.")
      .waitFor();
    const mineMail = await mailTo(email, "Show my comments: ");
    const mineLink = /Show my comments: (\S+)/.exec(mineMail)?.[1];
    const myPage = await newPage(context);
    await myPage.goto(mineLink!);
    await myPage.getByRole("button", { name: "Show my comments" }).click();
    await myPage.locator("blockquote", { hasText: "Written from a verified browser" }).waitFor();
    await myPage.getByRole("button", { name: "Erase my comments and data" }).click();
    await myPage.getByRole("button", { name: "Erase for good" }).click();
    await myPage.locator("h1", { hasText: "Erased: 1 comments" }).waitFor();

    // The token went with the rest: the widget finds it refused and forgets it.
    await linkPage.reload();
    await linkPage.locator(mainForm).getByRole("button", { name: "Verify my email" }).waitFor();
    await expect
      .poll(() =>
        linkPage.evaluate(() =>
          Object.keys(localStorage).some((k) => k.startsWith("parley:reader:")),
        ),
      )
      .toBe(false);
    await context.close();
  });
});
