/**
 * The two round trips of a new comment: everything the rules need, read in one batch, then
 * the thread, the comment and its idempotency record written in one transaction.
 */
import type { CommentRecord } from "../domain/comment";
import type { ModerationFacts, RecentActivity } from "../domain/moderation";
import { siteSettingsSchema } from "../domain/settings";
import { commentFrom, insertCommentIntoThread, selectComment } from "./comments";
import { firstRow } from "./rows";
import { selectSite, siteFrom, type Site } from "./sites";
import { selectThread, threadFrom, upsertThread, type Thread } from "./threads";

export interface PostingLookup {
  siteId: string;
  threadKey: string;
  parentId: string | null;
  idempotencyKey: string | null;
  emailHash: string | null;
  networkHash: string | null;
  dedupKey: string;
  now: Date;
}

export interface StoredAnswer {
  requestHash: string;
  commentId: string;
  response: string;
}

export interface PostingFacts {
  site: Site | null;
  thread: Thread | null;
  parent: CommentRecord | null;
  replay: StoredAnswer | null;
  moderation: ModerationFacts;
}

/**
 * Recent activity is counted up to the site's own limit (read from its settings inside the
 * statement), so the rows read stay bounded however many comments a requester has stored,
 * spam included.
 */
export async function loadPostingFacts(
  db: D1Database,
  lookup: PostingLookup,
): Promise<PostingFacts> {
  const minuteAgo = new Date(lookup.now.getTime() - 60_000).toISOString();
  const dayAgo = new Date(lookup.now.getTime() - 86_400_000).toISOString();
  const nowIso = lookup.now.toISOString();
  const none = db.prepare(`SELECT NULL AS none WHERE 0`);

  const recent = (
    column: "email_hash" | "network_hash",
    value: string | null,
    since: string,
    limit: "rateLimitPerMinute" | "rateLimitPerDay",
  ) =>
    value
      ? db
          .prepare(
            `SELECT COUNT(*) AS count, MIN(created_at) AS oldest_at FROM (
               SELECT created_at FROM comments
               WHERE ${column} = ?1 AND site_id = ?2 AND created_at > ?3
               ORDER BY created_at DESC
               LIMIT COALESCE((SELECT json_extract(settings, '$.${limit}') FROM sites WHERE id = ?2), ?4))`,
          )
          .bind(value, lookup.siteId, since, siteSettingsSchema.shape[limit].parse(undefined))
      : none;

  const results = await db.batch([
    selectSite(db, lookup.siteId),
    selectThread(db, lookup.siteId, lookup.threadKey),
    lookup.parentId ? selectComment(db, lookup.parentId) : none,
    lookup.idempotencyKey
      ? db
          .prepare(
            `SELECT request_hash, comment_id, response FROM idempotency_keys
             WHERE site_id = ?1 AND key = ?2`,
          )
          .bind(lookup.siteId, lookup.idempotencyKey)
      : none,
    lookup.emailHash
      ? db
          .prepare(`SELECT 1 AS known FROM known_authors WHERE site_id = ?1 AND email_hash = ?2`)
          .bind(lookup.siteId, lookup.emailHash)
      : none,
    db
      .prepare(
        `SELECT
           MAX(scope = 'author' AND value_hash = ?2) AS author_banned,
           MAX(scope = 'network' AND value_hash = ?3) AS network_banned
         FROM bans
         WHERE site_id = ?1 AND ((scope = 'author' AND value_hash = ?2) OR (scope = 'network' AND value_hash = ?3))
           AND (expires_at IS NULL OR expires_at > ?4)`,
      )
      .bind(lookup.siteId, lookup.emailHash ?? "", lookup.networkHash ?? "", nowIso),
    db.prepare(`SELECT 1 AS duplicate FROM comments WHERE dedup_key = ?1`).bind(lookup.dedupKey),
    recent("network_hash", lookup.networkHash, minuteAgo, "rateLimitPerMinute"),
    recent("network_hash", lookup.networkHash, dayAgo, "rateLimitPerDay"),
    recent("email_hash", lookup.emailHash, minuteAgo, "rateLimitPerMinute"),
    recent("email_hash", lookup.emailHash, dayAgo, "rateLimitPerDay"),
  ]);
  const [site, thread, parent, replay, known, banned, duplicate, ...activity] = results;

  const replayRow = firstRow<{ request_hash: string; comment_id: string; response: string }>(
    replay,
  );
  const bannedRow = firstRow<{ author_banned: number | null; network_banned: number | null }>(
    banned,
  );
  const toActivity = (result: D1Result<unknown> | undefined): RecentActivity => {
    const row = firstRow<{ count: number; oldest_at: string | null }>(result);
    return { count: row?.count ?? 0, oldestAt: row?.oldest_at ?? null };
  };

  return {
    site: siteFrom(site),
    thread: threadFrom(thread),
    parent: commentFrom(parent),
    replay: replayRow
      ? {
          requestHash: replayRow.request_hash,
          commentId: replayRow.comment_id,
          response: replayRow.response,
        }
      : null,
    moderation: {
      knownAuthor: firstRow(known) !== null,
      authorBanned: bannedRow?.author_banned === 1,
      networkBanned: bannedRow?.network_banned === 1,
      duplicate: firstRow(duplicate) !== null,
      networkPerMinute: toActivity(activity[0]),
      networkPerDay: toActivity(activity[1]),
      emailPerMinute: toActivity(activity[2]),
      emailPerDay: toActivity(activity[3]),
    },
  };
}

