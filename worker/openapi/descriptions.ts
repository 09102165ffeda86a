/**
 * What the API's fields mean, for the OpenAPI document only: build time, so the Worker
 * carries none of these words (the schemas in schemas/ validate, and say nothing). Each
 * text goes on the schema a route validates or answers with, in a registry of its own that
 * document.ts hands to z.toJSONSchema. A field is named through its object's shape, so a
 * renamed field fails the type check; test/worker/openapi.test.ts checks that every text
 * lands in the document, and that no schema the Worker runs carries one of its own. The
 * registry and its helpers are describe.ts's.
 */
import { atLeastOneField, describe, describeFields, descriptions } from "./describe";
import { languages } from "../domain/languages";
import {
  authorErasedSchema,
  authorExportSchema,
  logEntrySchema,
  modCommentSchema,
  moderateCommentSchema,
  newBanSchema,
  queueQuerySchema,
} from "../schemas/moderation";
import {
  meSchema,
  moderatorChangeSchema,
  newModeratorResponseSchema,
  newModeratorSchema,
  roleSchema,
} from "../schemas/moderators";
import {
  commentFormSchema,
  contextQuerySchema,
  fragmentQuerySchema,
  likeSchema,
  listQuerySchema,
  newCommentSchema,
  oneCommentQuerySchema,
  reportSchema,
} from "../schemas/reader";
import {
  contextResponseSchema,
  listResponseSchema,
  postResponseSchema,
  publicAuthorSchema,
  publicCommentSchema,
  repliesResponseSchema,
  topCommentSchema,
} from "../schemas/reader-answers";
import { siteSettingsSchema } from "../schemas/settings";
import { putRecipientsSchema, putSiteSchema, siteSchema } from "../schemas/sites";
import { importResponseSchema } from "../schemas/transfer";
// The words of what readers get beside the thread (recent comments, page reactions).
import "./page-extras-descriptions";

export { describedTexts, descriptions } from "./describe";
// The readers' own API (verification, "my comments") has its words in a file of its own.
import "./reader-descriptions";

// ---- the reader's requests (schemas/reader.ts) ----

describeFields(newCommentSchema, {
  turnstileToken: "The Turnstile widget's token, on sites with a turnstileSiteKey",
  mailToken:
    "With notify: the token the browser got when it confirmed this address's mail on the site (the confirmation page's link back, #parley-mail=); the subscription is then active at once",
  notify:
    "Mail the author about replies to this comment, or about every new comment on the page (where config.notifications)",
});

describeFields(listQuerySchema, {
  limit: "At most this many roots, rounded down to 1, 2, 3, 5, 10, 20, 50 or 100",
  replies:
    "Replies (at any depth) shown under each root, oldest first; at most this many, rounded down to 1, 2, 3, 5, 10, 20, 50, 100 or 200",
  sort: "best: the most liked first, then the oldest",
});

describeFields(commentFormSchema, {
  page: "The page key",
  url: "The page's address",
  honeypot: "Left empty by people",
});

// The fragment's query is the list's (extended): limit, replies and sort are described above.
describeFields(fragmentQuerySchema, {
  url: "The page's address, where the form brings the reader back (else the thread's own)",
  lang: `The page's language tag (de-AT → de); one of ${languages.join(", ")}, else en`,
});

describeFields(oneCommentQuerySchema, {
  replies: "Replies (at any depth) shown under the comment",
});

describeFields(contextQuerySchema, { sort: "The order the list is read in" });

describeFields(likeSchema, {
  reader: "A random id the browser keeps (localStorage), made on the first like",
  liked: "true to like, false to take the like back",
});

describeFields(reportSchema, { text: "What is wrong, in the reader's words" });

// ---- the reader's answers (schemas/reader-answers.ts) ----

// A comment holds its replies: a schema that contains itself is written once, under this
// name, in the document's components, and referred to from every answer that holds one.
descriptions.add(publicCommentSchema, { id: "PublicComment" });
descriptions.add(publicCommentSchema.shape.replies, { id: "Replies" });

