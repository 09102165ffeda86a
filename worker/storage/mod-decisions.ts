/**
 * Moderators' decisions: statuses (one comment or many; what a status writes is
 * status-change.ts's), edits, pins, replies from the desk, deletions and closing threads.
 * Every write that changes a comment also writes its audit log entry in the same
 * transaction, so the log cannot miss an action.
 */
import type { Actor } from "../domain/actor";
import type { CommentRecord, CommentStatus } from "../domain/comment";
import { logEdit, logEntry, logPin, logThread } from "./audit-log";
import { commentFrom, deleteCommentStatements, insertComments, selectComment } from "./comments";
import { modCommentsFrom, selectModComment, type ModCommentRecord } from "./mod-queue";
import { replyNotices } from "./outbox";
import { akismetReviewedFrom, statusStatements, type AkismetReviewed } from "./status-change";
import { threadFrom, upsertThreadClosed } from "./threads";
import type { Database } from "./database";

export async function setStatuses(
  db: Database,
  ids: string[],
  status: CommentStatus,
  actor: Actor,
  at: string,
): Promise<{ updated: number; akismetReviewed: AkismetReviewed[] }> {
  const [reviewed, logged] = await db.batch(statusStatements(db, ids, status, at, actor));
  // One log entry per comment changed: the UPDATE's own `changes` would also count the
  // thread rows its comment-count triggers touched.
  return { updated: logged?.meta.changes ?? 0, akismetReviewed: akismetReviewedFrom(reviewed) };
}

/** A moderator's change of status and/or body; returns the comment after it (null if gone). */
export async function moderateComment(
  db: Database,
  id: string,
  change: { status?: CommentStatus; edit?: { body: string; html: string }; pinned?: boolean },
  actor: Actor,
  at: string,
): Promise<{ comment: ModCommentRecord | null; akismetReviewed: AkismetReviewed[] }> {
  const statements: D1PreparedStatement[] = [];
  if (change.pinned !== undefined) {
    statements.push(
      logPin(db, id, change.pinned, at, actor),
      db
        .prepare(
          `UPDATE comments SET pinned_at = CASE WHEN ?2 THEN COALESCE(pinned_at, ?3) END
           WHERE id = ?1 AND depth = 1`,
        )
        .bind(id, change.pinned ? 1 : 0, at),
    );
  }
  if (change.edit) {
    statements.push(
      logEdit(db, id, at, actor),
      db
        .prepare(
          `UPDATE comments SET body = ?2, html = ?3, edited_at = ?4 WHERE id = ?1 AND deleted_at IS NULL`,
        )
        .bind(id, change.edit.body, change.edit.html, at),
    );
  }
  const statusAt = statements.length;
  if (change.status) statements.push(...statusStatements(db, [id], change.status, at, actor));
  statements.push(selectModComment(db, id));
  const results = await db.batch(statements);
  return {
    comment: modCommentsFrom(results.at(-1))[0] ?? null,
    akismetReviewed: change.status ? akismetReviewedFrom(results[statusAt]) : [],
  };
}

/** How many comments of a thread are pinned. */
export async function countPinned(db: Database, threadId: number): Promise<number> {
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM comments WHERE thread_id = ?1 AND pinned_at IS NOT NULL`)
    .bind(threadId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/**
 * A moderator's reply from the desk: approved at once, marked as theirs (the badge), logged,
 * and mailed to whoever follows the page or the comment it answers.
 */
export async function insertModeratorReply(
  db: Database,
  reply: CommentRecord,
  actor: Actor,
): Promise<ModCommentRecord | null> {
  const results = await db.batch([
    insertComments(db, [{ ...reply, status: "approved" }], {
      siteId: reply.siteId,
      threadId: reply.threadId,
    }),
    logEntry(
      db,
      { siteId: reply.siteId, action: "reply", commentId: reply.id, at: reply.createdAt },
      actor,
    ),
    replyNotices(db, [reply.id], reply.createdAt, false),
    selectModComment(db, reply.id),
  ]);
  return modCommentsFrom(results.at(-1))[0] ?? null;
}

/** Deletes (or tombstones) a comment, logged. False when there was no such comment. */
export async function deleteByModerator(
  db: Database,
  id: string,
  actor: Actor,
  at: string,
): Promise<boolean> {
  const comment = commentFrom(await selectComment(db, id).all());
  if (!comment || comment.deletedAt) return false;
  await db.batch([
    logEntry(
      db,
      { siteId: comment.siteId, action: "delete", commentId: id, from: comment.status, at },
      actor,
    ),
    ...deleteCommentStatements(db, comment, at),
  ]);
  return true;
}

export async function closeOrReopenThread(
  db: Database,
  thread: { siteId: string; key: string; closed: boolean },
  actor: Actor,
  at: string,
) {
  const [, result] = await db.batch([
    // Logged before the change, so the entry can say which state the thread came from.
    logThread(db, thread, at, actor),
    upsertThreadClosed(db, { ...thread, createdAt: at }),
  ]);
  const { key, url, title, count, closed, createdAt } = threadFrom(result)!;
  return { key, url, title, count, closed, createdAt };
}
