/**
 * Moderators' reads and writes. Every write that changes a comment also writes its audit
 * log entry in the same transaction, so the log cannot miss an action.
 */
import type { CommentRecord, CommentStatus } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import {
  commentColumns,
  commentFrom,
  deleteCommentStatements,
  selectComment,
  toCommentRecord,
  type CommentRow,
} from "./comments";
import { replyNotices } from "./outbox";
import { allRows, parseJsonColumn } from "./rows";
import { threadFrom, upsertThreadClosed } from "./threads";

export interface ThreadRef {
  key: string;
  url: string | null;
  title: string | null;
}

export interface ModCommentRecord extends CommentRecord {
  thread: ThreadRef;
}

// Until a page has an approved comment its thread has no url or title of its own: moderators
// see the page the comment itself was posted from.
export const modColumns = `${commentColumns}, t.key AS thread_key,
  COALESCE(t.url, c.page_url) AS thread_url, COALESCE(t.title, c.page_title) AS thread_title`;

interface ModCommentRow extends CommentRow {
  thread_key: string;
  thread_url: string | null;
  thread_title: string | null;
}

function toModRecord(row: ModCommentRow): ModCommentRecord {
  return {
    ...toCommentRecord(row),
    thread: { key: row.thread_key, url: row.thread_url, title: row.thread_title },
  };
}

export function modCommentsFrom(result: D1Result<unknown> | undefined): ModCommentRecord[] {
  return allRows<ModCommentRow>(result).map(toModRecord);
}

function selectModComment(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${modColumns} FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ?1`,
    )
    .bind(id);
}

/** The review queue, newest first, one page (plus one row to know whether more follow). */
export async function listQueue(
  db: D1Database,
  query: {
    siteId: string;
    status?: CommentStatus;
    pageKey?: string;
    before: PageCursor | null;
    limit: number;
  },
): Promise<{ siteExists: boolean; comments: ModCommentRecord[]; more: boolean }> {
  const filters = [
    query.status ? "AND c.status = ?2" : "",
    query.pageKey
      ? "AND c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?3)"
      : "",
    query.before ? "AND (c.created_at, c.id) < (?4, ?5)" : "",
  ].join(" ");
  const [site, result] = await db.batch([
    db.prepare(`SELECT 1 AS found FROM sites WHERE id = ?1`).bind(query.siteId),
    db
      .prepare(
        `SELECT ${modColumns} FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.site_id = ?1 ${filters}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ?6`,
      )
      .bind(
        query.siteId,
        query.status ?? null,
        query.pageKey ?? null,
        query.before?.createdAt ?? null,
        query.before?.id ?? null,
        query.limit + 1,
      ),
  ]);
  const comments = modCommentsFrom(result);
  return {
    siteExists: (site?.results.length ?? 0) > 0,
    comments: comments.slice(0, query.limit),
    more: comments.length > query.limit,
  };
}

/** A comment Akismet was asked about, as it was before a moderator changed its status. */
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
function statusStatements(db: D1Database, ids: string[], status: CommentStatus, at: string) {
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
    db
      .prepare(
        `INSERT INTO moderation_log (site_id, at, action, comment_id, from_status, to_status)
         SELECT site_id, ?2, 'status', id, status, ?1 FROM comments
         WHERE id IN (SELECT value FROM json_each(?3)) AND status <> ?1 AND deleted_at IS NULL`,
      )
      .bind(status, at, idList),
  ];
  // Before the UPDATE, which it sees as about to happen: subscribers hear of a comment once
  // it is approved, never before.
  if (status === "approved") statements.push(replyNotices(db, ids, at, true));
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
  db: D1Database,
  ids: string[],
  status: CommentStatus,
): Promise<{ updated: number; akismetReviewed: AkismetReviewed[] }> {
  const [reviewed, logged] = await db.batch(
    statusStatements(db, ids, status, new Date().toISOString()),
  );
  // One log entry per comment changed: the UPDATE's own `changes` would also count the
  // thread rows its comment-count triggers touched.
  return { updated: logged?.meta.changes ?? 0, akismetReviewed: akismetReviewedFrom(reviewed) };
}

/** A moderator's change of status and/or body; returns the comment after it (null if gone). */
export async function moderateComment(
  db: D1Database,
  id: string,
  change: { status?: CommentStatus; edit?: { body: string; html: string } },
): Promise<{ comment: ModCommentRecord | null; akismetReviewed: AkismetReviewed[] }> {
  const at = new Date().toISOString();
  const statements: D1PreparedStatement[] = [];
  if (change.edit) {
    statements.push(
      db
        .prepare(
          `INSERT INTO moderation_log (site_id, at, action, comment_id, from_status, to_status)
           SELECT site_id, ?2, 'edit', id, status, status FROM comments WHERE id = ?1 AND deleted_at IS NULL`,
        )
        .bind(id, at),
      db
        .prepare(
          `UPDATE comments SET body = ?2, html = ?3, edited_at = ?4 WHERE id = ?1 AND deleted_at IS NULL`,
        )
        .bind(id, change.edit.body, change.edit.html, at),
    );
  }
  const statusAt = statements.length;
  if (change.status) statements.push(...statusStatements(db, [id], change.status, at));
  statements.push(selectModComment(db, id));
  const results = await db.batch(statements);
  return {
    comment: modCommentsFrom(results.at(-1))[0] ?? null,
    akismetReviewed: change.status ? akismetReviewedFrom(results[statusAt]) : [],
  };
}

/** Deletes (or tombstones) a comment, logged. False when there was no such comment. */
export async function deleteByModerator(db: D1Database, id: string): Promise<boolean> {
  const comment = commentFrom(await selectComment(db, id).all());
  if (!comment || comment.deletedAt) return false;
  const at = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        `INSERT INTO moderation_log (site_id, at, action, comment_id, from_status, to_status)
         VALUES (?1, ?2, 'delete', ?3, ?4, NULL)`,
      )
      .bind(comment.siteId, at, id, comment.status),
    ...deleteCommentStatements(db, comment, at),
  ]);
  return true;
}

export interface LogEntry {
  id: number;
  at: string;
  action: string;
  commentId: string | null;
  from: string | null;
  to: string | null;
  detail: string | null;
}

export function logStatement(
  db: D1Database,
  entry: { siteId: string; action: string; commentId?: string | null; detail?: string | null },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO moderation_log (site_id, at, action, comment_id, from_status, to_status, detail)
       VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)`,
    )
    .bind(
      entry.siteId,
      new Date().toISOString(),
      entry.action,
      entry.commentId ?? null,
      entry.detail ?? null,
    );
}

