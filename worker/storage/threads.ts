/**
 * Threads as rows: one page's thread, its stored count (kept by triggers), closing and
 * reopening it, and the counts of many pages at once. The pages of a thread's comments are
 * a read model of their own (thread-page.ts).
 */
import { allRows, firstRow } from "./rows";
import type { Site } from "../domain/site";
import type { Thread } from "../domain/thread";
import { selectSite, siteFrom } from "./sites";
import type { Database } from "./database";

interface ThreadRow {
  id: number;
  site_id: string;
  key: string;
  url: string | null;
  title: string | null;
  closed: number;
  comment_count: number;
  created_at: string;
  opened_at: string | null;
}

const threadColumns = `id, site_id, key, url, title, closed, comment_count, created_at, opened_at`;

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
    openedAt: row.opened_at,
  };
}

export function selectThread(db: Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(`SELECT ${threadColumns} FROM threads WHERE site_id = ?1 AND key = ?2`)
    .bind(siteId, key);
}

export function threadFrom(result: D1Result<unknown> | undefined): Thread | null {
  const row = firstRow<ThreadRow>(result);
  return row ? toThread(row) : null;
}
export async function loadCounts(
  db: Database,
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
  db: Database,
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
