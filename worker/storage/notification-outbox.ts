/**
 * The notification outbox: one row per message for one target, written in the same batch
 * as the event that causes it (a comment held, published or reported: notification-queue.ts),
 * so a message is queued exactly when its event is stored and never otherwise.
 * notify/deliver.ts claims and sends the rows, retrying with backoff.
 *
 * A sibling of the mail outbox (outbox.ts) rather than rows in it: a mail row carries a
 * sealed address, a fold key and a digest window, and is folded with others into one
 * mail; a target's message is one POST to a URL the target itself holds, sent as it comes.
 * Sharing the table would make every column half-used and every query branch on the kind.
 */
import type { TargetEvent } from "../schemas/notification-targets";
import { columns, jsonList } from "./columns";
import type { SealedTarget } from "./notification-targets";
import { sealedTargetColumns } from "./notification-targets";
import type { Database } from "./database";
import { newId, wants } from "./notification-queue";

const idList = "SELECT value FROM json_each(?1)";

/** Once a day for each target that wants it: the last day's spam, counted. */
export function queueSpamDigests(db: Database, at: string, dayAgo: string) {
  return db
    .prepare(
      `INSERT INTO notification_outbox (id, target_id, event, comment_id, created_at, next_attempt_at)
       SELECT ${newId}, t.id, 'spam-digest', NULL, ?1, ?1 FROM notification_targets t
       WHERE ${wants("'spam-digest'")}
         AND NOT EXISTS (SELECT 1 FROM notification_outbox o
           WHERE o.target_id = t.id AND o.event = 'spam-digest' AND o.created_at > ?2)`,
    )
    .bind(at, dayAgo);
}

export interface ClaimedNotice {
  id: string;
  targetId: string;
  event: TargetEvent;
  commentId: string | null;
  createdAt: string;
  attempts: number;
}

const claimedColumns = columns<ClaimedNotice>({
  id: "id",
  targetId: "target_id",
  event: "event",
  commentId: "comment_id",
  createdAt: "created_at",
  attempts: "attempts",
});

/** Takes due rows for sending; D1 runs one write at a time, so no row is claimed twice. */
export async function claimDueNotices(db: Database, now: string, limit: number) {
  const result = await db
    .prepare(
      `UPDATE notification_outbox SET status = 'sending', claimed_at = ?1
       WHERE id IN (SELECT id FROM notification_outbox
         WHERE status = 'queued' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT ?2)
       RETURNING ${claimedColumns.list()}`,
    )
    .bind(now, limit)
    .all();
  return claimedColumns.all(result);
}

/** A comment as a message tells of it: no address, no network, nothing a reader did not see. */
export interface NoticeComment {
  id: string;
  siteId: string;
  status: string;
  authorName: string;
  body: string;
  reasons: string[];
  createdAt: string;
  deleted: boolean;
  threadKey: string;
  pageTitle: string | null;
  pageUrl: string | null;
  reports: number;
}

const noticeCommentColumns = columns<NoticeComment>({
  id: "id",
  siteId: "site_id",
  status: "status",
  authorName: "author_name",
  body: "body",
  reasons: { column: "reasons", from: jsonList },
  createdAt: "created_at",
  deleted: { column: "deleted", sql: "c.deleted_at IS NOT NULL", from: (n: number) => n === 1 },
  threadKey: { column: "thread_key", sql: "t.key" },
  pageTitle: { column: "page_title", sql: "COALESCE(t.title, c.page_title)" },
  pageUrl: { column: "page_url", sql: "COALESCE(t.url, c.page_url)" },
  reports: {
    column: "reports",
    sql: "(SELECT COUNT(*) FROM reports r WHERE r.comment_id = c.id)",
  },
});

export interface NoticeContext {
  targets: Map<string, SealedTarget>;
  comments: Map<string, NoticeComment>;
  sites: Map<string, { name: string; spam: number }>;
}

