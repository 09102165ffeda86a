/** The newest approved comments of a site, or of one of its pages, for the Atom feeds. */
import type { CommentRecord } from "../domain/comment";
import { commentColumns, pageColumns, type PageOfComment } from "./comments";
import { statement } from "./parameters";
import type { Database } from "./database";

export type FeedComment = CommentRecord & PageOfComment;

export const feedLength = 50;

const feedColumns = commentColumns.with(pageColumns);

export async function loadFeed(
  db: Database,
  siteId: string,
  pageKey: string | null,
): Promise<FeedComment[]> {
  const result = await statement(db, (p) => {
    const site = p(siteId);
    const where = pageKey
      ? `c.thread_id = (SELECT id FROM threads WHERE site_id = ${site} AND key = ${p(pageKey)})`
      : `c.site_id = ${site}`;
    return `SELECT ${feedColumns.list("c")}
       FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE ${where} AND c.status = 'approved' AND c.deleted_at IS NULL
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${p(feedLength)}`;
  }).all();
  return feedColumns.all(result);
}
