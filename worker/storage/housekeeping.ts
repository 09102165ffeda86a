import type { Database } from "./database";
export interface Cutoffs {
  networkHashesBefore: string;
  bansExpiredBefore: string;
  idempotencyBefore: string;
  attemptsBefore: string;
  /**
   * Unconfirmed subscriptions and addresses, and addresses left without a subscription,
   * made before this.
   */
  mailAddressesBefore: string;
  /** Outbox rows made before this, whatever became of them. */
  outboxBefore: string;
  now: string;
  maxRows: number;
}

/** One transaction; each statement touches at most `maxRows` rows, found through an index. */
export async function deleteExpired(db: Database, cutoffs: Cutoffs) {
  // Stays whole: one batch of statements, each beside its reason, read back below by position.
  const [networks, bans, idempotency, attempts, subscriptions, addresses, outbox, likes, reports] =
    await db.batch([
      // What Akismet was told about the client goes with the network hash.
      db
        .prepare(
          `UPDATE comments SET network_hash = NULL, akismet_context = NULL WHERE id IN (
           SELECT id FROM comments WHERE network_hash IS NOT NULL AND created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.networkHashesBefore, cutoffs.maxRows),
      db
        .prepare(
          `DELETE FROM bans WHERE id IN (
           SELECT id FROM bans WHERE expires_at IS NOT NULL AND expires_at <= ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.bansExpiredBefore, cutoffs.maxRows),
      db
        .prepare(
          `DELETE FROM idempotency_keys WHERE (site_id, key) IN (
           SELECT site_id, key FROM idempotency_keys WHERE created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.idempotencyBefore, cutoffs.maxRows),
      // Attempts only matter within the limits' windows (a day); a busy site makes many, so
      // this step may take ten times the rows of the others.
      db
        .prepare(
          `DELETE FROM attempts WHERE id IN (
           SELECT id FROM attempts WHERE created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.attemptsBefore, cutoffs.maxRows * 10),
      // Double opt-in: a subscription not confirmed within a week goes, and so does an
      // address not confirmed within a week (with its subscriptions) or left with none.
      db
        .prepare(
          `DELETE FROM subscriptions WHERE id IN (
           SELECT id FROM subscriptions WHERE confirmed_at IS NULL AND created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.mailAddressesBefore, cutoffs.maxRows),
      db
        .prepare(
          `DELETE FROM mail_addresses WHERE (site_id, email_hash) IN (
           SELECT a.site_id, a.email_hash FROM mail_addresses a
           WHERE a.created_at < ?1 AND (a.confirmed_at IS NULL OR NOT EXISTS (
             SELECT 1 FROM subscriptions s
             WHERE s.site_id = a.site_id AND s.email_hash = a.email_hash))
           LIMIT ?2)`,
        )
        .bind(cutoffs.mailAddressesBefore, cutoffs.maxRows),
      db
        .prepare(
          `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE created_at < ?1 AND status <> 'sending' LIMIT ?2)`,
        )
        .bind(cutoffs.outboxBefore, cutoffs.maxRows),
      // Likes keep their reader; their network's hash goes when the comments' hashes go.
      db
        .prepare(
          `UPDATE likes SET network_hash = '' WHERE (comment_id, reader_hash) IN (
           SELECT comment_id, reader_hash FROM likes
           WHERE network_hash <> '' AND created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.networkHashesBefore, cutoffs.maxRows),
      // Reports hold a network's keyed hash: they go when the comments' hashes go.
      db
        .prepare(
          `DELETE FROM reports WHERE (comment_id, reporter_hash) IN (
           SELECT comment_id, reporter_hash FROM reports WHERE created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.networkHashesBefore, cutoffs.maxRows),
      db.prepare(`DELETE FROM used_links WHERE expires_at < ?1`).bind(cutoffs.now),
      db.prepare(`DELETE FROM mail_folds WHERE next_allowed_at < ?1`).bind(cutoffs.now),
      // A reader token past its expiry is refused anyway; its row goes too.
      db
        .prepare(
          `DELETE FROM readers WHERE id IN (
           SELECT id FROM readers WHERE expires_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.now, cutoffs.maxRows),
      // Requests for a reader's mail count for an hour; they are kept a day, like attempts.
      db
        .prepare(
          `DELETE FROM reader_mail_requests WHERE id IN (
           SELECT id FROM reader_mail_requests WHERE created_at < ?1 LIMIT ?2)`,
        )
        .bind(cutoffs.attemptsBefore, cutoffs.maxRows),
    ]);
  return {
    networkHashesCleared: networks?.meta.changes ?? 0,
    bansDeleted: bans?.meta.changes ?? 0,
    idempotencyRecordsDeleted: idempotency?.meta.changes ?? 0,
    attemptsDeleted: attempts?.meta.changes ?? 0,
    unconfirmedSubscriptionsDeleted: subscriptions?.meta.changes ?? 0,
    mailAddressesDeleted: addresses?.meta.changes ?? 0,
    outboxRowsDeleted: outbox?.meta.changes ?? 0,
    likeNetworksCleared: likes?.meta.changes ?? 0,
    reportsDeleted: reports?.meta.changes ?? 0,
  };
}
