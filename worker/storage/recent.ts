/**
 * A site's recent activity, for the recent-comments sidebar: its newest approved comments
 * with their pages and, when asked, its most commented pages. One D1 round trip that reads
 * as many rows as it answers with, whatever the size of the archive.
 */
import { publicFields, type PublicFields } from "../domain/comment";
import type { Site } from "../domain/site";
import type { Thread } from "../domain/thread";
import { commentColumns } from "./comments";
import { selectNewestApproved } from "./feeds";
import type { Database } from "./database";
import { selectSite, siteFrom } from "./sites";
import { threadColumns } from "./threads";

export type RecentComment = PublicFields & {
  pageKey: string;
  pageUrl: string | null;
  pageTitle: string | null;
};

/** What the public may see of a comment (domain/comment.ts), and its thread's page. */
const recentColumns = commentColumns
  .pick(...publicFields)
  .with<Pick<RecentComment, "pageKey" | "pageUrl" | "pageTitle">>({
    pageKey: { column: "page_key", sql: "t.key" },
    pageUrl: { column: "page_url", sql: "t.url" },
    pageTitle: { column: "page_title", sql: "t.title" },
  });

const countedColumns = threadColumns.pick("key", "url", "title", "count");

export interface Recent {
  site: Site | null;
  comments: RecentComment[];
  /** The most commented pages, most first; null when not asked for. */
  pages: Pick<Thread, "key" | "url" | "title" | "count">[] | null;
}

export async function loadRecent(
  db: Database,
  query: { siteId: string; limit: number; withPages: boolean },
): Promise<Recent> {
  const { siteId, limit } = query;
  const [site, comments, pages] = await db.batch([
    selectSite(db, siteId),
    selectNewestApproved(db, recentColumns.list("c"), { siteId, pageKey: null }, limit),
    ...(query.withPages ? [selectMostCommented(db, siteId, limit)] : []),
  ]);
  return {
    site: siteFrom(site),
    comments: recentColumns.all(comments),
    pages: pages ? countedColumns.all(pages) : null,
  };
}

/** Pages with approved comments, the most first (the oldest thread first among equals). */
function selectMostCommented(db: Database, siteId: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${countedColumns.list()} FROM threads INDEXED BY threads_by_count
       WHERE site_id = ?1 AND comment_count > 0
       ORDER BY comment_count DESC, id LIMIT ?2`,
    )
    .bind(siteId, limit);
}
