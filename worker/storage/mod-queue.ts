/**
 * The moderators' queue, a read model: comments of a site by status (or with readers'
 * reports), newest first, each with its thread, the comment it answers and its reports;
 * and how many of each status a site has.
 */
import type { CommentRecord, CommentStatus, ReportReason } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import { commentColumns, toCommentRecord, type CommentRow } from "./comments";
import { allRows, parseJsonColumn } from "./rows";
import type { Database } from "./database";

export interface ThreadRef {
  key: string;
  url: string | null;
  title: string | null;
}

export interface ModCommentRecord extends CommentRecord {
  thread: ThreadRef;
  /** The comment it answers, for context in the queue. */
  parent: { id: string; authorName: string; body: string; deleted: boolean } | null;
  /** Readers' reports not yet settled by a moderator. */
  reports: { reason: ReportReason; text: string | null }[];
}

// Until a page has an approved comment its thread has no url or title of its own: moderators
// see the page the comment itself was posted from.
export const modColumns = `${commentColumns}, t.key AS thread_key,
  COALESCE(t.url, c.page_url) AS thread_url, COALESCE(t.title, c.page_title) AS thread_title,
  p.author_name AS parent_author, p.body AS parent_body, p.deleted_at AS parent_deleted_at,
  (SELECT json_group_array(json_object('reason', r.reason, 'text', r.text)) FROM reports r
   WHERE r.comment_id = c.id AND r.settled_at IS NULL) AS reports_json`;

/** The tables modColumns reads: the comment, its thread, and the comment it answers. */
export const modTables = `comments c JOIN threads t ON t.id = c.thread_id
  LEFT JOIN comments p ON p.id = c.parent_id`;

interface ModCommentRow extends CommentRow {
  thread_key: string;
  thread_url: string | null;
  thread_title: string | null;
  parent_author: string | null;
  parent_body: string | null;
  parent_deleted_at: string | null;
  reports_json: string | null;
}

function toModRecord(row: ModCommentRow): ModCommentRecord {
  return {
    ...toCommentRecord(row),
    thread: { key: row.thread_key, url: row.thread_url, title: row.thread_title },
    parent: row.parent_id
      ? {
          id: row.parent_id,
          authorName: row.parent_author ?? "",
          body: row.parent_body ?? "",
          deleted: row.parent_deleted_at !== null,
        }
      : null,
    reports: parseJsonColumn<{ reason: ReportReason; text: string | null }[]>(row.reports_json, []),
  };
}

export function modCommentsFrom(result: D1Result<unknown> | undefined): ModCommentRecord[] {
  return allRows<ModCommentRow>(result).map(toModRecord);
}

export function selectModComment(db: Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${modColumns} FROM ${modTables} WHERE c.id = ?1`).bind(id);
}

export interface QueueQuery {
  siteId: string;
  /** A status, or `reported`: comments with readers' reports a moderator has not settled. */
  status?: CommentStatus | "reported";
  pageKey?: string;
  /** Text in the body, the author's name or website, or the page's title or key. */
  search?: string;
  /** The keyed hash of an email searched for. */
  emailHash?: string;
  before: PageCursor | null;
  limit: number;
}

/** The review queue, newest first, one page (plus one row to know whether more follow). */
export async function listQueue(
  db: Database,
  query: QueueQuery,
): Promise<{ siteExists: boolean; comments: ModCommentRecord[]; more: boolean }> {
  const filters = queueFilters(query);
  const [site, result] = await db.batch([
    db.prepare(`SELECT 1 AS found FROM sites WHERE id = ?1`).bind(query.siteId),
    db
      .prepare(
        `SELECT ${modColumns} FROM ${modTables}
         WHERE c.site_id = ?1 ${filters}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ?6`,
      )
      // D1 wants exactly as many values as the highest ?N used.
      .bind(
        ...[
          query.siteId,
          query.status ?? null,
          query.pageKey ?? null,
          query.before?.createdAt ?? null,
          query.before?.id ?? null,
          query.limit + 1,
          query.search ?? null,
          query.emailHash ?? null,
        ].slice(0, query.search ? (query.emailHash ? 8 : 7) : 6),
      ),
  ]);
  const comments = modCommentsFrom(result);
  return {
    siteExists: (site?.results.length ?? 0) > 0,
    comments: comments.slice(0, query.limit),
    more: comments.length > query.limit,
  };
}

/** The conditions a queue query adds, each only when asked (a search also by the email's hash). */
function queueFilters(query: QueueQuery): string {
  // instr(), not LIKE: D1 caps LIKE patterns at a few dozen characters.
  const found = (column: string) => `instr(lower(${column}), lower(?7)) > 0`;
  return [
    query.status === "reported"
      ? "AND c.id IN (SELECT comment_id FROM reports WHERE site_id = ?1 AND settled_at IS NULL)"
      : query.status
        ? "AND c.status = ?2"
        : "",
    query.pageKey
      ? "AND c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?3)"
      : "",
    query.before ? "AND (c.created_at, c.id) < (?4, ?5)" : "",
    query.search
      ? `AND (${["c.body", "c.author_name", "c.author_website", "t.title", "c.page_title", "t.key"]
          .map(found)
          .join(" OR ")}${query.emailHash ? " OR c.email_hash = ?8" : ""})`
      : "",
  ].join(" ");
}

/** How many of a site's comments (deleted ones aside) have each status. */
export async function countByStatus(
  db: Database,
  siteId: string,
): Promise<Record<CommentStatus | "reported", number>> {
  const result = await db
    .prepare(
      `SELECT status, COUNT(*) AS n FROM comments
       WHERE site_id = ?1 AND deleted_at IS NULL GROUP BY status
       UNION ALL
       SELECT 'reported', COUNT(DISTINCT comment_id) FROM reports
       WHERE site_id = ?1 AND settled_at IS NULL`,
    )
    .bind(siteId)
    .all();
  const counts = { pending: 0, approved: 0, spam: 0, rejected: 0, reported: 0 };
  for (const row of allRows<{ status: CommentStatus | "reported"; n: number }>(result)) {
    counts[row.status] = row.n;
  }
  return counts;
}

/** A comment Akismet was asked about, as it was before a moderator changed its status. */
