/**
 * The cron triggers (wrangler.toml): every five minutes the outbox is sent (digests whose
 * window has opened, retries that are due); every hour housekeeping runs and the daily
 * spam notes are queued. Any other trigger (a manual run) does both.
 */
import { deriveKeys } from "../domain/keys";
import type { Bindings } from "../env";
import { runHousekeeping } from "./housekeeping";
import { deliverOutbox } from "../mail/deliver";
import { allDatabases } from "../platform/site-databases";
import { releaseStaleClaims, spamReports } from "../storage/outbox";

export const deliveryCron = "*/5 * * * *";
/** A claim older than this belongs to a run that died before settling it. */
const staleClaimMinutes = 10;

/** Runs for every database in turn (site-databases.ts): each holds its own sites' rows. */
export async function runScheduled(cron: string, env: Bindings, now: Date): Promise<void> {
  for (const db of allDatabases(env)) {
    if (cron !== deliveryCron) {
      await runHousekeeping(db, now);
      await spamReports(db, now.toISOString()).run();
    }
    if (!env.SECRET_KEY) continue;
    await releaseStaleClaims(
      db,
      new Date(now.getTime() - staleClaimMinutes * 60_000).toISOString(),
    ).run();
    const report = await deliverOutbox(env, await deriveKeys(env.SECRET_KEY), now, db);
    if (report.sent || report.failed) {
      console.log(`mail: ${report.sent} sent, ${report.failed} failed, ${report.skipped} skipped`);
    }
  }
}
