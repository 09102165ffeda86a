/**
 * The hourly housekeeping: forgets client network hashes (of comments, likes, reports and
 * page reactions; and what Akismet was told) after
 * the retention period, and drops expired bans, idempotency records, posting attempts,
 * unconfirmed mail addresses, old outbox rows, used mail links and closed digest windows.
 * Each step is bounded per run (the cron runs again within the hour) and safe to repeat.
 */
import { deleteExpired } from "../storage/housekeeping";
import { forgetReactionNetworks } from "../storage/reactions";
import type { Database } from "../storage/database";

export const networkRetentionDays = 30;
const idempotencyRetentionHours = 24;
/** Double opt-in: unconfirmed addresses (and their subscriptions) last a week. */
export const unconfirmedAddressDays = 7;
/** Sent, skipped and given-up mail is kept a week, for looking into a delivery problem. */
const outboxRetentionDays = 7;
export const maxRowsPerStep = 1000;

export async function runHousekeeping(db: Database, now: Date) {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const networkHashesBefore = daysAgo(networkRetentionDays);
  const [expired, reactionNetworksCleared] = await Promise.all([
    deleteExpired(db, {
      networkHashesBefore,
      bansExpiredBefore: now.toISOString(),
      idempotencyBefore: daysAgo(idempotencyRetentionHours / 24),
      attemptsBefore: daysAgo(1),
      mailAddressesBefore: daysAgo(unconfirmedAddressDays),
      outboxBefore: daysAgo(outboxRetentionDays),
      now: now.toISOString(),
      maxRows: maxRowsPerStep,
    }),
    // Page reactions' network hashes, as the likes' (storage/reactions.ts).
    forgetReactionNetworks(db, networkHashesBefore, maxRowsPerStep),
  ]);
  return { ...expired, reactionNetworksCleared };
}
