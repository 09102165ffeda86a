import type { CommentRecord } from "../domain/comment";
import { attemptExists } from "./attempts";
import { columns, isSet, jsonList, type ColumnSpec } from "./columns";
import { statement } from "./parameters";
import { dropSubscriptionsOf } from "./subscriptions";
import type { Database } from "./database";

/** The comments table as a CommentRecord reads it. */
export const commentColumns = columns<CommentRecord>({
  id: "id",
  siteId: "site_id",
  threadId: "thread_id",
  parentId: "parent_id",
  rootId: "root_id",
  depth: "depth",
  status: "status",
  authorName: "author_name",
  authorWebsite: "author_website",
  emailEncrypted: "email_encrypted",
  emailHash: "email_hash",
  avatar: "avatar",
  networkHash: "network_hash",
  body: "body",
  html: "html",
  dedupKey: "dedup_key",
  reasons: { column: "reasons", from: jsonList },
  createdAt: "created_at",
  editedAt: "edited_at",
  deletedAt: "deleted_at",
  replyCount: "reply_count",
  pinnedAt: "pinned_at",
  moderatorId: "moderator_id",
  likeCount: "like_count",
  verifiedAt: "verified_at",
  sourceKind: "source_kind",
  sourceId: "source_id",
  sourceUrl: "source_url",
});

/** The columns every read of whole comments selects, from `comments c`. */
export const commentList = commentColumns.list("c");

/** Whether a comment is deleted (a tombstone, or on its way), for reads that need no more. */
export const deletedColumn: ColumnSpec<{ deleted: boolean }> = {
  deleted: { column: "deleted_at", from: isSet },
};

/** Where a comment is, for a mail or a feed; `thread` (as `t`) holds its page's own. */
export interface PageOfComment {
  pageUrl: string | null;
  pageTitle: string;
}

/**
 * For reads that join the comment's thread as `t`: the thread's url and title, else those of
 * the page the comment was posted from (a thread has none until a comment is approved), else
 * the page's key.
 */
export const pageColumns: ColumnSpec<PageOfComment> = {
  pageUrl: { column: "page_url", sql: "COALESCE(t.url, c.page_url)" },
  pageTitle: { column: "page_title", sql: "COALESCE(t.title, c.page_title, t.key)" },
};

/** What storing a comment writes besides its record: where it came from, and what it caused. */
interface Provenance {
  /** The page it was posted from, until its thread has a url and title of its own. */
  pageUrl: string | null;
  pageTitle: string | null;
  /** Sealed: what Akismet was told, for reporting a moderator's decision back. */
  akismetContext: string | null;
  /** When moderators were told it waits for review (a held comment's notice). */
  heldNoticeAt: string | null;
}

/**
 * A comment to store: its record but for what the statement or the database gives (its site
 * and thread, the counts, the pin), with the page's key to find its thread by. A missing
 * field is stored as NULL.
 */
export type NewCommentRow = Omit<
  CommentRecord,
  "siteId" | "threadId" | "replyCount" | "pinnedAt" | "likeCount" | "moderatorId"
> &
  Partial<Pick<CommentRecord, "moderatorId"> & Provenance> & { threadKey?: string };

const storedColumns = commentColumns
  .omit("siteId", "threadId", "replyCount", "pinnedAt", "likeCount")
  .with<Provenance>({
    pageUrl: "page_url",
    pageTitle: "page_title",
    akismetContext: "akismet_context",
    heldNoticeAt: "held_notice_at",
  });

/** Each stored column's value, from a row of the JSON parameter (`j`); a missing one is NULL. */
const storedValues = storedColumns.keys.map((key) => `j.value ->> '$.${key}'`).join(", ");

/**
 * The one INSERT into comments, for a post, a moderator's reply and an import alike. Rows
 * travel as one JSON parameter (an import's thousand cost one statement), in order, into
 * `into.siteId`: each into `into.threadId`, or else its page's thread by key (made earlier in
 * the same batch, perhaps). `ignoreExisting`: an id stored already is skipped (an import run
 * again). `afterAttempt`: stored only if that attempt got within the limits (posting.ts).
 */
export function insertComments(
  db: Database,
  comments: NewCommentRow[],
  into: { siteId: string; threadId?: number; ignoreExisting?: boolean; afterAttempt?: string },
): D1PreparedStatement {
  const rows = comments.map((comment) => ({
    ...comment,
    reasons: JSON.stringify(comment.reasons),
  }));
  return statement(db, (p) => {
    const site = p(into.siteId);
    const [thread, join] =
      into.threadId === undefined
        ? ["t.id", `JOIN threads t ON t.site_id = ${site} AND t.key = j.value ->> '$.threadKey'`]
        : [p(into.threadId), ""];
    return `INSERT ${into.ignoreExisting ? "OR IGNORE " : ""}INTO comments
        (site_id, thread_id, ${storedColumns.list()})
      SELECT ${site}, ${thread}, ${storedValues}
      FROM json_each(${p(JSON.stringify(rows))}) j ${join}
      ${into.afterAttempt ? `WHERE ${attemptExists(p(into.afterAttempt))}` : ""}
      ORDER BY j.key`;
  });
}

export function selectComment(db: Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${commentList} FROM comments c WHERE c.id = ?1`).bind(id);
}

export const commentFrom = commentColumns.first;
export const commentsFrom = commentColumns.all;

export async function getComment(db: Database, id: string): Promise<CommentRecord | null> {
  return commentFrom(await selectComment(db, id).all());
}

/**
 * Removes a comment. One with replies stays as a tombstone (so the replies keep their
 * place) with every personal field cleared; one without is deleted, and so is a tombstone
 * parent that this leaves without replies.
 */
export function deleteCommentStatements(
  db: Database,
  comment: Pick<CommentRecord, "id" | "parentId">,
  deletedAt: string,
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE comments SET author_name = '', author_website = NULL, email_encrypted = NULL,
           email_hash = NULL, network_hash = NULL, dedup_key = NULL, avatar = '', body = '', html = '',
           akismet_context = NULL, deleted_at = COALESCE(deleted_at, ?2)
         WHERE id = ?1 AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = ?1)`,
      )
      .bind(comment.id, deletedAt),
    db.prepare(`DELETE FROM idempotency_keys WHERE comment_id = ?1`).bind(comment.id),
    dropSubscriptionsOf(db, [comment.id]),
    db
      .prepare(
        `DELETE FROM comments
         WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = ?1)`,
      )
      .bind(comment.id),
    db
      .prepare(
        `DELETE FROM comments
         WHERE id = ?1 AND deleted_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = ?1)`,
      )
      .bind(comment.parentId),
  ];
}

/**
 * The site of each comment this database holds: to find a comment's database
 * (site-databases.ts) and to check a moderator may act on all of them (site-lookup.ts).
 */
export async function commentSites(db: Database, ids: string[]): Promise<[string, string][]> {
  return db
    .prepare(`SELECT id, site_id FROM comments WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(ids))
    .raw<[string, string]>();
}
