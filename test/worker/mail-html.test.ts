/**
 * The mail bodies (mail/compose.ts) and the pages behind mail links (mail/page.ts) as
 * functions of their inputs: byte for byte the HTML they wrote before their templates
 * escaped by default (test/fixtures/golden-html.ts) for ordinary inputs, everything a reader or a site owner
 * wrote escaped in the HTML, between tags and in attributes, and left as it is in the text
 * part. Through HTTP: html-escaping.test.ts and mail.test.ts.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deriveKeys } from "../../worker/domain/keys";
import type { Site } from "../../worker/domain/site";
import {
  composeConfirm,
  composeHeld,
  composeReplies,
  composeSpamReport,
  type ComposeContext,
  type Composed,
} from "../../worker/mail/compose";
import { linkPage, type PageContent } from "../../worker/mail/page";
import { mailStrings } from "../../worker/mail/strings";
import { siteSettingsSchema } from "../../worker/schemas/settings";
import type { MailComment } from "../../worker/storage/mail-context";
import { goldenMail, goldenPage } from "../fixtures/golden-html";
import { escaped, hostile } from "../fixtures/hostile-text";

function site(name = "Blog"): Site {
  return {
    id: "blog",
    name,
    origins: ["https://blog.example"],
    settings: siteSettingsSchema.parse({ mailFrom: "comments@blog.example" }),
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

async function context(fields: Partial<ComposeContext> = {}): Promise<ComposeContext> {
  return {
    keys: await deriveKeys(env.SECRET_KEY!),
    site: site(),
    base: "https://comments.example",
    recipientHash: "recipient",
    now: new Date("2026-12-02T16:30:00.000Z"),
    s: await mailStrings(env.ASSETS, "en"),
    ...fields,
  };
}

function comment(fields: Partial<MailComment> = {}): MailComment {
  return {
    id: "c1",
    siteId: "blog",
    threadId: 7,
    status: "pending",
    deleted: false,
    authorName: "Ann",
    body: "Hello *there*\nand & more",
    html: "<p>Hello <em>there</em><br>and &amp; more</p>",
    reasons: ["moderation-all"],
    createdAt: "2026-12-02T16:00:00.000Z",
    pageUrl: "https://blog.example/post/",
    pageTitle: "A post",
    parentEmailHash: null,
    ...fields,
  };
}

/** A mail with its signed tokens (new nonces each time) left out. */
const settled = (mail: Composed) =>
  JSON.parse(JSON.stringify(mail).replace(/t=[\w-]+\.[\w-]+/g, "t=TOKEN")) as Composed;

const thread = { id: 7, siteId: "blog", url: "https://blog.example/post/", title: "A post" };

describe("the mail bodies", () => {
  it("are the same as they always were for ordinary comments", async () => {
    const c = await context();
    const two = [comment(), comment({ id: "c2", authorName: "", reasons: [], pageUrl: null })];
    expect(settled(await composeHeld(c, [comment()]))).toEqual(goldenMail.held);
    expect(settled(await composeHeld(c, two))).toEqual(goldenMail.heldDigest);
    expect(settled(await composeReplies(c, two, 7))).toEqual(goldenMail.replies);
    expect(settled(await composeConfirm(c, thread))).toEqual(goldenMail.confirm);
    const spam = { count: 3, comments: two };
    expect(settled(await composeSpamReport(c, spam))).toEqual(goldenMail.spam);
  });

  it("escape the author's name, the page's title and address and the site's name in HTML only", async () => {
    const c = await context({ site: site(hostile) });
    const about = comment({
      authorName: hostile,
      pageTitle: hostile,
      pageUrl: `https://blog.example/?q=${hostile}`,
      body: hostile,
      html: `<p>${escaped}</p>`,
      reasons: [hostile],
    });
    const mails = {
      held: await composeHeld(c, [about]),
      replies: await composeReplies(c, [about], 7),
      confirm: await composeConfirm(c, { ...thread, title: hostile }),
      spam: await composeSpamReport(c, { count: 1, comments: [about] }),
    };
    for (const [name, mail] of Object.entries(mails)) {
      expect(mail.html, name).not.toContain(hostile);
      expect(mail.html, name).toContain(escaped);
    }
    // "{author} on “{page}”:" and the reasons, between tags.
    expect(mails.held.html).toContain(`<p><strong>${escaped} on “${escaped}”:</strong></p>`);
    expect(mails.held.html).toContain(`<p>Held because: ${escaped}</p>`);
    // The page's address, in an href.
    expect(mails.replies.html).toContain(
      `<a href="https://blog.example/?q=${escaped}#comment-c1">Read it on the page</a>`,
    );
    // The site's name, in the footer and in a link's label.
    expect(mails.replies.html).toContain(
      `<p>You asked for mail about new comments on ${escaped}.</p>`,
    );
    expect(mails.replies.html).toContain(`">No more mail from ${escaped}</a>`);
    expect(mails.confirm.html).toContain(`new comments on ${escaped} (https://blog.example)`);
    // The text part stays text: what was typed, as typed.
    expect(mails.held.text).toContain(`${hostile} on “${hostile}”:\n> ${hostile}`);
    expect(mails.replies.text).toContain(`https://blog.example/?q=${hostile}#comment-c1`);
    expect(mails.confirm.subject).toBe(`Confirm mail about comments on ${hostile}`);
  });

  it("escape their links' addresses in the href, and keep them whole in the text", async () => {
    const base = `https://comments.example/x?a='1'&b="2"`;
    const c = await context({ base });
    const held = await composeHeld(c, [comment()]);
    expect(held.html).toMatch(
      /<a href="https:\/\/comments\.example\/x\?a=&#39;1&#39;&amp;b=&quot;2&quot;\/mail\/link\?t=[\w.-]+">Approve<\/a>/,
    );
    expect(held.text).toContain(`Approve: ${base}/mail/link?t=`);
    const replies = await composeReplies(c, [comment()], 7);
    expect(replies.html).toContain(
      `<a href="https://comments.example/x?a=&#39;1&#39;&amp;b=&quot;2&quot;/mail/link?t=`,
    );
    expect(replies.headers["List-Unsubscribe"]).toMatch(
      /^<https:\/\/comments\.example\/x\?a='1'&b="2"\/mail\/link\?t=/,
    );
  });
});

