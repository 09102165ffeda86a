/**
 * The newest approved comments of a site, or of one of its pages: for the Atom feeds, and
 * (the site's) for the recent comments (recent.ts).
 */
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
  const newest = selectNewestApproved(db, feedColumns.list("c"), { siteId, pageKey }, feedLength);
  return feedColumns.all(await newest.all());
}

/**
 * The newest approved, not deleted comments of a site or one of its pages, as `columns` (of
 * `comments c` joined to its thread `t`), newest first: a walk of the index by site and
 * status (or by thread) that reads as many comments as it returns, and their threads.
 */
export function selectNewestApproved(
  db: Database,
  columns: string,
  of: { siteId: string; pageKey: string | null },
  limit: number,
): D1PreparedStatement {
  return statement(db, (p) => {
    const site = p(of.siteId);
    const where = of.pageKey
      ? `c.thread_id = (SELECT id FROM threads WHERE site_id = ${site} AND key = ${p(of.pageKey)})`
      : `c.site_id = ${site}`;
    return `SELECT ${columns}
       FROM comments c JOIN threads t ON t.id = c.thread_id
       WHERE ${where} AND c.status = 'approved' AND c.deleted_at IS NULL
       ORDER BY c.created_at DESC, c.id DESC LIMIT ${p(limit)}`;
  });
}
