/**
 * The cron triggers (wrangler.toml): every five minutes the outboxes are sent (mail digests
 * whose window has opened, notifications, retries that are due); every hour housekeeping
 * runs, the daily spam notes and digests are queued and linked posts' replies are pulled
 * (pull-remote-replies.ts); every run fetches the queued Webmentions' sources
 * (webmentions.ts). The pullers are loaded only then: no request's cold start evaluates
 * them. Any other trigger (a manual run) does all.
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
    if (cron !== deliveryCron) {
      // A failure here (D1 away) must not keep the mail below from going out.
      try {
        const { pullDueReplies } = await import("./pull-remote-replies");
        const pulled = await pullDueReplies(db, keys, now);
        if (pulled.links) {
          console.log(
            `replies: ${pulled.links} posts pulled, ${pulled.inserted} new, ${pulled.failed} failed, ${pulled.deferred} deferred`,
          );
        }
      } catch (error) {
        console.error(`replies: pull failed: ${error instanceof Error ? error.message : "error"}`);
      }
    }
    // Every run: a Webmention's sender waits minutes, not an hour.
    try {
      const { processWebmentions } = await import("./webmentions");
      await processWebmentions(db, keys, now);
    } catch (error) {
      console.error(`webmentions: failed: ${error instanceof Error ? error.message : "error"}`);
    }
    const report = await deliverOutbox(env, keys, now, db);
    if (report.sent || report.failed) {
      console.log(`mail: ${report.sent} sent, ${report.failed} failed, ${report.skipped} skipped`);
    }
    // The sender is imported here, on use, to keep it out of the Worker's first evaluation.
    const { runNotificationJobs } = await import("../notify/deliver");
    await runNotificationJobs(env, keys, db, { now, staleBefore, hourly: cron !== deliveryCron });
  }
}
