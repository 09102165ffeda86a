/**
 * The moderators' queue, a read model: comments of a site by status (or with readers'
 * reports), newest first, each with its thread, the comment it answers and its reports;
 * and how many of each status a site has.
 */
import {
  commentStatuses,
  type CommentRecord,
  type CommentStatus,
  type ReportReason,
} from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import { columns } from "./columns";
import { commentColumns, commentList } from "./comments";
import { statement, type Param } from "./parameters";
import { allRows, firstRow, parseJsonColumn, type Row } from "./rows";
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

/**
 * What the queue shows beside a comment: its page (until a page has an approved comment its
 * thread has no url or title of its own: moderators see the page the comment itself was
 * posted from), the comment it answers (as `p`), and its open reports.
 */
const besideColumns = columns<{
  threadKey: string;
  threadUrl: string | null;
  threadTitle: string | null;
  parentAuthor: string | null;
  parentBody: string | null;
  parentDeletedAt: string | null;
  reports: ModCommentRecord["reports"];
}>({
  threadKey: { column: "thread_key", sql: "t.key" },
  threadUrl: { column: "thread_url", sql: "COALESCE(t.url, c.page_url)" },
  threadTitle: { column: "thread_title", sql: "COALESCE(t.title, c.page_title)" },
  parentAuthor: { column: "parent_author", sql: "p.author_name" },
  parentBody: { column: "parent_body", sql: "p.body" },
  parentDeletedAt: { column: "parent_deleted_at", sql: "p.deleted_at" },
  reports: {
    column: "reports_json",
    sql: `(SELECT json_group_array(json_object('reason', r.reason, 'text', r.text)) FROM reports r
      WHERE r.comment_id = c.id AND r.settled_at IS NULL)`,
    from: (text: string | null) => parseJsonColumn<ModCommentRecord["reports"]>(text, []),
  },
});

export const modColumns = `${commentList}, ${besideColumns.list()}`;

/** The tables modColumns reads: the comment, its thread, and the comment it answers. */
export const modTables = `comments c JOIN threads t ON t.id = c.thread_id
  LEFT JOIN comments p ON p.id = c.parent_id`;

function toModRecord(row: Row): ModCommentRecord {
  const comment = commentColumns.from(row);
  const beside = besideColumns.from(row);
  return {
    ...comment,
    thread: { key: beside.threadKey, url: beside.threadUrl, title: beside.threadTitle },
    parent: comment.parentId
      ? {
          id: comment.parentId,
          authorName: beside.parentAuthor ?? "",
          body: beside.parentBody ?? "",
          deleted: beside.parentDeletedAt !== null,
        }
      : null,
    reports: beside.reports,
  };
}

