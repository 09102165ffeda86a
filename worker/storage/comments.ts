import type { CommentRecord, CommentStatus } from "../domain/comment";
import { allRows, firstRow, parseJsonColumn } from "./rows";
import { dropSubscriptionsOf } from "./subscriptions";
import type { Database } from "./database";

export interface CommentRow {
  id: string;
  site_id: string;
  thread_id: number;
  parent_id: string | null;
  root_id: string;
  depth: number;
  status: CommentStatus;
  author_name: string;
  author_website: string | null;
  email_encrypted: string | null;
  email_hash: string | null;
  avatar: string;
  network_hash: string | null;
  body: string;
  html: string;
  dedup_key: string | null;
  reasons: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  reply_count: number;
  pinned_at: string | null;
  moderator_id: string | null;
  like_count: number;
}

export const commentColumns = `c.id, c.site_id, c.thread_id, c.parent_id, c.root_id, c.depth,
  c.status, c.author_name, c.author_website, c.email_encrypted, c.email_hash, c.avatar,
  c.network_hash, c.body, c.html, c.dedup_key, c.reasons, c.created_at, c.edited_at, c.deleted_at,
  c.reply_count, c.pinned_at, c.moderator_id, c.like_count`;

export function toCommentRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    status: row.status,
    authorName: row.author_name,
    authorWebsite: row.author_website,
    emailEncrypted: row.email_encrypted,
    emailHash: row.email_hash,
    avatar: row.avatar,
    networkHash: row.network_hash,
    body: row.body,
    html: row.html,
    dedupKey: row.dedup_key,
    reasons: parseJsonColumn<string[]>(row.reasons, []),
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyCount: row.reply_count,
    pinnedAt: row.pinned_at,
    moderatorId: row.moderator_id,
    likeCount: row.like_count,
  };
}

export function selectComment(db: Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${commentColumns} FROM comments c WHERE c.id = ?1`).bind(id);
}

export function commentFrom(result: D1Result<unknown> | undefined): CommentRecord | null {
  const row = firstRow<CommentRow>(result);
  return row ? toCommentRecord(row) : null;
}

export function commentsFrom(result: D1Result<unknown> | undefined): CommentRecord[] {
  return allRows<CommentRow>(result).map(toCommentRecord);
}

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
