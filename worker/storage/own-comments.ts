/** Reads and writes for one comment by id: the author's view, edits, deletion. */
import type { CommentRecord } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import type { AuthorStanding } from "../domain/moderation";
import type { Site } from "../domain/site";
import {
  commentColumns,
  commentFrom,
  commentsFrom,
  deleteCommentStatements,
  selectComment,
  updateCommentBody,
} from "./comments";
import { heldNotices } from "./outbox";
import { firstRow } from "./rows";
import { repliesPageFrom, selectReplies } from "./threads";
import { selectSiteOfComment, siteFrom } from "./sites";
import type { Database } from "./database";

/** A comment, its site, and the facts an edit is judged by, in one round trip. */
export async function loadOwnComment(
  db: Database,
  id: string,
): Promise<{
  comment: CommentRecord;
  site: Site | null;
  thread: { key: string; title: string | null };
  standing: AuthorStanding;
} | null> {
  const [commentResult, siteResult, threadResult, knownResult, banResult] = await db.batch([
    selectComment(db, id),
    selectSiteOfComment(db, id),
    db
      .prepare(
        `SELECT key, title FROM threads WHERE id = (SELECT thread_id FROM comments WHERE id = ?1)`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT 1 AS known FROM comments c
         JOIN known_authors k ON k.site_id = c.site_id AND k.email_hash = c.email_hash
           AND k.name_key = lower(c.author_name)
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
    standing: {
      knownAuthor: firstRow(knownResult) !== null,
      authorBanned: bans?.author_banned === 1,
      networkBanned: bans?.network_banned === 1,
    },
  };
}

export interface CommentTree {
  site: Site | null;
  comment: CommentRecord;
  /** Its first approved replies at any depth (a root's oldest ones, by creation). */
  replies: CommentRecord[];
  /** For a root: the last reply given, when more follow (continued by loadReplies). */
  repliesAfter: PageCursor | null;
  /** For a root: how many of its replies are not given. */
  moreReplies: number;
}

/**
 * An approved comment with its first `replyLimit` approved replies, and its site, in one
 * round trip. A root's replies come from the `root_id` index like a list page's; a reply's
 * own replies are walked down from it, stopping after `replyLimit` of them.
 */
export async function loadCommentTree(
  db: Database,
  id: string,
  replyLimit: number,
): Promise<CommentTree | null> {
  const [selfResult, siteResult, rootRepliesResult, subtreeResult] = await db.batch([
    db
      .prepare(`SELECT ${commentColumns} FROM comments c WHERE c.id = ?1 AND c.status = 'approved'`)
      .bind(id),
    selectSiteOfComment(db, id),
    selectReplies(db, id, null, replyLimit),
    db
      .prepare(
        `WITH RECURSIVE tree(id) AS (
           SELECT id FROM comments WHERE id = ?1 AND status = 'approved' AND depth > 1
           UNION ALL
           SELECT c.id FROM comments c JOIN tree ON c.parent_id = tree.id WHERE c.status = 'approved'
           LIMIT ?2 + 1
         )
         -- CROSS JOIN keeps SQLite from scanning every comment to probe the (small) tree:
         -- it fixes the join order, so each tree id is one primary-key lookup.
         SELECT ${commentColumns} FROM tree CROSS JOIN comments c ON c.id = tree.id WHERE c.id <> ?1`,
      )
      .bind(id, replyLimit),
  ]);
  const comment = commentFrom(selfResult);
  if (!comment) return null;
  const site = siteFrom(siteResult);
  if (comment.depth > 1) {
    const replies = commentsFrom(subtreeResult);
    return { site, comment, replies, repliesAfter: null, moreReplies: 0 };
  }
  const { replies, nextAfter } = repliesPageFrom(rootRepliesResult, replyLimit);
  const moreReplies = nextAfter ? comment.replyCount - replies.length : 0;
  return { site, comment, replies, repliesAfter: nextAfter, moreReplies };
}

/**
 * Writes the author's edit and reads the comment back. Null when the comment was deleted
 * in the meantime (a DELETE that won the race): there is nothing left to show edited.
 */
export async function editOwnComment(
  db: Database,
  comment: CommentRecord,
  edit: Parameters<typeof updateCommentBody>[2],
): Promise<CommentRecord | null> {
  // An edit that sends an approved comment back to review tells the site's recipients.
  const newlyHeld = edit.status === "pending" && comment.status !== "pending";
  const results = await db.batch([
    updateCommentBody(db, comment.id, edit),
    ...(newlyHeld ? [heldNotices(db, [comment.id], edit.editedAt)] : []),
    selectComment(db, comment.id),
  ]);
  const after = commentFrom(results.at(-1));
  return results[0]?.meta.changes && after && !after.deletedAt ? after : null;
}

export async function deleteComment(db: Database, comment: CommentRecord): Promise<void> {
  await db.batch(deleteCommentStatements(db, comment, new Date().toISOString()));
}
