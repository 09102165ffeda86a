/**
 * The outbox: mail written in the same batch as the event that causes it (a comment held,
 * a comment approved, a subscription), claimed and sent afterwards by mail/deliver.ts.
 * One row is one event for one recipient; the address is copied in sealed and cleared once
 * the mail has gone. Rows sharing a fold key leave together, at most once per window.
 */
import { columns } from "./columns";
import { allRows } from "./rows";
import type { Database } from "./database";

export type OutboxKind = "held" | "reply" | "confirm" | "spam-report" | "verify" | "mine";

const newId = "lower(hex(randomblob(16)))";
const idList = "SELECT value FROM json_each(?1)";

/** The head of every INSERT … SELECT that queues mail. */
export const insertOutboxRows = `INSERT INTO outbox (id, site_id, kind, fold_key,
  recipient_hash, recipient_encrypted, subject_id, created_at, next_attempt_at)`;

/**
 * Fold keys, built in the SQL below: `held:<site>:<recipient>` and `spam:<site>:<recipient>`
 * (one digest per recipient and site), `reply:<thread>:<recipient>` (one per page), and
 * `confirm:<site>:<recipient>`, `verify:<site>:<recipient>` and `mine:<site>:<recipient>`
 * (storage/readers.ts). Each ends in the recipient's hash.
 */
export const replyFoldKey = (threadId: number, recipientHash: string) =>
  `reply:${threadId}:${recipientHash}`;

/**
 * A notice to each of the site's recipients, for the given comments that are pending and
 * whose notice this write claimed (`held_notice_at` set to `at`: at most one per digest
 * window, however often an edit sends a comment back to review).
 */
export function heldNotices(db: Database, commentIds: string[], at: string) {
  return db
    .prepare(
      `${insertOutboxRows}
       SELECT ${newId}, c.site_id, 'held', 'held:' || c.site_id || ':' || r.email_hash,
         r.email_hash, r.email_encrypted, c.id, ?2, ?2
       FROM comments c JOIN mail_recipients r ON r.site_id = c.site_id
       WHERE c.id IN (${idList}) AND c.status = 'pending' AND c.deleted_at IS NULL
         AND c.held_notice_at = ?2`,
    )
    .bind(JSON.stringify(commentIds), at);
}

/**
 * A notice to every confirmed subscriber a newly approved comment concerns: those following
 * the page, and those following replies to the comment it answers; never its own author.
 * `becoming`: the comments are about to be approved in this batch (a moderator's decision),
 * rather than stored approved already (a new comment).
 */
export function replyNotices(db: Database, commentIds: string[], at: string, becoming: boolean) {
  const status = becoming
    ? "c.status <> 'approved' AND c.deleted_at IS NULL"
    : "c.status = 'approved'";
  return db
    .prepare(
      `${insertOutboxRows}
       SELECT ${newId}, c.site_id, 'reply', 'reply:' || c.thread_id || ':' || a.email_hash,
         a.email_hash, a.email_encrypted, c.id, ?2, ?2
       FROM comments c
       JOIN subscriptions s ON s.thread_id = c.thread_id AND s.confirmed_at IS NOT NULL
         AND (s.scope = 'all' OR (s.scope = 'replies' AND s.comment_id = c.parent_id))
       JOIN mail_addresses a ON a.site_id = s.site_id AND a.email_hash = s.email_hash
       WHERE c.id IN (${idList}) AND ${status}
         AND (c.email_hash IS NULL OR c.email_hash <> s.email_hash)
       GROUP BY c.id, a.email_hash`,
    )
    .bind(JSON.stringify(commentIds), at);
}

/** Once a day per recipient of a site that asks for it: what was caught as spam. */
export function spamReports(db: Database, at: string) {
  return db
    .prepare(
      `${insertOutboxRows}
       SELECT ${newId}, r.site_id, 'spam-report', 'spam:' || r.site_id || ':' || r.email_hash,
         r.email_hash, r.email_encrypted, NULL, ?1, ?1
       FROM mail_recipients r JOIN sites s ON s.id = r.site_id
       WHERE json_extract(s.settings, '$.mailSpamReport') = 1
         AND json_extract(s.settings, '$.mailFrom') IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM mail_folds f
           WHERE f.fold_key = 'spam:' || r.site_id || ':' || r.email_hash AND f.next_allowed_at > ?1)
         AND NOT EXISTS (SELECT 1 FROM outbox o
           WHERE o.fold_key = 'spam:' || r.site_id || ':' || r.email_hash
             AND o.status IN ('queued', 'sending'))`,
    )
    .bind(at);
}

