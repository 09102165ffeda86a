/**
 * What Parley's mail and its link pages say, in the languages the widget speaks: English
 * here, the others in translations/. A site's `mailLanguage` picks one. Counts stand
 * after a colon ("New comments on …: 3"), so no language needs plural forms here.
 */

import { staticJson, type Assets } from "../platform/static-json";

import type { Language } from "../domain/languages";

/** Every action a link from a mail can carry, as its page asks and answers it. */
export type LinkAction =
  "approve" | "spam" | "reject" | "confirm" | "stopPage" | "stopSite" | "verify" | "mine";

const en = {
  held: "A comment awaits review on {site}",
  heldMany: "Comments awaiting review on {site}: {n}",
  wrote: "{author} on “{page}”:",
  reasons: "Held because: {reasons}",
  approve: "Approve",
  spam: "Spam",
  reject: "Reject",
  reply: "New comment on “{page}”",
  replyMany: "New comments on “{page}”: {n}",
  read: "Read it on the page",
  replyToYou: "{author} replied to your comment on “{page}”",
  repliesToYou: "Replies to your comments on “{page}”: {n}",
  why: "You asked for mail about new comments on {site}.",
  whyReplies: "You asked for mail about replies to your comments on {site}.",
  stopPage: "No more mail about this page",
  stopSite: "No more mail from {site}",
  confirmSubject: "Confirm mail about comments on {site}",
  confirmBody:
    "Someone, probably you, asked for mail about new comments on {site} ({origin}). Confirm with the link below. If it was not you, ignore this mail: nothing more will come.",
  confirm: "Confirm",
  back: "Back to the page",
  backToSite: "Back to {site}",
  toDesk: "Open the desk",
  spamSubject: "Caught as spam on {site} in the last day: {n}",
  spamBody: "If one of these is not spam, approve it.",
  anonymous: "Anonymous",
  verifySubject: "Verify your email for comments on {site}",
  verifyBody:
    "Someone, probably you, asked to verify this address for comments on {site} ({origin}). The link works once, within a day, and verifies the browser you open it in. If it was not you, ignore this mail.",
  verify: "Verify my email",
  mineSubject: "Your comments on {site}",
  mineBody:
    "Someone, probably you, asked for a link to everything this address wrote on {site} ({origin}). The link works once, within a day. If it was not you, ignore this mail.",
  mine: "Show my comments",
  ask: {
    approve: "Approve this comment?",
    spam: "Mark this comment as spam?",
    reject: "Reject this comment?",
    confirm: "Get mail about new comments on {site} ({origin})?",
    stopPage: "Stop mail about “{page}”?",
    stopSite: "Stop all mail from {site}?",
    verify: "Verify your email for comments on {site} ({origin}) in this browser?",
    mine: "Show everything this address wrote on {site}?",
  } as Record<LinkAction, string>,
  done: {
    approve: "The comment is approved.",
    spam: "The comment is marked as spam.",
    reject: "The comment is rejected.",
    confirm: "Confirmed: you will get mail about new comments.",
    stopPage: "You will get no more mail about this page.",
    stopSite: "You will get no more mail from {site}.",
    verify: "Your email is verified in this browser.",
    mine: "Your comments on {site}",
  } as Record<LinkAction, string>,
  expired: "This link has expired.",
  invalid: "This link is not valid.",
  used: "This link has already been used.",
  gone: "This comment is no longer there.",
  /** The "my comments" page (routes/reader-links.ts). */
  reader: {
    none: "This address has written no comments here.",
    pending: "Awaiting moderation",
    approved: "Published",
    hidden: "Not published",
    subscriptions: "Mail you get",
    all: "Every new comment on “{page}”",
    replies: "Replies to your comment on “{page}”",
    unsubscribe: "Unsubscribe",
    export: "Download everything (JSON)",
    erase: "Erase my comments and data",
    eraseAsk:
      "Erase every comment this address wrote on {site}, its mail and its verified browsers? Replies by others stay. This cannot be undone.",
    eraseYes: "Erase for good",
    erased: "Erased: {n} comments, and everything else this address left on {site}.",
    pageExpired: "This page has expired: ask for a new link from the comments.",
    unsubscribed: "Unsubscribed.",
  },
};

export type MailStrings = typeof en;

/**
 * The other languages are static assets (translations/*.json, copied to dist/public by
 * scripts/build-assets.mjs), read through the ASSETS binding when a mail or a link page
 * needs them: kept out of the bundle, they leave ~3.5 KiB gzip of the Worker's budget for
 * code. Each is read once per isolate (static-json.ts).
 */
export function mailStrings(assets: Assets, language: Language): Promise<MailStrings> {
  if (language === "en") return Promise.resolve(en);
  return staticJson<MailStrings>(assets, `mail-strings/${language}.json`).catch(
    (error: unknown) => {
      // English mail beats no mail; the next request tries again.
      console.warn(`mail: ${language} strings unavailable (${String(error)}), using English`);
      return en;
    },
  );
}

/** "{site}" and friends filled in; values are plain text (escaped later for HTML). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}
