import type { CommentRecord } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import { commentColumns, commentsFrom } from "./comments";
import { firstRow, allRows } from "./rows";
import { selectSite, siteFrom, type Site } from "./sites";

export interface Thread {
  id: number;
  siteId: string;
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  count: number;
  createdAt: string;
}

interface ThreadRow {
  id: number;
  site_id: string;
  key: string;
  url: string | null;
  title: string | null;
  closed: number;
  comment_count: number;
  created_at: string;
}

const threadColumns = `id, site_id, key, url, title, closed, comment_count, created_at`;

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    siteId: row.site_id,
    key: row.key,
    url: row.url,
    title: row.title,
    closed: row.closed === 1,
    count: row.comment_count,
    createdAt: row.created_at,
  };
}

export function selectThread(db: D1Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${threadColumns} FROM threads WHERE site_id = ?1 AND key = ?2`)
    .bind(siteId, key);
}

export function threadFrom(result: D1Result<unknown> | undefined): Thread | null {
  const row = firstRow<ThreadRow>(result);
  return row ? toThread(row) : null;
}

/**
 * Creates the thread of a page unless it exists. Racing first comments all run this; the
 * unique (site_id, key) makes exactly one of them create it. A later comment fills in a
 * url or title the thread was created without (e.g. by an import).
 */
export function upsertThread(
  db: D1Database,
  thread: {
    siteId: string;
    key: string;
    url: string | null;
    title: string | null;
    createdAt: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, url, title, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (site_id, key) DO UPDATE SET
         url = COALESCE(threads.url, excluded.url),
         title = COALESCE(threads.title, excluded.title)
       WHERE threads.url IS NULL OR threads.title IS NULL`,
    )
    .bind(thread.siteId, thread.key, thread.url, thread.title, thread.createdAt);
}

export interface ThreadPage {
  site: Site | null;
  thread: Thread | null;
  /** Root ids of this page, in page order. */
  rootIds: string[];
  /** The roots and every approved comment below them. */
  comments: CommentRecord[];
  /** Position of the last root of this page, when another page follows. */
  nextAfter: PageCursor | null;
}

/**
 * One page of a thread in one D1 round trip: the site, the thread, and a page of approved
 * root comments with all their approved replies (found through `root_id`, so replies at any
 * depth cost one indexed lookup per root). One root beyond the page is read to learn
 * whether another page follows; its replies are filtered out by the join. (Reading that
 * root alone in a UNION ALL branch measured more rows read, as SQLite then scans the page
 * CTE twice.)
 */
export async function loadThreadPage(
  db: D1Database,
  query: {
    siteId: string;
    key: string;
    after: PageCursor | null;
    limit: number;
    newestFirst: boolean;
  },
): Promise<ThreadPage> {
  const [order, compare] = query.newestFirst ? ["DESC", "<"] : ["ASC", ">"];
  const afterCursor = query.after ? `AND (created_at, id) ${compare} (?4, ?5)` : "";
  const pageStatement = db
    .prepare(
      `WITH page AS (
         SELECT id, ROW_NUMBER() OVER (ORDER BY created_at ${order}, id ${order}) AS position
         FROM comments
         WHERE thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?2)
           AND status = 'approved' AND depth = 1 ${afterCursor}
         ORDER BY created_at ${order}, id ${order}
         LIMIT ?3 + 1
       )
       SELECT page.position, ${commentColumns}
       FROM page JOIN comments c ON c.root_id = page.id
       WHERE c.status = 'approved' AND (page.position <= ?3 OR c.id = page.id)`,
    )
    .bind(
      query.siteId,
      query.key,
      query.limit,
      ...(query.after ? [query.after.createdAt, query.after.id] : []),
    );

  const [siteResult, threadResult, pageResult] = await db.batch([
    selectSite(db, query.siteId),
    selectThread(db, query.siteId, query.key),
    pageStatement,
  ]);

  const positions = allRows<{ id: string; position: number }>(pageResult);
  const comments = commentsFrom(pageResult);
  const roots = comments
    .map((comment, index) => ({ comment, position: positions[index]!.position }))
    .filter(({ comment }) => comment.depth === 1)
    .sort((a, b) => a.position - b.position);
  const pageRoots = roots.filter(({ position }) => position <= query.limit);
  const last = pageRoots.at(-1)?.comment;
  const pageRootIds = new Set(pageRoots.map(({ comment }) => comment.id));

  return {
    site: siteFrom(siteResult),
    thread: threadFrom(threadResult),
    rootIds: [...pageRootIds],
    comments: comments.filter((comment) => comment.depth > 1 || pageRootIds.has(comment.id)),
    nextAfter:
      roots.length > query.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

/** Approved comment counts of up to 50 pages, with the site, in one round trip. */
export async function loadCounts(
  db: D1Database,
  siteId: string,
  keys: string[],
): Promise<{ site: Site | null; counts: Map<string, number> }> {
  const placeholders = keys.map((_, index) => `?${index + 2}`).join(", ");
  const [siteResult, countResult] = await db.batch([
    selectSite(db, siteId),
    db
      .prepare(
        `SELECT key, comment_count FROM threads WHERE site_id = ?1 AND key IN (${placeholders})`,
      )
      .bind(siteId, ...keys),
  ]);
  const counts = new Map<string, number>();
  for (const row of allRows<{ key: string; comment_count: number }>(countResult)) {
    counts.set(row.key, row.comment_count);
  }
  return { site: siteFrom(siteResult), counts };
}

/** Closes or reopens a page's thread, creating it (closed) if no one has commented yet. */
export function upsertThreadClosed(
  db: D1Database,
  thread: { siteId: string; key: string; closed: boolean; createdAt: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, closed, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (site_id, key) DO UPDATE SET closed = excluded.closed
       RETURNING ${threadColumns}`,
    )
    .bind(thread.siteId, thread.key, thread.closed ? 1 : 0, thread.createdAt);
}