async function page(content: PageContent, status = 200): Promise<string> {
  return (await linkPage(content, status)).text();
}

const quote = { comment: comment(), wrote: "Ann on “A post”:" };

describe("the pages behind mail links", () => {
  it("are the same as they always were for ordinary content", async () => {
    expect(await page({ language: "en", heading: "This link is not valid." })).toBe(
      goldenPage.invalid,
    );
    const review: PageContent = {
      language: "en",
      heading: "A comment awaits review on Blog",
      quote,
      buttons: [
        { label: "Approve", act: "approve", quiet: false },
        { label: "Spam", act: "spam", quiet: true },
        { label: "Reject", act: "reject", quiet: true },
      ],
    };
    expect(await page(review)).toBe(goldenPage.review);
    const ask = {
      language: "de",
      heading: "Approve this comment?",
      quote,
      buttons: [{ label: "Approve" }],
    };
    expect(await page(ask)).toBe(goldenPage.ask);
    const done = {
      language: "en",
      heading: "The comment is approved.",
      link: { label: "Back to the page", href: "https://blog.example/post/" },
    };
    expect(await page(done)).toBe(goldenPage.done);
    const failed = {
      language: "en",
      heading: "The comment could not be posted.",
      details: ["Write a comment.", "Give a name."],
      link: { label: "Back to the article", href: "https://blog.example/post/#parley-form" },
    };
    expect(await page(failed, 400)).toBe(goldenPage.failed);
  });

  it("allow their stylesheet by its hash", async () => {
    const res = await linkPage({ language: "en", heading: "Done." }, 200);
    const style = /<style>([^<]*)<\/style>/.exec(await res.text())![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
    expect(res.headers.get("Content-Security-Policy")).toContain(`style-src 'sha256-${hash}';`);
  });

  it("escape every field, between tags and in attributes", async () => {
    const html = await page({
      language: hostile,
      heading: hostile,
      quote: { comment: comment({ body: hostile, html: `<p>${escaped}</p>` }), wrote: hostile },
      buttons: [{ label: hostile, act: hostile }],
      details: [hostile, hostile],
      link: { label: hostile, href: `https://blog.example/?q=${hostile}` },
    });
    expect(html).not.toContain(hostile);
    expect(html).toContain(`<html lang="${escaped}">`);
    expect(html).toContain(`<title>${escaped}</title>`);
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<p class="by">${escaped}</p>`);
    expect(html).toContain(`<input type="hidden" name="act" value="${escaped}">`);
    expect(html).toContain(`<button type="submit">${escaped}</button>`);
    expect(html).toContain(`<p>${escaped}</p><p>${escaped}</p>`);
    expect(html).toContain(`<p><a href="https://blog.example/?q=${escaped}">${escaped}</a></p>`);
  });

  it("show a comment's body as the Worker rendered it", async () => {
    const body = `<p>Fine &amp; <a href="https://x.example/?a=1&amp;b=2" rel="nofollow ugc noopener">dandy</a></p>`;
    const html = await page({
      language: "en",
      heading: "Approve?",
      quote: { ...quote, comment: comment({ html: body }) },
    });
    expect(html).toContain(`<blockquote>${body}</blockquote>`);
  });
});