describeFields(publicAuthorSchema, {
  avatar: "Hex seed for a generated avatar; a keyed hash, stable per author and site",
});

describeFields(publicCommentSchema, {
  html: "Server-rendered, sanitized HTML",
  deleted: "Present on tombstones of deleted comments with replies",
  likes: "Readers' likes (absent: none)",
  pinned: "A moderator pinned it: it comes first",
  moderator: "Written by a moderator from the desk (no reader can set it)",
  source:
    "Written elsewhere and pulled in by the Worker (a reply to the page's linked Mastodon or Bluesky post, or a Webmention): where, and the original's address; the author's website is their profile there",
});

describeFields(topCommentSchema, {
  repliesCursor:
    "More replies follow: GET /api/comments/{id}/replies?cursor=… (null when all are shown)",
  moreReplies: "How many of its replies are not shown yet",
});

describeFields(repliesResponseSchema, {
  replies: "Branches whose top reply answers a comment shown before (see parentId)",
});

describeFields(contextResponseSchema, {
  pageCursor:
    "List with this cursor (same sort) for the page that starts at the root; null: the first page",
  branch:
    "The replies from below the root down to the comment, oldest first, without their replies",
});

describeFields(listResponseSchema.shape.config, {
  turnstileSiteKey:
    "Render Cloudflare Turnstile with this key and send its token as turnstileToken",
  reports: "Readers may report approved comments (POST /api/comments/:id/report)",
  likes: "Readers may like comments (POST /api/comments/:id/like)",
  notifications: "The site mails readers about follow-up comments: offer `notify` in the form",
  signIn:
    "Single sign-on: whether the site takes signed-in users (send `sso`), where to sign in (or null), and whether readers who are not signed in may comment",
});

describeFields(postResponseSchema, {
  subscription:
    "With `notify`: active, or awaiting the confirmation mailed to the address (the first time on a site)",
});

// ---- a site's settings (schemas/settings.ts), and the sites (schemas/sites.ts) ----

const ssoSecretText =
  "Single sign-on: the HS256 key the site's server signs its users' payloads with (docs/single-sign-on.md); a secret: never shown, kept when a PUT leaves it out, removed by null";

const webhookText =
  "POSTed a JSON summary (Slack- and Discord-compatible) when a comment is held; a secret: never shown, kept when a PUT leaves it out, removed by null";

describeFields(siteSettingsSchema, {
  moderation:
    "first-time holds authors without an approved comment under the same name and email; all holds everything; none holds nothing",
  maxLinks: "A comment with more links than this is held",
  holdWords:
    "Whole words, case- and accent-insensitive, in the body, name, website or email: the comment is held",
  blockWords: "Whole words as for holdWords: the comment is spam",
  requireName: "Comments must give a name",
  requireEmail: "Comments must give an email (never published)",
  maxDepth: "Levels of nesting (a top-level comment is level 1)",
  maxLength: "Characters per comment",
  editWindowSeconds: "How long authors may edit or delete their own comment",
  minSubmitSeconds: "A form sent faster than this after it was loaded is spam",
  requireFormToken: "Treat a comment without a valid formToken as sent too fast (spam)",
  rateLimitPerMinute:
    "Posting attempts per network (and comments per email) a minute; spam counts too; over it: 429 with Retry-After",
  rateLimitPerDay: "The same, a day",
  previewsPerMinute: "Previews per network a minute; over it: 429",
  closeAfterDays: "Close threads this many days after their first approved comment; null: never",
  turnstileSiteKey: "Cloudflare Turnstile on the form (the secret is the TURNSTILE_SECRET secret)",
  akismet: "Ask Akismet about comments that pass the free rules (key: AKISMET_KEY secret)",
  akismetSendEmail: "Include the author's email in what Akismet is sent",
  notifyWebhookUrl: webhookText,
  mailFrom: "Sender address of the site's mail; null: the site sends none",
  mailFromName: "Sender name (default: the site's name)",
  mailLanguage: "Language of the site's mail and of the pages its links open",
  mailDigestMinutes:
    "At most one held-comment mail per recipient in this many minutes; more are folded in",
  mailSpamReport: "A daily mail to the recipients listing what was caught as spam",
  likes: "Readers may like comments; enables sort=best",
  reports: "Readers may report approved comments",
  feeds: "Atom feeds of the newest comments at /feeds/<site>.atom (?page= for one page)",
  holdAfterReports: "A comment reported from this many networks goes back to review",
  readerNotifications: "Offer readers mail about follow-up comments (double opt-in)",
  ssoSecret: ssoSecretText,
  ssoLoginUrl:
    'Single sign-on: where the widget\'s "Sign in to comment" leads a reader who is not signed in; null: no such link',
  anonymousComments:
    "Take comments from readers who are not signed in (name and email); false: only from the site's signed-in users",
  remoteRepliesDays:
    "Pull the replies of a page's linked Mastodon/Bluesky posts every hour for this many days after linking; 0: only when a moderator asks",
  webmentions:
    "Receive Webmentions (W3C) for the site's pages at POST /webmention; each is held for review",
});

