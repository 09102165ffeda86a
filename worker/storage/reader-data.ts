/**
 * "My comments": everything one address left on one site, read in one batch for the page a
 * magic link opens (routes/reader-links.ts) and its JSON export. Erasing it is
 * authors.ts's `eraseAuthor` with the site as its scope.
 */
import { commentColumns, pageColumns } from "./comments";
import { firstRow } from "./rows";
import { subscriptionColumns } from "./subscriptions";
import type { Database } from "./database";

/** A comment (as `c`) of the address, with its page (thread as `t`). */
const readerCommentColumns = commentColumns
  .pick(
    "id",
    "status",
    "authorName",
    "authorWebsite",
    "body",
    "html",
    "createdAt",
    "editedAt",
    "verifiedAt",
  )
  .with(pageColumns);

export type ReaderDataComment = ReturnType<typeof readerCommentColumns.from>;

/** A subscription (as `s`) with its page (thread as `t`): the page's id and title, for the page. */
const readerSubscriptionColumns = subscriptionColumns
  .pick("scope", "confirmed", "createdAt")
  .with<{ threadId: number; pageTitle: string }>({
    threadId: "thread_id",
    pageTitle: { column: "page_title", sql: "COALESCE(t.title, t.key)" },
  });

export type ReaderSubscription = ReturnType<typeof readerSubscriptionColumns.from>;

export interface ReaderData {
  comments: ReaderDataComment[];
  subscriptions: ReaderSubscription[];
  /** Browsers holding a reader token of the address. */
  verifiedBrowsers: number;
  /** The address, sealed, as a comment or the mail kept it (null: neither did). */
  emailEncrypted: string | null;
}

export async function loadReaderData(
  db: Database,
  siteId: string,
  emailHash: string,
): Promise<ReaderData> {
  const [comments, subscriptions, browsers, sealed] = await db.batch([
    db
      .prepare(
        `SELECT ${readerCommentColumns.list("c")} FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.email_hash = ?1 AND c.site_id = ?2 AND c.deleted_at IS NULL
         ORDER BY c.created_at DESC`,
      )
      .bind(emailHash, siteId),
    db
      .prepare(
        `SELECT ${readerSubscriptionColumns.list("s")} FROM subscriptions s JOIN threads t ON t.id = s.thread_id
         WHERE s.site_id = ?1 AND s.email_hash = ?2 ORDER BY s.created_at`,
      )
      .bind(siteId, emailHash),
    db
      .prepare(`SELECT COUNT(*) AS n FROM readers WHERE site_id = ?1 AND email_hash = ?2`)
      .bind(siteId, emailHash),
    db
      .prepare(
        `SELECT email_encrypted FROM mail_addresses WHERE site_id = ?1 AND email_hash = ?2
         UNION ALL
         SELECT email_encrypted FROM comments
         WHERE email_hash = ?2 AND site_id = ?1 AND email_encrypted IS NOT NULL
         LIMIT 1`,
      )
      .bind(siteId, emailHash),
  ]);
  return {
    comments: readerCommentColumns.all(comments),
    subscriptions: readerSubscriptionColumns.all(subscriptions),
    verifiedBrowsers: firstRow<{ n: number }>(browsers)?.n ?? 0,
    emailEncrypted: firstRow<{ email_encrypted: string }>(sealed)?.email_encrypted ?? null,
  };
}
