/**
 * Likes: toggled in one batch that also recomputes the comment's count, so racing clicks
 * from many readers leave an exact count. One per reader per comment; at most
 * `likesPerNetwork` per network per comment, against one person with many reader ids.
 */
import type { Site } from "../domain/site";
import { activityFrom, selectRecentActivity, type Activity } from "./network-activity";
import { commentColumns, deletedColumn } from "./comments";
import { firstRow } from "./rows";
import { selectSiteOfComment, siteFrom } from "./sites";
import type { Database } from "./database";

export const likesPerNetwork = 5;

export interface LikeFacts {
  site: Site | null;
  comment: { id: string; status: string; deleted: boolean } | null;
  /** This network's likes in the last minute and day, for the site's limits. */
  activity: Activity;
}

const likedColumns = commentColumns.pick("id", "status").with(deletedColumn);

export async function loadLikeFacts(
  db: Database,
  commentId: string,
  networkHash: string,
  now: Date,
): Promise<LikeFacts> {
  const [site, comment, activity] = await db.batch([
    selectSiteOfComment(db, commentId),
    db.prepare(`SELECT ${likedColumns.list()} FROM comments WHERE id = ?1`).bind(commentId),
    selectRecentActivity(db, { table: "likes", column: "network_hash" }, networkHash, now),
  ]);
  return {
    site: siteFrom(site),
    comment: likedColumns.first(comment),
    activity: activityFrom(activity),
  };
}

/** Likes or unlikes; the comment's count and whether this reader likes it, afterwards. */
export async function setLike(
  db: Database,
  like: { commentId: string; readerHash: string; networkHash: string; liked: boolean; at: string },
): Promise<{ likes: number; liked: boolean }> {
  const change = like.liked
    ? db
        .prepare(
          `INSERT INTO likes (comment_id, reader_hash, network_hash, created_at)
           SELECT ?1, ?2, ?3, ?4
           WHERE (SELECT COUNT(*) FROM likes WHERE comment_id = ?1 AND network_hash = ?3) < ?5
           ON CONFLICT DO NOTHING`,
        )
        .bind(like.commentId, like.readerHash, like.networkHash, like.at, likesPerNetwork)
    : db
        .prepare(`DELETE FROM likes WHERE comment_id = ?1 AND reader_hash = ?2`)
        .bind(like.commentId, like.readerHash);
  const [, , state] = await db.batch([
    change,
    db
      .prepare(
        `UPDATE comments SET like_count = (SELECT COUNT(*) FROM likes WHERE comment_id = ?1)
         WHERE id = ?1`,
      )
      .bind(like.commentId),
    db
      .prepare(
        `SELECT like_count,
           EXISTS (SELECT 1 FROM likes WHERE comment_id = ?1 AND reader_hash = ?2) AS liked
         FROM comments WHERE id = ?1`,
      )
      .bind(like.commentId, like.readerHash),
  ]);
  const row = firstRow<{ like_count: number; liked: number }>(state);
  return { likes: row?.like_count ?? 0, liked: row?.liked === 1 };
}
