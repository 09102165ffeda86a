/**
 * The scheduled job: forgets client network hashes (and what Akismet was told) after the
 * retention period, and drops expired bans, idempotency records and posting attempts. Each step is bounded per run (the cron runs again
 * within the hour) and safe to repeat.
 */
import { deleteExpired } from "./storage/housekeeping";

export const networkRetentionDays = 30;
const idempotencyRetentionHours = 24;
export const maxRowsPerStep = 1000;

export async function runHousekeeping(db: D1Database, now: Date) {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  return deleteExpired(db, {
    networkHashesBefore: daysAgo(networkRetentionDays),
    bansExpiredBefore: now.toISOString(),
    idempotencyBefore: daysAgo(idempotencyRetentionHours / 24),
    attemptsBefore: daysAgo(1),
    maxRows: maxRowsPerStep,
  });
}