export function modCommentsFrom(result: D1Result<unknown> | undefined): ModCommentRecord[] {
  return allRows<Row>(result).map(toModRecord);
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

/**
 * How many of the newest comments (of the status and page asked) one search request reads:
 * a search that matches little would otherwise read the whole site. When the window holds
 * fewer matches than a page, the next cursor starts after the window, so "load more"
 * searches on through older comments, a window at a time.
 */
export const searchWindow = 1_000;

/**
 * The review queue, newest first, one page (plus one row to know whether more follow), and
 * where the next page starts. The comments are picked by id first (`newest`, from an index
 * range), then read with what the queue shows beside them.
 */
export async function listQueue(
  db: Database,
  query: QueueQuery,
): Promise<{ siteExists: boolean; comments: ModCommentRecord[]; next: PageCursor | null }> {
  const order = `ORDER BY c.created_at DESC, c.id DESC`;
  const [site, result, windowEnd] = await db.batch([
    db.prepare(`SELECT 1 AS found FROM sites WHERE id = ?1`).bind(query.siteId),
    statement(db, (p) => {
      // One index range is read in place; a search's window and a page's four ranges are
      // picked by id first (`bounded`), then read with what the queue shows beside them.
      if (!query.search && queueRanges(query).length === 1) {
        return `SELECT ${modColumns} FROM ${modTables} WHERE ${rangeConditions(query, p)[0]}
           ${order} LIMIT ${p(query.limit + 1)}`;
      }
      const picked = newest(query, p, query.search ? searchWindow : query.limit + 1);
      const search = query.search ? searchFilter(query.search, query.emailHash, p) : "";
      return `SELECT ${modColumns} FROM (${picked}) bounded CROSS JOIN ${modTables}
         WHERE c.id = bounded.id ${search} ${order} LIMIT ${p(query.limit + 1)}`;
    }),
    // The last comment a search's window holds, when it is full: where the next one starts.
    ...(query.search
      ? [
          statement(
            db,
            (p) => `SELECT created_at, id FROM (${newest(query, p, searchWindow)})
              ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${p(searchWindow - 1)}`,
          ),
        ]
      : []),
  ]);
  const comments = modCommentsFrom(result);
  const last = comments[query.limit - 1];
  const searchedTo = firstRow<{ created_at: string; id: string }>(windowEnd);
  return {
    siteExists: (site?.results.length ?? 0) > 0,
    comments: comments.slice(0, query.limit),
    next:
      comments.length > query.limit && last
        ? { createdAt: last.createdAt, id: last.id }
        : searchedTo
          ? { createdAt: searchedTo.created_at, id: searchedTo.id }
          : null,
  };
}

/**
 * How many index ranges a queue query reads: one (the index by site or page and status, or
 * the open reports), or for one page's every status, one per status.
 */
const queueRanges = (query: QueueQuery) =>
  query.pageKey && !query.status ? commentStatuses : [query.status];

/**
 * The conditions of each range, each an index range whatever the site's size:
 * - reported: the open reports (a unary + keeps the site's index, which would walk the
 *   whole archive looking for them, out of the plan);
 * - one page, every status: the newest of each status from the page's index, merged
 *   (filtering the site's comments by page walked all of the site's newer ones).
 */
function rangeConditions(query: QueueQuery, p: Param): string[] {
  const site = p(query.siteId);
  const thread = query.pageKey
    ? `(SELECT id FROM threads WHERE site_id = ${site} AND key = ${p(query.pageKey)})`
    : null;
  const before = query.before
    ? `AND (c.created_at, c.id) < (${p(query.before.createdAt)}, ${p(query.before.id)})`
    : "";
  if (thread && !query.status) {
    return commentStatuses.map(
      (status) => `c.thread_id = ${thread} AND c.status = '${status}' ${before}`,
    );
  }
  return [
    [
      query.status === "reported"
        ? `+c.site_id = ${site} AND c.id IN (SELECT comment_id FROM reports
             WHERE site_id = ${site} AND settled_at IS NULL)`
        : `c.site_id = ${site}`,
      query.status && query.status !== "reported" ? `AND c.status = ${p(query.status)}` : "",
      thread ? `AND c.thread_id = ${thread}` : "",
      before,
    ].join(" "),
  ];
}

/** The ids (and times) of the newest `limit` comments the query's ranges hold. */
function newest(query: QueueQuery, p: Param, limit: number): string {
  const ranges = rangeConditions(query, p).map(
    (where) => `SELECT c.id, c.created_at FROM comments c WHERE ${where}
      ORDER BY c.created_at DESC, c.id DESC LIMIT ${p(limit)}`,
  );
  return ranges.length === 1
    ? ranges[0]!
    : `SELECT * FROM (${ranges.map((range) => `SELECT * FROM (${range})`).join(" UNION ALL ")})
       ORDER BY created_at DESC, id DESC LIMIT ${p(limit)}`;
}

function searchFilter(search: string, emailHash: string | undefined, p: Param): string {
  const text = p(search);
  // instr(), not LIKE: D1 caps LIKE patterns at a few dozen characters.
  const found = (column: string) => `instr(lower(${column}), lower(${text})) > 0`;
  const matches = [
    "c.body",
    "c.author_name",
    "c.author_website",
    "t.title",
    "c.page_title",
    "t.key",
  ]
    .map(found)
    .join(" OR ");
  return `AND (${matches}${emailHash ? ` OR c.email_hash = ${p(emailHash)}` : ""})`;
}

/**
 * How many of a site's comments (deleted ones aside) have each status, and how many have
 * open reports: one row kept by the writes (migrations/0009_site_counts.sql), whatever
 * the site's size. A site without comments has no row yet.
 */
export async function countByStatus(
  db: Database,
  siteId: string,
): Promise<Record<CommentStatus | "reported", number>> {
  const row = await db
    .prepare(
      `SELECT pending, approved, spam, rejected, reported FROM site_counts WHERE site_id = ?1`,
    )
    .bind(siteId)
    .first<Record<CommentStatus | "reported", number>>();
  return row ?? { pending: 0, approved: 0, spam: 0, rejected: 0, reported: 0 };
}
