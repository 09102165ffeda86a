/**
 * Single sign-on (issue 27) in Chromium against wrangler dev: a test host page renders the
 * payload the docs' Node helper (docs/recipes/parley-sso.ts) signs, as a site's server would;
 * the widget says "Signed in as …" with no name or email fields and posts as that user; the
 * same page rendered without it (logged out on the site) logs the widget out; a login URL
 * makes "Sign in to comment", the only thing shown where anonymous comments are off.
 */
import { describe, expect, it } from "vitest";
import { signParleyUser } from "../../docs/recipes/parley-sso";
import { articleUrl, browserForFile, freshSite, newPage, openArticle, uniqueSlug } from "./helpers";

const browser = browserForFile();
const mainForm = "#parley-comments section > form";
const secret = "e2e-sso-secret-0123456789abcdef-0123";
const loginUrl = "https://accounts.example/login?next=/articles";

describe("a signed-in user of the site", () => {
  it("comments as themselves with no name or email to type, and is logged out with the site", async () => {
    const site = await freshSite("sso", { ssoSecret: secret, ssoLoginUrl: loginUrl });
    const grace = {
      id: uniqueSlug("grace"),
      name: "Grace Hopper",
      email: "grace@navy.example",
      profileUrl: "https://accounts.example/users/grace",
    };
    const sso = await signParleyUser(grace, site, secret);
    const context = await browser.current.newContext();
    const slug = uniqueSlug("sso");
    const page = await openArticle(context, slug, { site, sso });
    const form = page.locator(mainForm);
    await form.getByText("Signed in as Grace Hopper").waitFor();
    await expect
      .poll(() => form.getByRole("textbox", { name: "Name", exact: true }).count())
      .toBe(0);
    expect(await form.getByRole("textbox", { name: "Email", exact: true }).count()).toBe(0);
    expect(await form.getByRole("link", { name: "Sign in to comment" }).count()).toBe(0);

    await form
      .getByRole("textbox", { name: "Comment", exact: true })
      .fill("Written while signed in");
    await form.getByRole("button", { name: "Post Comment" }).click();
    const posted = page.locator("#parley-comments article", {
      hasText: "Written while signed in",
    });
    const author = posted.getByRole("link", { name: "Grace Hopper" });
    await author.waitFor();
    expect(await author.getAttribute("href")).toBe(grace.profileUrl);
    // Nothing of the payload is kept: no cookie, nothing in storage.
    expect(await context.cookies()).toEqual([]);
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toContain(sso.split(".")[1]!);
    expect(stored).not.toContain("grace@navy.example");

    // Logged out on the site: the page comes without data-sso, and so does the widget.
    const out = await openArticle(context, slug, { site });
    const outForm = out.locator(mainForm);
    await outForm.getByRole("textbox", { name: "Name", exact: true }).waitFor();
    const signIn = outForm.getByRole("link", { name: "Sign in to comment" });
    expect(await signIn.getAttribute("href")).toBe(loginUrl);
    expect(await outForm.getByText(/Signed in as/).count()).toBe(0);
    // The comment stays, under the user's name.
    await out.locator("#parley-comments article", { hasText: "Written while signed in" }).waitFor();
    await context.close();
  });

  it('offers only "Sign in to comment" where anonymous comments are off', async () => {
    const site = await freshSite("sso-only", {
      ssoSecret: secret,
      ssoLoginUrl: loginUrl,
      anonymousComments: false,
    });
    const context = await browser.current.newContext();
    const slug = uniqueSlug("sso-only");
    const page = await newPage(context);
    await page.goto(articleUrl(slug, { site }));
    const signIn = page
      .locator("#parley-comments")
      .getByRole("link", { name: "Sign in to comment" });
    await signIn.waitFor();
    expect(await signIn.getAttribute("href")).toBe(loginUrl);
    expect(await page.locator("#parley-comments form").count()).toBe(0);

    const sso = await signParleyUser({ id: "u-1", name: "Linus" }, site, secret);
    const signedIn = await openArticle(context, slug, { site, sso });
    await signedIn.locator(mainForm).getByText("Signed in as Linus").waitFor();
    await context.close();
  });
});
