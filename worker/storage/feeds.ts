/** The newest approved comments of a site, or of one of its pages, for the Atom feeds. */
import type { CommentRecord } from "../domain/comment";
import { commentColumns, toCommentRecord, type CommentRow } from "./comments";
import { allRows } from "./rows";
import type { Database } from "./database";

export interface FeedComment extends CommentRecord {
  pageUrl: string | null;
  pageTitle: string;
}

export const feedLength = 50;

export async function loadFeed(
  db: Database,
  siteId: string,
  pageKey: string | null,
): Promise<FeedComment[]> {
  const where = pageKey
    ? "c.thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?2)"
    : "c.site_id = ?1";
  const result = await db
    .prepare(
      `SELECT ${commentColumns}, COALESCE(t.url, c.page_url) AS page_url,
         COALESCE(t.title, c.page_title, t.key) AS page_title
       FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE ${where} AND c.status = 'approved' AND c.deleted_at IS NULL
       ORDER BY c.created_at DESC, c.id DESC LIMIT ?3`,
    )
    .bind(siteId, pageKey, feedLength)
    .all();
  return allRows<CommentRow & { page_url: string | null; page_title: string }>(result).map(
    (row) => ({ ...toCommentRecord(row), pageUrl: row.page_url, pageTitle: row.page_title }),
  );
}
