/**
 * What each route does, in a sentence, for the OpenAPI document only: build time, so the
 * Worker carries none of it. Keyed "<method> <path>" as the routers declare them (a test
 * checks every declared route has one, and every entry a route).
 */
export const summaries: Record<string, string> = {
  "get /api/comments":
    "Approved comments of a page: a page of root comments, each with its first replies nested",
  "post /api/comments": "Post a comment (the first comment on a page creates its thread)",
  "get /api/comments/:id":
    "One approved comment with its first replies; with the edit token, also one's own held comment",
  "get /api/comments/:id/replies":
    "More replies of a root comment, oldest first, after the cursor its repliesCursor (or the last page's nextCursor) gave",
  "get /api/comments/:id/context":
    "Where an approved comment is in its thread, for a link to it: the list page that starts at its root, and the replies from the root down to it",
  "patch /api/comments/:id": "Edit one's own comment inside the edit window (the rules run again)",
  "delete /api/comments/:id":
    "Delete one's own comment inside the edit window (a tombstone stays if it has replies)",
  "post /api/comments/:id/like":
    "Like an approved comment, or take the like back (one per reader, race-free count)",
  "post /api/comments/:id/report":
    "Report an approved comment (once per network; enough reports send it back to review)",
  "post /api/preview":
    "Render a comment body as it would be shown (limited per network: previewsPerMinute)",
  "get /api/counts": "Approved comment counts of up to 50 pages (repeat the page parameter)",
  "get /api/recent":
    "A site's newest approved comments, each with its page (newest first); with pages=1 also its most commented pages",
  "post /api/reactions":
    "React to a page with one of the site's reactions, or take the reaction back (one per reader per kind)",
  "get /api/comments.html":
    "The list's first page as an HTML fragment (articles, schema.org Comment microdata, a form that posts without script), for static builds and edge includes",
  "post /api/comments/form":
    "The fragment's form: the same pipeline as POST /api/comments; 303 back to the page at #comment-<id> or #parley-pending",
  "get /feeds/:file":
    "Atom feed of the newest 50 approved comments: /feeds/<site>.atom, or ?page=KEY for one page",
  "get /mail/link":
    "The page behind a link in Parley's mail: what the link would do, and a button. Changes nothing",
  "post /mail/link":
    'Does what the link says (moderate, confirm, unsubscribe, verify a reader\'s browser, open "my comments"); also RFC 8058 one-click unsubscribe',
  "post /api/readers/mail":
    "Mail a reader a link that verifies their browser (verify) or opens everything their address wrote on the site (mine): one per address and purpose an hour, the same answer whatever the address",
  "get /api/readers/comments":
    "One's own comments on a page (held ones too) with the reader token of a verified browser, to edit or delete within the window",
  "delete /api/readers/token": "Revoke this browser's reader token (it stops working at once)",
  "post /mail/mine":
    'The "my comments" page\'s buttons: unsubscribe from a page, erase (asked, then done) or show the page again',
  "post /mail/mine/export":
    'Everything the address left on the site, as a JSON download (the "my comments" page\'s export)',
  "get /healthz": "Liveness: every D1 database (DB and those SITE_DATABASES names) answers a query",
  "get /api/mod/me":
    "Who the token (or Cloudflare Access sign-in) belongs to, and the sites they moderate",
  "get /api/mod/moderators": "Named moderators (owner only)",
  "post /api/mod/moderators":
    "Add a moderator; the answer holds their personal token, shown only this once (owner only)",
  "patch /api/mod/moderators/:id": "Change a moderator's name, role or sites (owner only)",
  "delete /api/mod/moderators/:id":
    "Revoke a moderator: their token stops working at once (owner only)",
  "get /api/mod/comments/counts": "How many of a site's comments have each status",
  "get /api/mod/sites": "All sites",
  "get /api/mod/sites/:site": "One site",
  "put /api/mod/sites/:site": "Create or update a site: its name, allowed origins and settings",
  "get /api/mod/sites/:site/recipients": "Who gets mail about the site's held comments",
  "put /api/mod/sites/:site/recipients":
    "Set who gets mail about the site's held comments (replaces the list)",
  "get /api/mod/sites/:site/notification-targets":
    "The site's notification targets (Slack, Discord, Telegram, ntfy, webhook): kinds, events and masked hints, never the URLs or tokens",
  "post /api/mod/sites/:site/notification-targets":
    "Add a notification target with the events it wants (its URL and tokens are write-only)",
  "patch /api/mod/sites/:site/notification-targets/:target":
    "Change a target's label, events, or whether its Telegram chat may moderate",
  "delete /api/mod/sites/:site/notification-targets/:target":
    "Remove a notification target (and its queued messages)",
  "post /api/mod/sites/:site/notification-targets/:target/telegram-webhook":
    "Register this Worker as the Telegram target's bot webhook (setWebhook with the site's secret token), so its buttons moderate",
  "post /telegram/:site":
    "Telegram's updates for a site's bot: a button press on a held comment approves, marks spam or rejects it (secret token and registered chat required)",
  "get /api/mod/comments": "The review queue, newest first, with email, reasons and thread",
  "patch /api/mod/comments/:id":
    "Change a comment's status, body and/or pinned (approving marks its author as known)",
  "post /api/mod/comments/:id/replies":
    "Reply as a moderator: approved at once, under the moderator's name, with the Moderator badge",
  "delete /api/mod/comments/:id": "Delete a comment (a tombstone stays if it has replies)",
  "post /api/mod/comments/bulk": "Set the status of many comments at once",
  "patch /api/mod/threads": "Close or reopen a page's thread",
  "post /webmention":
    "Receive a Webmention (W3C; form-encoded source and target) for a page of a site with `webmentions` on: queued, its source fetched later and held for review",
  "get /api/mod/threads/links": "A page's links to its posts on Mastodon and Bluesky",
  "put /api/mod/threads/links":
    "Link a page to its Mastodon status or Bluesky post (replacing its link on that network): their public replies come into the thread",
  "delete /api/mod/threads/links":
    "Unlink a page from its post on one network (the replies pulled so far stay)",
  "post /api/mod/threads/links/pull":
    "Pull the replies of a page's linked posts now (a post marked gone is asked again)",
  "post /api/mod/bans":
    "Ban an author (by comment or email) or a network (by comment), optionally until a time",
  "get /api/mod/bans": "A site's bans",
  "delete /api/mod/bans/:id": "Lift a ban",
  "get /api/mod/log": "The audit log of a site, newest first",
  "get /api/mod/authors": "Everything stored about one email address (privacy export)",
  "delete /api/mod/authors":
    "Erase everything of one email address (tombstones where others' replies hang below)",
  "get /api/mod/sso-users":
    "Everything stored about one signed-in user of a site, by the id the site's sign-in payloads give them (privacy export)",
  "delete /api/mod/sso-users":
    "Erase everything of one signed-in user of a site (tombstones where others' replies hang below)",
  "get /api/mod/export":
    "Every thread and comment of a site (all statuses, emails included) as streamed JSON; the owner's alone",
  "get /api/mod/export/wxr":
    "The same threads as WordPress eXtended RSS 1.2 (held comments unapproved, rejected and deleted ones as trash), for WordPress or Disqus to import; the owner's alone",
  "post /api/mod/import":
    "Import threads in Parley's JSON format (an export, or what `npm run import` converted from WordPress or Disqus); importing the same file twice adds nothing",
};

/** What each status of a route answering with a page means. */
const mailLinkStatuses = {
  200: "The question with its button (GET), or what was done (POST)",
  400: "Not a link Parley signed",
  403: "The recipient no longer receives this site's notices",
  404: "What the link is about is gone",
  409: "A single-use link (moderation, verify, my comments) already used",
  410: "The link has expired",
};

export const pageStatuses: Record<string, Record<number, string>> = {
  "get /api/comments.html": { 200: "The fragment" },
  "post /api/comments/form": {
    303: "Stored: back to the page",
    400: "A field is wrong (a page says which)",
    403: "Not from one of the site's origins, or the author is banned",
    404: "No such site",
    409: "The same comment again",
    415: "Not a form",
    429: "Too many comments from this network (Retry-After)",
    503: "Not stored just now (nothing was): send it again",
  },
  "get /feeds/:file": { 200: "The feed" },
  "get /api/mod/export/wxr": { 200: "The WXR file, streamed as an attachment" },
  "get /mail/link": mailLinkStatuses,
  "post /mail/mine": {
    200: "The page, a question or what was done",
    400: "Not a page Parley signed",
    410: "The page's hour is over",
  },
  "post /mail/link": mailLinkStatuses,
};
