/** Reads for the site export, a page of threads at a time so the export can stream. */
import type { CommentRecord } from "../domain/comment";
import { commentColumns, commentsFrom } from "./comments";
import { allRows } from "./rows";
import type { Database } from "./database";

export interface ExportThread {
  id: number;
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  createdAt: string;
  comments: CommentRecord[];
}

/** Threads after `afterId` (by id), each with all its comments in every status. */
export async function loadExportPage(
  db: Database,
  siteId: string,
  afterId: number,
  limit: number,
): Promise<ExportThread[]> {
  const [threadResult, commentResult] = await db.batch([
    db
      .prepare(
        `SELECT id, key, url, title, closed, created_at FROM threads
         WHERE site_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`,
      )
      .bind(siteId, afterId, limit),
    db
      .prepare(
        `SELECT ${commentColumns} FROM comments c
         WHERE c.thread_id IN (SELECT id FROM threads WHERE site_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3)
         ORDER BY c.thread_id, c.created_at, c.id`,
      )
      .bind(siteId, afterId, limit),
  ]);
  const byThread = new Map<number, CommentRecord[]>();
  for (const comment of commentsFrom(commentResult)) {
    const list = byThread.get(comment.threadId) ?? [];
    list.push(comment);
    byThread.set(comment.threadId, list);
  }
  return allRows<{
    id: number;
    key: string;
    url: string | null;
    title: string | null;
    closed: number;
    created_at: string;
  }>(threadResult).map((row) => ({
    id: row.id,
    key: row.key,
    url: row.url,
    title: row.title,
    closed: row.closed === 1,
    createdAt: row.created_at,
    comments: byThread.get(row.id) ?? [],
  }));
}
