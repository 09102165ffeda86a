/**
 * The moderator's desk at /admin, in Chromium against wrangler dev: signing in, working the
 * queue with the mouse and the keyboard, bulk approve, undo, search, sites and their
 * settings, bans, privacy erase, a moderator kept to their own site, the security headers,
 * and the page at 360 px.
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  articleUrl,
  browserForFile,
  env,
  moderate,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  newPage,
  overflowWidth,
  seriousAxeFindings,
} from "./helpers";

const browser = browserForFile();

/** A site of this file's own, holding everything for review. */
async function deskSite(): Promise<string> {
  const id = uniqueSlug("desk").toLowerCase();
  await moderate(`/sites/${id}`, {
    method: "PUT",
    body: {
      name: `Desk ${id}`,
      origins: [env().hostOrigin],
      settings: {
        moderation: "all",
        minSubmitSeconds: 0,
        rateLimitPerMinute: 10000,
        rateLimitPerDay: 100000,
      },
    },
  });
  return id;
}

async function seed(site: string, bodies: string[]) {
  const slug = uniqueSlug("queue");
  const ids: string[] = [];
  for (const body of bodies) {
    const { comment } = await seedComment(site, slug, body, {
      name: "Reader",
      email: uniqueEmail("reader"),
    });
    ids.push(comment.id);
  }
  return { slug, ids };
}

const statusOf = async (site: string, id: string) => {
  const { comments } = await moderate(`/comments?site=${site}&limit=100`);
  return comments.find((c: { id: string }) => c.id === id)?.status;
};

