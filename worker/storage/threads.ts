/**
 * Threads as rows: one page's thread, its stored count (kept by triggers), closing and
 * reopening it, and the counts of many pages at once. The pages of a thread's comments are
 * a read model of their own (thread-page.ts).
 */
import { columns, flag } from "./columns";
import { statement } from "./parameters";
import { firstRow, parseJsonColumn } from "./rows";
import type { Site } from "../domain/site";
import type { Thread } from "../domain/thread";
import { siteFrom, siteList } from "./sites";
import type { Database } from "./database";

export const threadColumns = columns<Thread>({
  id: "id",
  siteId: "site_id",
  key: "key",
  url: "url",
  title: "title",
  closed: { column: "closed", from: flag },
  count: "comment_count",
  createdAt: "created_at",
  openedAt: "opened_at",
  reactions: {
    column: "reaction_counts",
    from: (json: string | null) => parseJsonColumn<Record<string, number> | null>(json, null),
  },
});

const threadList = threadColumns.list();

export function selectThread(db: Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${threadList} FROM threads WHERE site_id = ?1 AND key = ?2`)
    .bind(siteId, key);
}

export const threadFrom = threadColumns.first;

/**
 * The site and the stored counts of its pages among `keys`, in one statement: a counts
 * request is one of the most frequent, and each statement is work for D1.
 */
export async function loadCounts(
  db: Database,
  siteId: string,
  keys: string[],
): Promise<{ site: Site | null; counts: Map<string, number> }> {
  const result = await statement(
    db,
    (p) =>
      `SELECT ${siteList},
         (SELECT json_group_object(key, comment_count) FROM threads
           WHERE site_id = sites.id AND key IN (${keys.map(p).join(", ")})) AS counts
         FROM sites WHERE id = ${p(siteId)}`,
  ).all();
  const counts = firstRow<{ counts: string }>(result)?.counts;
  return {
    site: siteFrom(result),
    counts: new Map(Object.entries(counts ? (JSON.parse(counts) as Record<string, number>) : {})),
  };
}

/** Closes or reopens a page's thread, creating it (closed) if no one has commented yet. */
export function upsertThreadClosed(
  db: Database,
  thread: { siteId: string; key: string; closed: boolean; createdAt: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, closed, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (site_id, key) DO UPDATE SET closed = excluded.closed
       RETURNING ${threadList}`,
    )
    .bind(thread.siteId, thread.key, thread.closed ? 1 : 0, thread.createdAt);
}