export async function readStoredAnswer(
  db: D1Database,
  siteId: string,
  idempotencyKey: string,
): Promise<StoredAnswer | null> {
  const row = await db
    .prepare(
      `SELECT request_hash, comment_id, response FROM idempotency_keys WHERE site_id = ?1 AND key = ?2`,
    )
    .bind(siteId, idempotencyKey)
    .first<{ request_hash: string; comment_id: string; response: string }>();
  return row
    ? { requestHash: row.request_hash, commentId: row.comment_id, response: row.response }
    : null;
}

/**
 * Writes a new comment atomically: its thread (if first), the comment, and — with an
 * Idempotency-Key — the answer to replay. A racing duplicate fails on a unique index and
 * the whole batch rolls back, so nothing is stored twice.
 */
export async function storeNewComment(
  db: D1Database,
  write: {
    comment: Omit<CommentRecord, "threadId">;
    thread: { key: string; url: string | null; title: string | null };
    idempotency: { key: string; requestHash: string; response: string } | null;
  },
): Promise<void> {
  const { comment, thread, idempotency } = write;
  await db.batch([
    upsertThread(db, { siteId: comment.siteId, ...thread, createdAt: comment.createdAt }),
    ...(idempotency
      ? [
          db
            .prepare(
              `INSERT INTO idempotency_keys (site_id, key, request_hash, comment_id, response, created_at)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
            )
            .bind(
              comment.siteId,
              idempotency.key,
              idempotency.requestHash,
              comment.id,
              idempotency.response,
              comment.createdAt,
            ),
        ]
      : []),
    insertCommentIntoThread(db, comment, thread.key),
    // An approved comment makes its author known, however it was approved (a site that
    // moves from `none` to `first-time` moderation must not hold its regulars again).
    ...(comment.status === "approved" && comment.emailHash
      ? [
          db
            .prepare(
              `INSERT OR IGNORE INTO known_authors (site_id, email_hash, approved_at) VALUES (?1, ?2, ?3)`,
            )
            .bind(comment.siteId, comment.emailHash, comment.createdAt),
        ]
      : []),
  ]);
}

export async function commentExists(db: D1Database, id: string): Promise<boolean> {
  return (
    (await db.prepare(`SELECT 1 AS found FROM comments WHERE id = ?1`).bind(id).first()) !== null
  );
}