async function signIn(
  context: BrowserContext,
  token = env().moderatorToken,
  width?: number,
): Promise<Page> {
  const page = await newPage(context);
  if (width) await page.setViewportSize({ width, height: 740 });
  await page.goto(`${env().workerOrigin}/admin/`);
  await page.getByLabel("Moderator token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

async function openQueue(context: BrowserContext, site: string, token?: string): Promise<Page> {
  const page = await signIn(context, token);
  await page.getByRole("navigation", { name: "Desk" }).waitFor();
  await page.getByLabel("Site").selectOption(site);
  await page.locator("article.card").first().waitFor();
  return page;
}

describe("the desk", () => {
  let site: string;
  beforeAll(async () => {
    site = await deskSite();
  });

  it("says plainly when a token is wrong, and signing out forgets it", async () => {
    const context = await browser.current.newContext();
    const page = await signIn(context, "not-the-token");
    await page.getByRole("alert").getByText("That token is not valid.").waitFor();
    await expect.poll(() => page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.getByLabel("Moderator token").fill(env().moderatorToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await expect.poll(() => page.url()).not.toContain(env().moderatorToken);
    await expect.poll(() => page.content()).not.toContain(env().moderatorToken);
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Moderator token").waitFor();
    await expect.poll(() => page.evaluate(() => sessionStorage.length)).toBe(0);
    await context.close();
  });

  it("approves and marks spam with the mouse, with counts and an undo", async () => {
    const { ids } = await seed(site, ["mouse one", "mouse two"]);
    const context = await browser.current.newContext();
    const page = await openQueue(context, site);
    const card = (text: string) => page.locator("article.card", { hasText: text });
    await card("mouse one").getByRole("button", { name: "Approve" }).click();
    await card("mouse one").waitFor({ state: "detached" });
    expect(await statusOf(site, ids[0]!)).toBe("approved");
    await page.getByRole("status").getByText("Approved: 1 comment.").waitFor();

    await card("mouse two").getByRole("button", { name: "Spam" }).click();
    await card("mouse two").waitFor({ state: "detached" });
    expect(await statusOf(site, ids[1]!)).toBe("spam");
    await page.getByRole("tab", { name: /Spam/ }).getByText(/\d+/).waitFor();

    await page
      .getByRole("region", { name: "Last action" })
      .getByRole("button", { name: "Undo" })
      .click();
    await card("mouse two").waitFor();
    expect(await statusOf(site, ids[1]!)).toBe("pending");
    await context.close();
  });

  it("works from the keyboard: j/k, a, s, x and shift+a, / and ?", async () => {
    const { ids } = await seed(site, ["key one", "key two", "key three", "key four", "key five"]);
    const context = await browser.current.newContext();
    const page = await openQueue(context, site);
    await page.locator("#search").fill("key");
    await page.keyboard.press("Enter");
    await page.locator("article.card", { hasText: "key one" }).waitFor();
    await page.locator("#search").press("Escape");

    // Newest first: five, four, three, two, one.
    await page.keyboard.press("a");
    await page.locator("article.card", { hasText: "key five" }).waitFor({ state: "detached" });
    await page.keyboard.press("j");
    await page.keyboard.press("s");
    await page.locator("article.card", { hasText: "key three" }).waitFor({ state: "detached" });
    expect(await statusOf(site, ids[4]!)).toBe("approved");
    expect(await statusOf(site, ids[2]!)).toBe("spam");

    await page.keyboard.press("k");
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await page.keyboard.press("Shift+A");
    await page.locator("article.card", { hasText: "key four" }).waitFor({ state: "detached" });
    await page.locator("article.card", { hasText: "key two" }).waitFor({ state: "detached" });
    expect(await statusOf(site, ids[3]!)).toBe("approved");
    expect(await statusOf(site, ids[1]!)).toBe("approved");

    // d deletes, after the browser's own confirmation.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.keyboard.press("d");
    await page.locator("article.card", { hasText: "key one" }).waitFor({ state: "detached" });
    expect(await statusOf(site, ids[0]!)).toBeUndefined();

    await page.keyboard.press("?");
    await page
      .getByRole("region", { name: "Keyboard shortcuts" })
      .getByText("approve the selected")
      .waitFor();
    await page.keyboard.press("/");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("search");
    await context.close();
  });

  it("approves many at once, edits in place, and finds comments by email", async () => {
    const email = uniqueEmail("findable");
    const slug = uniqueSlug("bulk");
    const first = await seedComment(site, slug, "bulk alpha", { name: "Al", email });
    await seedComment(site, slug, "bulk beta", { name: "Be", email: uniqueEmail("be") });
    const context = await browser.current.newContext();
    const page = await openQueue(context, site);
    await page.locator("#search").fill(email);
    await page.keyboard.press("Enter");
    await page.locator("article.card", { hasText: "bulk beta" }).waitFor({ state: "detached" });
    // Found by its author's label: in the editor its text is a textarea's value, not text.
    const labelledBy = await page
      .locator("article.card", { hasText: "bulk alpha" })
      .getAttribute("aria-labelledby");
    const card = page.locator(`article[aria-labelledby="${labelledBy}"]`);
    await card.getByRole("button", { name: "Edit" }).click();
    await card.getByLabel("Comment text (Markdown)").fill("bulk alpha, **edited**");
    await card.getByRole("button", { name: "Save" }).click();
    await card.locator(".body strong", { hasText: "edited" }).waitFor();

    await page.locator("#search").fill("bulk");
    await page.keyboard.press("Enter");
    await page.locator("article.card", { hasText: "bulk beta" }).waitFor();
    for (const text of ["bulk alpha", "bulk beta"]) {
      await page.locator("article.card", { hasText: text }).getByRole("checkbox").check();
    }
    await page.getByRole("button", { name: "Approve selected (2)" }).click();
    await page.getByRole("status").getByText("Approved: 2 comments.").waitFor();
    expect(await statusOf(site, first.comment.id)).toBe("approved");
    await context.close();
  });

  it("pins a comment and replies as a moderator: the widget shows both", async () => {
    const slug = uniqueSlug("pinned");
    await seedComment("e2e-open", slug, "the first comment", {
      name: "Fi",
      email: uniqueEmail("fi"),
    });
    await seedComment("e2e-open", slug, "a later comment", {
      name: "La",
      email: uniqueEmail("la"),
    });
    const context = await browser.current.newContext();
    const page = await signIn(context);
    await page.getByLabel("Site").selectOption("e2e-open");
    await page.getByRole("tab", { name: /Approved/ }).click();
    await page.locator("#search").fill("the first comment");
    await page.keyboard.press("Enter");
    const card = page.locator("article.card", { hasText: "the first comment" });
    await card.getByRole("button", { name: "Reply" }).click();
    await card.getByLabel("Your reply").fill("Thanks, **noted**.");
    await card.getByRole("button", { name: "Send reply" }).click();
    await page.getByRole("status").getByText("Replied as a moderator.").waitFor();

    const article = await newPage(context);
    await article.goto(articleUrl(slug, { site: "e2e-open", sort: "newest" }));
    const thread = article.locator("#parley-comments section > ol > li");
    // Newest first, so the first comment is last...
    await expect.poll(() => thread.first().textContent()).toContain("a later comment");
    const reply = article.locator("#parley-comments article", { hasText: "Thanks, noted." });
    await reply.getByText("Moderator", { exact: true }).waitFor();

    // ...until it is pinned.
    await card.getByRole("button", { name: "Pin" }).click();
    await page.getByRole("status").getByText("Pinned").waitFor();
    await article.reload();
    await thread.first().locator(".badge.pinned").waitFor();
    await expect.poll(() => thread.first().textContent()).toContain("the first comment");
    await context.close();
  });

  it("shows what readers reported, with their reasons, until a decision settles it", async () => {
    const reportable = uniqueSlug("reportable").toLowerCase();
    await moderate(`/sites/${reportable}`, {
      method: "PUT",
      body: {
        name: `Reports ${reportable}`,
        origins: [env().hostOrigin],
        settings: { moderation: "none", minSubmitSeconds: 0, holdAfterReports: 1 },
      },
    });
    const slug = uniqueSlug("report");
    await seedComment(reportable, slug, "totally unrelated advertising", {
      name: "Ad",
      email: uniqueEmail("ad"),
    });
    const context = await browser.current.newContext();
    const article = await openArticle(context, slug, { site: reportable });
    const comment = article.locator("#parley-comments article", { hasText: "advertising" });
    await comment.getByRole("button", { name: "Report" }).click();
    await comment.getByRole("radio", { name: "Off-topic" }).check();
    await comment.getByLabel("Details (optional)").fill("nothing to do with the post");
    await comment.getByRole("button", { name: "Send report" }).click();
    await comment.getByText("Thank you. A moderator will take a look.").waitFor();

    const page = await signIn(context);
    await page.getByLabel("Site").selectOption(reportable);
    await page.getByRole("tab", { name: /Reported/ }).click();
    const card = page.locator("article.card", { hasText: "advertising" });
    await card.waitFor();
    await card.getByText("Reported once: off-topic").waitFor();
    await card.getByText("“nothing to do with the post”").waitFor();
    await card.getByRole("button", { name: "Approve" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByRole("tab", { name: "Reported 0" }).waitFor();
    await context.close();
  });

  it("bans an author from a comment, lists the ban, and lifts it", async () => {
    await seed(site, ["ban me"]);
    const context = await browser.current.newContext();
    const page = await openQueue(context, site);
    const card = page.locator("article.card", { hasText: "ban me" });
    await card.getByRole("button", { name: "Ban…" }).click();
    await card.getByRole("button", { name: "Ban", exact: true }).click();
    await page.getByRole("status").getByText("Banned the author.").waitFor();
    await page.getByRole("button", { name: "Bans" }).click();
    const row = page.locator("tbody tr").first();
    await row.getByText("@example.test").waitFor();
    await row.getByRole("button", { name: "Lift" }).click();
    await page.getByText("No bans.").waitFor();
    await context.close();
  });

  it("creates a site, shows a validation error next to its field, reduces pasted URLs to origins, and then the snippet", async () => {
    const context = await browser.current.newContext();
    const page = await signIn(context);
    await page.getByRole("button", { name: "Sites" }).click();
    await page.getByRole("button", { name: "New site" }).click();
    const id = uniqueSlug("made").toLowerCase();
    await page.getByLabel("Id", { exact: true }).fill(id);
    await page.getByLabel("Name", { exact: true }).fill("Made in the desk");
    await page.getByLabel("Origins").fill("not a url");
    await page.getByLabel("Max links").fill("1000");
    await page.getByRole("button", { name: "Create site" }).click();
    await page.getByRole("alert").getByText("Please correct the fields marked below.").waitFor();
    await expect.poll(() => page.getByLabel("Max links").getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => page.getByLabel("Origins").getAttribute("aria-invalid")).toBe("true");

    // An article's address pasted whole is reduced to its origin, in sight, before saving.
    await page
      .getByLabel("Origins")
      .fill("https://made.example/2026/a-post?ref=x#top\nhttp://localhost:4000/");
    await page.getByLabel("Max links").focus();
    await expect
      .poll(() => page.getByLabel("Origins").inputValue())
      .toBe("https://made.example\nhttp://localhost:4000");
    await page.getByLabel("Max links").fill("3");
    // A list of fixed choices is a checkbox each, kept in the set's order.
    const reactions = page.getByRole("group", { name: "Reactions" });
    await reactions.getByLabel("laugh").check();
    await reactions.getByLabel("heart").check();
    await page.getByRole("button", { name: "Create site" }).click();
    await page.locator("code", { hasText: `embed.js" data-site="${id}"` }).waitFor();
    const site = await moderate(`/sites/${id}`);
    expect(site).toMatchObject({
      name: "Made in the desk",
      origins: expect.arrayContaining(["https://made.example", "http://localhost:4000"]),
    });
    expect(site.settings.maxLinks).toBe(3);
    expect(site.settings.reactions).toEqual(["heart", "laugh"]);
    await context.close();
  });

  it("erases an email only after it is typed again", async () => {
    const email = uniqueEmail("erase");
    await seedComment(site, uniqueSlug("erase"), "to be erased", { name: "Er", email });
    const context = await browser.current.newContext();
    const page = await signIn(context);
    await page.getByRole("button", { name: "Privacy" }).click();
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Look up" }).click();
    // Whether the comment made its author known depends on the site's mode: either count reads.
    await page
      .getByText(
        new RegExp(
          `: 1 comment, 0 bans, known on (0 sites|1 site), verified on 0 sites, 0 mail subscriptions\\.$`,
        ),
      )
      .waitFor();
    const erase = page.getByRole("button", { name: "Erase" });
    await expect.poll(() => erase.isDisabled()).toBe(true);
    await page.getByLabel("Type the address again").fill("someone@else.example");
    await expect.poll(() => erase.isDisabled()).toBe(true);
    await page.getByLabel("Type the address again").fill(email);
    await erase.click();
    await page.getByRole("alert").getByText(`Erased everything of ${email}: 1 comment.`).waitFor();
    const data = await moderate(`/authors?email=${encodeURIComponent(email)}`);
    expect(data.comments).toEqual([]);
    await context.close();
  });

  it("keeps a moderator to their own sites", async () => {
    const other = await deskSite();
    await seed(other, ["theirs"]);
    await seed(site, ["mine"]);
    const { token } = await moderate("/moderators", {
      method: "POST",
      body: { name: "Mia", email: uniqueEmail("mia"), sites: [site] },
    });
    const context = await browser.current.newContext();
    const page = await openQueue(context, site, token);
    await expect
      .poll(() => page.getByLabel("Site").locator("option").allTextContents())
      .toEqual([`Desk ${site}`]);
    await expect.poll(() => page.getByRole("button", { name: "Moderators" }).count()).toBe(0);
    const refused = await page.evaluate(
      async ([other, token]) =>
        (
          await fetch(`/api/mod/comments?site=${other}`, {
            headers: { Authorization: `Bearer ${token}` },
          })
        ).status,
      [other, token],
    );
    expect(refused).toBe(403);
    await context.close();
  });

  it("serves itself with strict headers", async () => {
    for (const path of ["/admin/", "/admin/desk.js", "/admin/desk.css"]) {
      const response = await fetch(`${env().workerOrigin}${path}`);
      expect(response.status, path).toBe(200);
      const csp = response.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
  });

  it("fits 360 px, in light and dark, without serious axe findings", async () => {
    await seed(site, ["small screen"]);
    for (const colorScheme of ["light", "dark"] as const) {
      // The desk's CSP (tested above) would refuse axe's script: this context sets it aside.
      const context = await browser.current.newContext({
        colorScheme,
        viewport: { width: 360, height: 740 },
        bypassCSP: true,
      });
      const page = await openQueue(context, site);
      await expect.poll(() => overflowWidth(page), { message: colorScheme }).toBeLessThanOrEqual(0);
      expect(await seriousAxeFindings(page), colorScheme).toEqual([]);
      await context.close();
    }
  });
});