/** Everything the claimed rows need, in one round trip. */
export async function loadNoticeContext(
  db: Database,
  claimed: ClaimedNotice[],
  spamSince: string,
): Promise<NoticeContext> {
  const targetIds = JSON.stringify([...new Set(claimed.map((n) => n.targetId))]);
  const commentIds = JSON.stringify([
    ...new Set(claimed.flatMap((n) => (n.commentId ? [n.commentId] : []))),
  ]);
  const [targets, comments, sites] = await db.batch([
    db
      .prepare(
        `SELECT ${sealedTargetColumns.list()} FROM notification_targets WHERE id IN (${idList})`,
      )
      .bind(targetIds),
    db
      .prepare(
        `SELECT ${noticeCommentColumns.list("c")}
         FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id IN (${idList})`,
      )
      .bind(commentIds),
    db
      .prepare(
        `SELECT s.id, s.name, (SELECT COUNT(*) FROM comments c WHERE c.site_id = s.id
           AND c.status = 'spam' AND c.created_at >= ?2 AND c.deleted_at IS NULL) AS spam
         FROM sites s WHERE s.id IN (SELECT site_id FROM notification_targets WHERE id IN (${idList}))`,
      )
      .bind(targetIds, spamSince),
  ]);
  const siteRows = (sites?.results ?? []) as { id: string; name: string; spam: number }[];
  return {
    targets: new Map(sealedTargetColumns.all(targets).map((t) => [t.id, t])),
    comments: new Map(noticeCommentColumns.all(comments).map((c) => [c.id, c])),
    sites: new Map(siteRows.map(({ id, name, spam }) => [id, { name, spam }])),
  };
}

export type NoticeSettlement =
  | { id: string; outcome: "sent" | "skipped" }
  | { id: string; outcome: "failed"; error: string; retryAt: string };

/**
 * Records a run's outcomes in one batch. A failure is queued again for its retry time,
 * unless it is a day old: then it is given up.
 */
export async function settleNotices(
  db: Database,
  settlements: NoticeSettlement[],
  now: string,
  giveUpBefore: string,
) {
  if (settlements.length === 0) return;
  await db.batch(
    settlements.map((s) =>
      s.outcome === "failed"
        ? db
            .prepare(
              `UPDATE notification_outbox SET attempts = attempts + 1, error = ?2, claimed_at = NULL,
                 status = CASE WHEN created_at < ?4 THEN 'failed' ELSE 'queued' END,
                 next_attempt_at = ?3
               WHERE id = ?1 AND status = 'sending'`,
            )
            .bind(s.id, s.error, s.retryAt, giveUpBefore)
        : db
            .prepare(
              `UPDATE notification_outbox SET status = ?2, sent_at = ?3, claimed_at = NULL
               WHERE id = ?1`,
            )
            .bind(s.id, s.outcome, now),
    ),
  );
}

/** Claims left by a run that died before it settled them go back to the queue. */
export function releaseStaleNotices(db: Database, claimedBefore: string) {
  return db
    .prepare(
      `UPDATE notification_outbox SET status = 'queued', claimed_at = NULL
       WHERE status = 'sending' AND claimed_at < ?1`,
    )
    .bind(claimedBefore);
}

/** Rows done with go after a while: they hold no personal data, but nothing needs them. */
export function purgeSettledNotices(db: Database, createdBefore: string) {
  return db
    .prepare(
      `DELETE FROM notification_outbox
       WHERE status IN ('sent', 'skipped', 'failed') AND created_at < ?1`,
    )
    .bind(createdBefore);
}

/** One comment as a message tells of it (the Telegram route's edited message). */
export async function getNoticeComment(db: Database, id: string): Promise<NoticeComment | null> {
  const result = await db
    .prepare(
      `SELECT ${noticeCommentColumns.list("c")}
       FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.id = ?1`,
    )
    .bind(id)
    .all();
  return noticeCommentColumns.first(result);
}
