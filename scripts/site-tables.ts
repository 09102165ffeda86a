/**
 * What moving a site copies (site-move.ts): every table a site has rows in, parents first,
 * and the counters the triggers keep, which a move restores rather than recounts.
 */

export interface Table {
  name: string;
  /** The site's rows, given the site's id as an SQL literal. */
  rows: (site: string) => string;
  /** Keyset order, parents before children; its columns identify a row. */
  key: string[];
  /** The conflict target of the upsert, when it is not the key. */
  unique?: string[];
  /** Rows that belong to no site (copied whole, never deleted). */
  shared?: boolean;
}

const bySiteId = (site: string) => `site_id = ${site}`;
const siteTable = (name: string, ...key: string[]): Table => ({ name, rows: bySiteId, key });

/** Every table, parents first. Moderators stay in DB: they are not any one site's. */
export const siteTables: Table[] = [
  { name: "sites", rows: (site) => `id = ${site}`, key: ["id"] },
  siteTable("site_origins", "origin", "site_id"),
  siteTable("threads", "id"),
  siteTable("remote_links", "thread_id", "kind"),
  siteTable("webmentions", "id"),
  // Parents first (a reply's parent must be there), so by depth; the id is the row's own.
  { name: "comments", rows: bySiteId, key: ["depth", "id"], unique: ["id"] },
  siteTable("known_authors", "site_id", "email_hash", "name_key"),
  siteTable("bans", "id"),
  siteTable("moderation_log", "id"),
  siteTable("idempotency_keys", "site_id", "key"),
  siteTable("attempts", "id"),
  siteTable("mail_recipients", "site_id", "email_hash"),
  siteTable("mail_addresses", "site_id", "email_hash"),
  siteTable("subscriptions", "id"),
  siteTable("outbox", "id"),
  siteTable("readers", "id"),
  siteTable("reader_mail_requests", "id"),
  siteTable("reports", "comment_id", "reporter_hash"),
  {
    name: "likes",
    rows: (site) => `comment_id IN (SELECT id FROM comments WHERE site_id = ${site})`,
    key: ["comment_id", "reader_hash"],
  },
  {
    name: "page_reactions",
    rows: (site) => `thread_id IN (SELECT id FROM threads WHERE site_id = ${site})`,
    key: ["thread_id", "kind", "reader_hash"],
  },
  {
    // Digest windows: `held:<site>:…`, `spam:<site>:…`, `confirm:<site>:…`, `verify:<site>:…`,
    // `mine:<site>:…`, `reply:<thread>:…`.
    name: "mail_folds",
    rows: (site) => {
      const prefix = (kind: string) => `'${kind}:' || ${site} || ':'`;
      const starts = (kind: string) =>
        `substr(fold_key, 1, length(${prefix(kind)})) = ${prefix(kind)}`;
      return `(${starts("held")} OR ${starts("spam")} OR ${starts("confirm")}
        OR ${starts("verify")} OR ${starts("mine")}
        OR (substr(fold_key, 1, 6) = 'reply:' AND substr(fold_key, 7, instr(substr(fold_key, 7), ':') - 1)
          IN (SELECT CAST(id AS TEXT) FROM threads WHERE site_id = ${site})))`;
    },
    key: ["fold_key"],
  },
  // Used single-use mail links name no site: all are copied (a week's worth at most), so a
  // moderation link used before the move stays used after it.
  { name: "used_links", rows: () => "1 = 1", key: ["nonce"], shared: true },
];

/** Counters that triggers keep (`zero` before any count), restored after a sync. */
export const counters = [
  { name: "threads", column: "comment_count", rows: bySiteId, zero: "0" },
  { name: "threads", column: "reaction_counts", rows: bySiteId, zero: "NULL" },
  {
    name: "comments",
    column: "reply_count",
    rows: (site: string) => `${bySiteId(site)} AND depth = 1`,
    zero: "0",
  },
];
