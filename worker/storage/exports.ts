/** Reads for the site export, a page of threads at a time so the export can stream. */
import type { CommentRecord } from "../domain/comment";
import { commentList, commentsFrom } from "./comments";
import { threadColumns } from "./threads";
import type { Database } from "./database";

const exportThreadColumns = threadColumns.pick("id", "key", "url", "title", "closed", "createdAt");

export type ExportThread = ReturnType<typeof exportThreadColumns.from> & {
  comments: CommentRecord[];
};

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
        `SELECT ${exportThreadColumns.list()} FROM threads
         WHERE site_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`,
      )
      .bind(siteId, afterId, limit),
    db
      .prepare(
        `SELECT ${commentList} FROM comments c
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
  return exportThreadColumns.all(threadResult).map((thread) => ({
    ...thread,
    comments: byThread.get(thread.id) ?? [],
  }));
}
