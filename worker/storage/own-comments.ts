/** Reads and writes for one comment by id: the author's view, edits, deletion. */
import { nestComments, type CommentRecord, type PublicComment } from "../domain/comment";
import type { ModerationFacts } from "../domain/moderation";
import {
  commentColumns,
  commentFrom,
  commentsFrom,
  deleteCommentStatements,
  selectComment,
  updateCommentBody,
} from "./comments";
import { firstRow } from "./rows";
import { siteColumns, siteFrom, type Site } from "./sites";

const siteOfComment = `SELECT ${siteColumns} FROM sites
  WHERE id = (SELECT site_id FROM comments WHERE id = ?1)`;

const noActivity = { count: 0, oldestAt: null };

/** A comment, its site, and the facts an edit is judged by, in one round trip. */
export async function loadOwnComment(
  db: D1Database,
  id: string,
): Promise<{
  comment: CommentRecord;
  site: Site | null;
  thread: { key: string; title: string | null };
  facts: ModerationFacts;
} | null> {
  const [commentResult, siteResult, threadResult, knownResult, banResult] = await db.batch([
    selectComment(db, id),
    db.prepare(siteOfComment).bind(id),
    db
      .prepare(
        `SELECT key, title FROM threads WHERE id = (SELECT thread_id FROM comments WHERE id = ?1)`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT 1 AS known FROM comments c
         JOIN known_authors k ON k.site_id = c.site_id AND k.email_hash = c.email_hash
         WHERE c.id = ?1`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT MAX(b.scope = 'author') AS author_banned, MAX(b.scope = 'network') AS network_banned
         FROM comments c JOIN bans b ON b.site_id = c.site_id
           AND ((b.scope = 'author' AND b.value_hash = c.email_hash)
             OR (b.scope = 'network' AND b.value_hash = c.network_hash))
         WHERE c.id = ?1 AND (b.expires_at IS NULL OR b.expires_at > ?2)`,
      )
      .bind(id, new Date().toISOString()),
  ]);
  const comment = commentFrom(commentResult);
  if (!comment) return null;
  const bans = firstRow<{ author_banned: number | null; network_banned: number | null }>(banResult);
  return {
    comment,
    site: siteFrom(siteResult),
    thread: firstRow<{ key: string; title: string | null }>(threadResult)!,
    facts: {
      knownAuthor: firstRow(knownResult) !== null,
      authorBanned: bans?.author_banned === 1,
      networkBanned: bans?.network_banned === 1,
      duplicate: false,
      networkPerMinute: noActivity,
      networkPerDay: noActivity,
      emailPerMinute: noActivity,
      emailPerDay: noActivity,
    },
  };
}

/** An approved comment with its approved replies nested, and its site, in one round trip. */
export async function loadCommentTree(
  db: D1Database,
  id: string,
): Promise<{ comment: PublicComment; site: Site | null } | null> {
  const [treeResult, siteResult] = await db.batch([
    db
      .prepare(
        `WITH RECURSIVE tree(id) AS (
           SELECT id FROM comments WHERE id = ?1 AND status = 'approved'
           UNION ALL
           SELECT c.id FROM comments c JOIN tree ON c.parent_id = tree.id WHERE c.status = 'approved'
         )
         -- CROSS JOIN keeps SQLite from scanning every comment to probe the (small) tree:
         -- it fixes the join order, so each tree id is one primary-key lookup.
         SELECT ${commentColumns} FROM tree CROSS JOIN comments c ON c.id = tree.id`,
      )
      .bind(id),
    db.prepare(siteOfComment).bind(id),
  ]);
  const [comment] = nestComments([id], commentsFrom(treeResult));
  return comment ? { comment, site: siteFrom(siteResult) } : null;
}

export async function editOwnComment(
  db: D1Database,
  comment: CommentRecord,
  edit: Parameters<typeof updateCommentBody>[2],
): Promise<CommentRecord> {
  const [, result] = await db.batch([
    updateCommentBody(db, comment.id, edit),
    selectComment(db, comment.id),
  ]);
  return commentFrom(result) ?? { ...comment, ...edit };
}

export async function deleteComment(db: D1Database, comment: CommentRecord): Promise<void> {
  await db.batch(deleteCommentStatements(db, comment, new Date().toISOString()));
}
