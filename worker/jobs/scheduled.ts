/**
 * The cron triggers (wrangler.toml): every five minutes the outboxes are sent (mail digests
 * whose window has opened, notifications, retries that are due); every hour housekeeping
 * runs and the daily spam notes and digests are queued. Any other trigger (a manual run)
 * does both.
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
    const staleBefore = new Date(now.getTime() - staleClaimMinutes * 60_000).toISOString();
    await releaseStaleClaims(db, staleBefore).run();
    const keys = await deriveKeys(env.SECRET_KEY);
    const report = await deliverOutbox(env, keys, now, db);
    if (report.sent || report.failed) {
      console.log(`mail: ${report.sent} sent, ${report.failed} failed, ${report.skipped} skipped`);
    }
    // The sender is imported here, on use, to keep it out of the Worker's first evaluation.
    const { runNotificationJobs } = await import("../notify/deliver");
    await runNotificationJobs(env, keys, db, { now, staleBefore, hourly: cron !== deliveryCron });
  }
}
