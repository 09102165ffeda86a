export interface Cutoffs {
  networkHashesBefore: string;
  bansExpiredBefore: string;
  idempotencyBefore: string;
  maxRows: number;
}

/** One transaction; each statement touches at most `maxRows` rows, found through an index. */
export async function deleteExpired(db: D1Database, cutoffs: Cutoffs) {
  const [networks, bans, idempotency] = await db.batch([
    db
      .prepare(
        `UPDATE comments SET network_hash = NULL WHERE id IN (
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
  ]);
  return {
    networkHashesCleared: networks?.meta.changes ?? 0,
    bansDeleted: bans?.meta.changes ?? 0,
    idempotencyRecordsDeleted: idempotency?.meta.changes ?? 0,
  };
}
