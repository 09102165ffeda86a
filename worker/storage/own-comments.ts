/** Reads and writes for one comment by id: the author's view, edits, deletion. */
import type { CommentRecord, CommentStatus } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import type { AuthorStanding } from "../domain/moderation";
import type { Site } from "../domain/site";
import {
  commentList,
  commentFrom,
  commentsFrom,
  deleteCommentStatements,
  selectComment,
} from "./comments";
import {
  attemptExists,
  insertAttemptWithinLimits,
  type Attempt,
  type AttemptLimits,
} from "./attempts";
import { heldNotices } from "./outbox";
import { queueCommentNotices } from "./notification-queue";
import { firstRow } from "./rows";
import { repliesPageFrom, selectReplies } from "./thread-page";
import { selectSiteOfComment, siteFrom } from "./sites";
import type { Database } from "./database";

/** A comment, its site, and the facts an edit is judged by, in one round trip. */
export async function loadOwnComment(
  db: Database,
  id: string,
  now: Date,
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
      .bind(id, now.toISOString()),
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
      .prepare(`SELECT ${commentList} FROM comments c WHERE c.id = ?1 AND c.status = 'approved'`)
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
         SELECT ${commentList} FROM tree CROSS JOIN comments c ON c.id = tree.id WHERE c.id <> ?1`,
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

/** A new body from the author, and the verdict on it. */
export interface AuthorEdit {
  body: string;
  html: string;
  status: CommentStatus;
  reasons: string[];
  editedAt: string;
  dedupKey: string | null;
}

/**
 * Writes the author's edit, as an attempt within the site's posting limits, and reads the
 * comment back. An edit that sends the comment back to review tells moderators (mail
 * queued here; the route sends the webhook when `noticeDue`) unless they were told about
 * it within the digest window. `edited` is null when the attempt was over the limits, or
 * when the comment was deleted in the meantime (a DELETE that won the race).
 */
export async function editOwnComment(
  db: Database,
  comment: CommentRecord,
  edit: AuthorEdit,
  attempt: { record: Attempt; limits: AttemptLimits; noticeWindowStart: string },
): Promise<{ admitted: boolean; edited: CommentRecord | null; noticeDue: boolean }> {
  const newlyHeld = edit.status === "pending" && comment.status !== "pending";
  const at = edit.editedAt;
  const results = await db.batch([
    insertAttemptWithinLimits(db, attempt.record, attempt.limits),
    db
      .prepare(
        `UPDATE comments SET body = ?2, html = ?3, status = ?4, reasons = ?5, edited_at = ?6,
           dedup_key = ?7
         WHERE id = ?1 AND deleted_at IS NULL AND ${attemptExists("?8")}`,
      )
      .bind(
        comment.id,
        edit.body,
        edit.html,
        edit.status,
        JSON.stringify(edit.reasons),
        edit.editedAt,
        edit.dedupKey,
        attempt.record.id,
      ),
    db
      .prepare(
        `UPDATE comments SET held_notice_at = ?2
         WHERE id = ?1 AND ?3 AND ${attemptExists("?5")}
           AND (held_notice_at IS NULL OR held_notice_at < ?4)`,
      )
      .bind(comment.id, at, newlyHeld ? 1 : 0, attempt.noticeWindowStart, attempt.record.id),
    ...(newlyHeld
      ? [heldNotices(db, [comment.id], at), queueCommentNotices(db, [comment.id], "held", at)]
      : []),
    selectComment(db, comment.id),
  ]);
  const [admitted, updated, claimed] = results;
  const after = commentFrom(results.at(-1));
  return {
    admitted: admitted?.meta.changes === 1,
    edited: updated?.meta.changes && after && !after.deletedAt ? after : null,
    noticeDue: (claimed?.meta.changes ?? 0) > 0,
  };
}

export async function deleteComment(
  db: Database,
  comment: CommentRecord,
  at: string,
): Promise<void> {
  await db.batch(deleteCommentStatements(db, comment, at));
}