export async function listLog(
  db: D1Database,
  query: { siteId: string; beforeId?: number; limit: number },
): Promise<LogEntry[]> {
  const result = await db
    .prepare(
      `SELECT id, at, action, comment_id, from_status, to_status, detail FROM moderation_log
       WHERE site_id = ?1 ${query.beforeId ? "AND id < ?2" : ""} ORDER BY id DESC LIMIT ?3`,
    )
    .bind(query.siteId, query.beforeId ?? null, query.limit)
    .all();
  return allRows<{
    id: number;
    at: string;
    action: string;
    comment_id: string | null;
    from_status: string | null;
    to_status: string | null;
    detail: string | null;
  }>(result).map((row) => ({
    id: row.id,
    at: row.at,
    action: row.action,
    commentId: row.comment_id,
    from: row.from_status,
    to: row.to_status,
    detail: row.detail,
  }));
}

export async function closeOrReopenThread(
  db: D1Database,
  thread: { siteId: string; key: string; closed: boolean },
) {
  const at = new Date().toISOString();
  const [, result] = await db.batch([
    // Logged before the change, so the entry can say which state the thread came from.
    db
      .prepare(
        `INSERT INTO moderation_log (site_id, at, action, comment_id, from_status, to_status, detail)
         VALUES (?1, ?2, ?3, NULL,
           COALESCE((SELECT CASE closed WHEN 1 THEN 'closed' ELSE 'open' END FROM threads
                     WHERE site_id = ?1 AND key = ?4), 'open'),
           ?5, ?4)`,
      )
      .bind(
        thread.siteId,
        at,
        thread.closed ? "close-thread" : "reopen-thread",
        thread.key,
        thread.closed ? "closed" : "open",
      ),
    upsertThreadClosed(db, { ...thread, createdAt: at }),
  ]);
  const { key, url, title, count, closed, createdAt } = threadFrom(result)!;
  return { key, url, title, count, closed, createdAt };
}