// The PUT's own copy of the secret setting (left out: kept), described as the setting is.
describeFields(putSiteSchema.shape.settings.unwrap(), {
  notifyWebhookUrl: webhookText,
  ssoSecret: ssoSecretText,
});

describeFields(putSiteSchema, {
  settings:
    "Replaces all settings (missing fields take their defaults, but a secret left out keeps its value; null removes it); omit to keep the current ones",
});

describeFields(siteSchema, {
  secrets: "Which secret settings are set; their values are never shown",
});

describeFields(putRecipientsSchema, {
  emails: "Who gets mail about held comments (and the daily spam note); [] for nobody",
});

// ---- moderation (schemas/moderation.ts) ----

describeFields(queueQuerySchema, {
  status: "A status, or reported: comments with readers' reports not yet settled",
  q: "Search: text of the comment, author name or website, page title or key, or an email. Each request searches the 1,000 newest comments from the cursor on: a page may hold fewer matches than the limit, or none, and still give a nextCursor to search on",
});

describeFields(moderateCommentSchema, {
  pinned: "Pin a top-level comment (first on its page, whatever the sort), or unpin it",
});

atLeastOneField(moderateCommentSchema, "At least one of status, body and pinned");

describeFields(newBanSchema, { expiresAt: "Omit for a ban without end" });

describeFields(modCommentSchema, {
  body: "The Markdown source",
  parent: "The comment this one answers (its Markdown), for context",
  reports: "Readers' reports a moderator has not settled (a decision on the comment does)",
});

describeFields(logEntrySchema, {
  actor:
    'Who: "owner", a moderator\'s id, "mail" or "webhook", or "reader" (an author erasing their own, from "my comments"); null before named moderators',
});

describeFields(authorExportSchema, {
  moderatorAccount: "The moderator account under the address, if any (its token is never shown)",
});

describeFields(authorExportSchema.shape.mail, {
  recipientOn: "Sites whose held-comment mail goes to the address",
  queuedMail: "Mail to the address not sent yet",
});

describeFields(authorErasedSchema, {
  moderatorAccount:
    "A moderator account under the address is not erased: the owner revokes it (DELETE /api/mod/moderators/{id}), which forgets its address",
});

// ---- moderator accounts (schemas/moderators.ts) ----

describe(
  roleSchema,
  "owner: every site, moderators and privacy requests; moderator: the listed sites",
);

describeFields(newModeratorSchema, { sites: "The sites they moderate" });

atLeastOneField(moderatorChangeSchema, "At least one of name, role and sites");

describeFields(newModeratorResponseSchema, {
  token: "Their bearer token: shown this once, stored only as a keyed hash",
});

describeFields(meSchema, { sites: "null: every site" });

// ---- transfer (schemas/transfer.ts) ----

describeFields(importResponseSchema, {
  threads: "Threads created",
  comments: "Comments added (0 when the same file is imported again)",
  skipped: "Comments whose parent is not in the same thread",
});
