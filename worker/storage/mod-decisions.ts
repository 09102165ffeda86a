/**
 * Moderators' decisions: statuses (one comment or many), edits, pins, replies from the
 * desk, deletions and closing threads. Every write that changes a comment also writes its
 * audit log entry in the same transaction, so the log cannot miss an action.
 */
import type { Actor } from "../domain/actor";
import type { CommentRecord, CommentStatus } from "../domain/comment";
import { logEdit, logEntry, logPin, logStatusChanges, logThread } from "./audit-log";
import { commentFrom, deleteCommentStatements, selectComment } from "./comments";
import { modCommentsFrom, selectModComment, type ModCommentRecord } from "./mod-queue";
import { replyNotices } from "./outbox";
import { allRows, parseJsonColumn } from "./rows";
import { dropSubscriptionsOf } from "./subscriptions";
import { threadFrom, upsertThreadClosed } from "./threads";
import type { Database } from "./database";

const jsonIds = "SELECT value FROM json_each(?1)";

export interface AkismetReviewed {
  id: string;
  siteId: string;
  parentId: string | null;
  status: CommentStatus;
  authorName: string;
  authorWebsite: string | null;
  emailEncrypted: string | null;
  body: string;
  reasons: string[];
  createdAt: string;
  pageUrl: string | null;
  /** Sealed: what Akismet was told about the client. */
  akismetContext: string;
}

/**
 * Sets the status of the given comments (of any site), logging each change. Approving makes
 * the author known on that site, so first-time moderation lets them through next time.
 * The first statement reads the changing comments Akismet has seen, so the moderator's
 * decision can be reported back to it.
 */
function statusStatements(
  db: Database,
  ids: string[],
  status: CommentStatus,
  at: string,
  actor: Actor,
) {
  const idList = JSON.stringify(ids);
  const statements = [
    db
      .prepare(
        `SELECT id, site_id, parent_id, status, author_name, author_website, email_encrypted,
           body, reasons, created_at, page_url, akismet_context
         FROM comments
         WHERE id IN (SELECT value FROM json_each(?2)) AND status <> ?1 AND deleted_at IS NULL
           AND akismet_context IS NOT NULL`,
      )
      .bind(status, idList),
    logStatusChanges(db, ids, status, at, actor),
  ];
  // Before the UPDATE, which it sees as about to happen: subscribers hear of a comment once
  // it is approved, never before.
  if (status === "approved") statements.push(replyNotices(db, ids, at, true));
  // A moderator's decision settles the readers' reports of the comment; approving it over
  // them means reports alone may not hide it again (storage/reports.ts).
  if (status === "approved") {
    statements.push(
      db
        .prepare(
          `UPDATE comments SET approved_over_reports_at = ?2
           WHERE id IN (${jsonIds}) AND EXISTS (SELECT 1 FROM reports WHERE comment_id = comments.id)`,
        )
        .bind(idList, at),
    );
  }
  statements.push(
    db
      .prepare(
        `UPDATE reports SET settled_at = ?2 WHERE comment_id IN (${jsonIds}) AND settled_at IS NULL`,
      )
      .bind(idList, at),
  );
  // Spam publishes nothing, and follows nothing: the subscription its post made goes.
  if (status === "spam") statements.push(dropSubscriptionsOf(db, ids));
  statements.push(
    db
      .prepare(
        `UPDATE comments SET status = ?1
         WHERE id IN (SELECT value FROM json_each(?2)) AND status <> ?1 AND deleted_at IS NULL`,
      )
      .bind(status, idList),
  );
  if (status === "approved") {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO known_authors (site_id, email_hash, name_key, approved_at)
           SELECT site_id, email_hash, lower(author_name), ?2 FROM comments
           WHERE id IN (SELECT value FROM json_each(?1)) AND email_hash IS NOT NULL AND status = 'approved'`,
        )
        .bind(idList, at),
      // A thread without an approved comment yet takes its url, title and age from the
      // first one a moderator approves (never from spam or a held comment).
      db
        .prepare(
          `UPDATE threads SET
             opened_at = ?2,
             url = COALESCE(url, (${firstApprovedPage("page_url")})),
             title = COALESCE(title, (${firstApprovedPage("page_title")}))
           WHERE opened_at IS NULL AND id IN (
             SELECT thread_id FROM comments
             WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'approved')`,
        )
        .bind(idList, at),
    );
  }
  return statements;
}

/** The page of the earliest comment approved in this batch that names one, per thread. */
const firstApprovedPage = (column: "page_url" | "page_title") =>
  `SELECT c.${column} FROM comments c
   WHERE c.thread_id = threads.id AND c.id IN (SELECT value FROM json_each(?1))
     AND c.status = 'approved' AND c.page_url IS NOT NULL
   ORDER BY c.created_at LIMIT 1`;

function akismetReviewedFrom(result: D1Result<unknown> | undefined): AkismetReviewed[] {
  return allRows<{
    id: string;
    site_id: string;
    parent_id: string | null;
    status: CommentStatus;
    author_name: string;
    author_website: string | null;
    email_encrypted: string | null;
    body: string;
    reasons: string;
    created_at: string;
    page_url: string | null;
    akismet_context: string;
  }>(result).map((row) => ({
    id: row.id,
    siteId: row.site_id,
    parentId: row.parent_id,
    status: row.status,
    authorName: row.author_name,
    authorWebsite: row.author_website,
    emailEncrypted: row.email_encrypted,
    body: row.body,
    reasons: parseJsonColumn<string[]>(row.reasons, []),
    createdAt: row.created_at,
    pageUrl: row.page_url,
    akismetContext: row.akismet_context,
  }));
}

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
    db
      .prepare(
        `INSERT INTO comments (id, site_id, thread_id, parent_id, root_id, depth, status,
           author_name, avatar, body, html, reasons, created_at, moderator_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'approved', ?7, ?8, ?9, ?10, '[]', ?11, ?12)`,
      )
      .bind(
        reply.id,
        reply.siteId,
        reply.threadId,
        reply.parentId,
        reply.rootId,
        reply.depth,
        reply.authorName,
        reply.avatar,
        reply.body,
        reply.html,
        reply.createdAt,
        reply.moderatorId,
      ),
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