export interface ClaimedMail {
  id: string;
  siteId: string;
  kind: OutboxKind;
  foldKey: string;
  recipientHash: string;
  recipientEncrypted: string | null;
  subjectId: string | null;
  createdAt: string;
  attempts: number;
}

const claimedColumns = columns<ClaimedMail>({
  id: "id",
  siteId: "site_id",
  kind: "kind",
  foldKey: "fold_key",
  recipientHash: "recipient_hash",
  recipientEncrypted: "recipient_encrypted",
  subjectId: "subject_id",
  createdAt: "created_at",
  attempts: "attempts",
});

/**
 * Takes due rows for sending: queued, due, and of a fold key whose window is open and none
 * of whose mail is being sent. The window is set when that mail is settled, so claiming a
 * fold holds its window from the claim on: a run that starts while another sends (every
 * response starts one) leaves the fold alone. D1 runs one write at a time, so two senders
 * never claim the same row; a claim left by a run that died is released after a while.
 */
export async function claimDue(db: Database, now: string, limit: number) {
  const result = await db
    .prepare(
      `UPDATE outbox SET status = 'sending', claimed_at = ?1
       WHERE id IN (
         SELECT o.id FROM outbox o
         WHERE o.status = 'queued' AND o.next_attempt_at <= ?1
           AND NOT EXISTS (SELECT 1 FROM mail_folds f
             WHERE f.fold_key = o.fold_key AND f.next_allowed_at > ?1)
           AND NOT EXISTS (SELECT 1 FROM outbox s
             WHERE s.fold_key = o.fold_key AND s.status = 'sending')
         ORDER BY o.next_attempt_at LIMIT ?2)
       RETURNING ${claimedColumns.list()}`,
    )
    .bind(now, limit)
    .all();
  return claimedColumns.all(result);
}

/** What became of a claimed fold: sent (and its next window), skipped, or failed. */
export type Settlement =
  | { ids: string[]; outcome: "sent"; foldKey: string; nextAllowedAt: string | null }
  | { ids: string[]; outcome: "skipped"; foldKey: string; nextAllowedAt: string | null }
  | { ids: string[]; outcome: "failed"; error: string; retryAt: string };

/**
 * Records every outcome of one delivery run in one batch. Sent and skipped rows forget the
 * address; failed ones are queued again for `retryAt`, unless they are a day old: then
 * they are given up (and forget it too).
 */
export async function settle(
  db: Database,
  settlements: Settlement[],
  now: string,
  giveUpBefore: string,
) {
  if (settlements.length === 0) return { givenUp: 0 };
  const statements: D1PreparedStatement[] = [];
  for (const settlement of settlements) {
    const ids = JSON.stringify(settlement.ids);
    if (settlement.outcome === "failed") {
      statements.push(
        db
          .prepare(
            `UPDATE outbox SET attempts = attempts + 1, error = ?2, claimed_at = NULL,
               status = CASE WHEN created_at < ?4 THEN 'failed' ELSE 'queued' END,
               recipient_encrypted = CASE WHEN created_at < ?4 THEN NULL ELSE recipient_encrypted END,
               next_attempt_at = ?3
             WHERE id IN (${idList}) AND status = 'sending'
             RETURNING status`,
          )
          .bind(ids, settlement.error, settlement.retryAt, giveUpBefore),
      );
      continue;
    }
    statements.push(
      db
        .prepare(
          `UPDATE outbox SET status = ?2, sent_at = ?3, recipient_encrypted = NULL, claimed_at = NULL
           WHERE id IN (${idList})`,
        )
        .bind(ids, settlement.outcome, now),
    );
    if (settlement.nextAllowedAt) {
      statements.push(
        db
          .prepare(
            `INSERT INTO mail_folds (fold_key, next_allowed_at) VALUES (?1, ?2)
             ON CONFLICT (fold_key) DO UPDATE SET next_allowed_at = excluded.next_allowed_at`,
          )
          .bind(settlement.foldKey, settlement.nextAllowedAt),
      );
    }
  }
  const results = await db.batch(statements);
  const givenUp = results
    .flatMap((result) => allRows<{ status?: string }>(result))
    .filter((row) => row.status === "failed").length;
  return { givenUp };
}

/** Claims left behind by a run that died before it settled them go back to the queue. */
export function releaseStaleClaims(db: Database, claimedBefore: string) {
  return db
    .prepare(
      `UPDATE outbox SET status = 'queued', claimed_at = NULL
       WHERE status = 'sending' AND claimed_at < ?1`,
    )
    .bind(claimedBefore);
}
