/**
 * Likes: toggled in one batch that also recomputes the comment's count, so racing clicks
 * from many readers leave an exact count. One per reader per comment; at most
 * `likesPerNetwork` per network per comment, against one person with many reader ids.
 */
import type { Site } from "../domain/site";
import { firstRow } from "./rows";
import { siteColumns, siteFrom } from "./sites";

export const likesPerNetwork = 5;

export interface LikeFacts {
  site: Site | null;
  comment: { id: string; status: string; deleted: boolean } | null;
  /** This network's likes in the last minute and day, for the site's limits. */
  lastMinute: number;
  lastDay: number;
}

export async function loadLikeFacts(
  db: D1Database,
  commentId: string,
  networkHash: string,
  now: Date,
): Promise<LikeFacts> {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const [site, comment, counts] = await db.batch([
    db
      .prepare(
        `SELECT ${siteColumns} FROM sites WHERE id = (SELECT site_id FROM comments WHERE id = ?1)`,
      )
      .bind(commentId),
    db.prepare(`SELECT id, status, deleted_at FROM comments WHERE id = ?1`).bind(commentId),
    db
      .prepare(
        `SELECT COUNT(*) FILTER (WHERE created_at >= ?2) AS minute, COUNT(*) AS day
         FROM likes WHERE network_hash = ?1 AND created_at >= ?3`,
      )
      .bind(networkHash, ago(60_000), ago(86_400_000)),
  ]);
  const row = firstRow<{ id: string; status: string; deleted_at: string | null }>(comment);
  const count = firstRow<{ minute: number; day: number }>(counts);
  return {
    site: siteFrom(site),
    comment: row && { id: row.id, status: row.status, deleted: row.deleted_at !== null },
    lastMinute: count?.minute ?? 0,
    lastDay: count?.day ?? 0,
  };
}

/** Likes or unlikes; the comment's count and whether this reader likes it, afterwards. */
export async function setLike(
  db: D1Database,
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
