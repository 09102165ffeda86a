/**
 * The words of each mail, as text and as HTML, in the site's language. The HTML part is
 * built by templates that escape what they are given (domain/html.ts), so everything from
 * readers and owners (names, page titles and addresses) comes out escaped; a comment's own
 * HTML is the Worker's sanitised rendering (domain/render.ts), shown as is.
 * Links are signed (links.ts), one per action.
 */
import type { Keys } from "../domain/keys";
import { html, raw, type Html } from "../domain/html";
import { siteOrigin, type Site } from "../domain/site";
import type { MailComment, MailThread } from "../storage/mail-context";
import { expiresIn, moderationActions, newNonce, signLink, type LinkClaims } from "./links";
import { fill, type MailStrings } from "./strings";

export interface Composed {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface ComposeContext {
  keys: Keys;
  site: Site;
  /** Where this Worker is reached (PUBLIC_URL): links point there. */
  base: string;
  recipientHash: string;
  now: Date;
  /** The site's mail language's strings (strings.ts mailStrings). */
  s: MailStrings;
}

/** Moderation links last a week; subscription links as long as a subscription might. */
const moderationLinkDays = 7;
const subscriptionLinkDays = 400;
/** A digest lists this many comments; the rest are counted. */
const digestListLimit = 20;

/** Text pieces of a mail, each with its HTML twin. */
interface Part {
  text: string;
  html: Html;
}

const paragraph = (text: string): Part => ({ text, html: html`<p>${text}</p>` });

function links(items: { label: string; url: string }[]): Part {
  return {
    text: items.map((item) => `${item.label}: ${item.url}`).join("\n"),
    html: html`<p>${items.map(
      (item, i) => html`${i ? " · " : ""}<a href="${item.url}">${item.label}</a>`,
    )}</p>`,
  };
}

function quoted(comment: MailComment, strings: MailStrings): Part {
  const author = comment.authorName || strings.anonymous;
  const intro = fill(strings.wrote, { author, page: comment.pageTitle });
  // The Worker's own sanitised rendering (domain/render.ts).
  const body = raw(comment.html);
  return {
    text: `${intro}\n${comment.body.replace(/^/gm, "> ")}`,
    html: html`<p><strong>${intro}</strong></p><blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #8c959f">${body}</blockquote>`,
  };
}

function assemble(
  language: string,
  subject: string,
  parts: Part[],
  footer: Part[],
  headers: Record<string, string> = {},
): Composed {
  const footerHtml = footer.length
    ? html`<hr><div style="color:#5a6472;font-size:14px">${footer.map((part) => part.html)}</div>`
    : "";
  const body = html`<body style="font:16px/1.5 system-ui,sans-serif;color:#1f2328;max-width:40em">${parts.map((part) => part.html)}${footerHtml}</body>`;
  return {
    subject,
    text: [...parts, ...(footer.length ? [{ text: "--" }, ...footer] : [])]
      .map((part) => part.text)
      .join("\n\n"),
    html: html`<!doctype html><html lang="${language}"><head><meta charset="utf-8"></head>${body}</html>`.toString(),
    // Mail a program sends: no out-of-office answers back (RFC 3834).
    headers: { "Auto-Submitted": "auto-generated", ...headers },
  };
}

async function linkTo(
  context: ComposeContext,
  action: LinkClaims["action"],
  about: Pick<LinkClaims, "comment" | "thread">,
): Promise<string> {
  const single = (moderationActions as readonly string[]).includes(action);
  const token = await signLink(context.keys, {
    action,
    site: context.site.id,
    ...about,
    recipient: context.recipientHash,
    expires: expiresIn(context.now, single ? moderationLinkDays : subscriptionLinkDays),
    ...(single ? { nonce: newNonce() } : {}),
  });
  return `${context.base}/mail/link?t=${token}`;
}

/**
 * The link a webhook hands out: a page offering approve, spam and reject. Its recipient is
 * the webhook itself (a keyed hash of its URL), so the link works only while the site still
 * posts to that webhook.
 */
export async function reviewLink(
  keys: Keys,
  base: string,
  site: { id: string; webhookUrl: string },
  commentId: string,
  now: Date,
): Promise<string> {
  const token = await signLink(keys, {
    action: "review",
    site: site.id,
    comment: commentId,
    recipient: await webhookRecipient(keys, site.webhookUrl),
    expires: expiresIn(now, moderationLinkDays),
  });
  return `${base}/mail/link?t=${token}`;
}

function more(total: number, listed: number): Part[] {
  return total > listed ? [paragraph(`… +${total - listed}`)] : [];
}

/** Comments waiting for review: one, or a digest of those that came in the window. */
export async function composeHeld(context: ComposeContext, comments: MailComment[]) {
  const { s } = context;
  const siteName = context.site.name;
  const parts: Part[] = [];
  for (const comment of comments.slice(0, digestListLimit)) {
    parts.push(
      quoted(comment, s),
      ...(comment.reasons.length
        ? [paragraph(fill(s.reasons, { reasons: comment.reasons.join(", ") }))]
        : []),
      links(
        await Promise.all(
          moderationActions.map(async (action) => ({
            label: s[action],
            url: await linkTo(context, action, { comment: comment.id }),
          })),
        ),
      ),
    );
  }
  const subject =
    comments.length === 1
      ? fill(s.held, { site: siteName })
      : fill(s.heldMany, { site: siteName, n: comments.length });
  return assemble(
    context.site.settings.mailLanguage,
    subject,
    [...parts, ...more(comments.length, digestListLimit)],
    [],
  );
}

/** New comments on a page a reader follows (theirs replied to, or the whole page). */
export async function composeReplies(
  context: ComposeContext,
  comments: MailComment[],
  threadId: number,
) {
  const { s } = context;
  const page = comments[0]!.pageTitle;
  const parts: Part[] = [];
  for (const comment of comments.slice(0, digestListLimit)) {
    parts.push(quoted(comment, s));
    if (comment.pageUrl) {
      parts.push(links([{ label: s.read, url: `${comment.pageUrl}#comment-${comment.id}` }]));
    }
  }
  const stopPage = await linkTo(context, "stopPage", { thread: threadId });
  const stopSite = await linkTo(context, "stopSite", {});
  // Every one answers the recipient's own comments: they asked for replies, and are told so
  // by name; otherwise they follow the page.
  const toThem = comments.every((comment) => comment.parentEmailHash === context.recipientHash);
  const author = comments[0]!.authorName || s.anonymous;
  const subject = toThem
    ? comments.length === 1
      ? fill(s.replyToYou, { author, page })
      : fill(s.repliesToYou, { page, n: comments.length })
    : comments.length === 1
      ? fill(s.reply, { page })
      : fill(s.replyMany, { page, n: comments.length });
  return assemble(
    context.site.settings.mailLanguage,
    subject,
    [...parts, ...more(comments.length, digestListLimit)],
    [
      paragraph(fill(toThem ? s.whyReplies : s.why, { site: context.site.name })),
      links([
        { label: s.stopPage, url: stopPage },
        { label: fill(s.stopSite, { site: context.site.name }), url: stopSite },
      ]),
    ],
    // One-click unsubscribe (RFC 8058): a mail client POSTs to this link.
    { "List-Unsubscribe": `<${stopPage}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  );
}

/**
 * The double opt-in: the one mail an address gets before it confirms. Anyone may type any
 * address, so it names only the site and its origin (the owner's words), never a page title
 * or anything else a poster typed.
 */
export async function composeConfirm(context: ComposeContext, thread: MailThread) {
  const { s, site } = context;
  return assemble(
    site.settings.mailLanguage,
    fill(s.confirmSubject, { site: site.name }),
    [
      paragraph(fill(s.confirmBody, { site: site.name, origin: siteOrigin(site) })),
      links([{ label: s.confirm, url: await linkTo(context, "confirm", { thread: thread.id }) }]),
    ],
    [],
  );
}

/** A reader's verification and "my comments" links work once, within a day. */
const readerLinkDays = 1;

/**
 * The mail a reader asked for to prove their address (verify) or to open everything it
 * wrote (mine). Like the confirmation, it may reach an address that asked for nothing, so it
 * names only the site and its origin.
 */
export async function composeReaderMail(
  context: ComposeContext,
  purpose: "verify" | "mine",
  back: string,
) {
  const { s, site } = context;
  const token = await signLink(context.keys, {
    action: purpose,
    site: site.id,
    recipient: context.recipientHash,
    expires: expiresIn(context.now, readerLinkDays),
    nonce: newNonce(),
    back,
  });
  const names = { site: site.name, origin: siteOrigin(site) };
  return assemble(
    site.settings.mailLanguage,
    fill(purpose === "verify" ? s.verifySubject : s.mineSubject, names),
    [
      paragraph(fill(purpose === "verify" ? s.verifyBody : s.mineBody, names)),
      links([{ label: s[purpose], url: `${context.base}/mail/link?t=${token}` }]),
    ],
    [],
  );
}

/** The day's spam, so a false positive does not stay hidden. */
export async function composeSpamReport(
  context: ComposeContext,
  spam: { count: number; comments: MailComment[] },
) {
  const { s } = context;
  const parts: Part[] = [paragraph(s.spamBody)];
  for (const comment of spam.comments) {
    parts.push(
      quoted(comment, s),
      links([{ label: s.approve, url: await linkTo(context, "approve", { comment: comment.id }) }]),
    );
  }
  return assemble(
    context.site.settings.mailLanguage,
    fill(s.spamSubject, { site: context.site.name, n: spam.count }),
    [...parts, ...more(spam.count, spam.comments.length)],
    [],
  );
}

/** A webhook as a link's recipient: its URL is a secret, so only a keyed hash of it. */
export async function webhookRecipient(keys: Keys, url: string): Promise<string> {
  return `webhook:${(await keys.hmacHex("webhook", url)).slice(0, 32)}`;
}
