/**
 * Sends what the notification outbox holds: kicked after a response that queued messages
 * (waitUntil, loaded on first use so a reader's request never parses it) and run by the
 * cron trigger, which also retries failures with backoff and gives up after a day. Each run
 * claims due rows, drops messages that no longer apply (a held comment already moderated,
 * a removed one), sends each to its target, and records every outcome in one batch.
 * A failure never touches a comment; logs name outbox ids, never a URL or token.
 */
import { publicUrl } from "../config";
import type { Keys } from "../domain/keys";
import type { Bindings } from "../env";
import type { TargetSecret } from "../schemas/notification-targets";
import {
  claimDueNotices,
  loadNoticeContext,
  purgeSettledNotices,
  queueSpamDigests,
  releaseStaleNotices,
  settleNotices,
  type ClaimedNotice,
  type NoticeContext,
  type NoticeSettlement,
} from "../storage/notification-outbox";
import { retryAt, givenUpBefore } from "../domain/retry-schedule";
import { requestFor } from "./formats";
import { buttonDataFor } from "./telegram-buttons";

/** At most 40 requests a run: the Workers Free plan allows 50 subrequests per invocation. */
const claimPerRound = 20;
const maxRounds = 2;
const minute = 60_000;
const timeoutMs = 5000;

export interface NotificationReport {
  sent: number;
  skipped: number;
  failed: number;
}

/**
 * The cron's share (jobs/scheduled.ts): hourly, the daily spam digests are queued and old
 * rows purged; every run, claims left by a dead run go back and what is due is sent.
 */
export async function runNotificationJobs(
  env: Bindings,
  keys: Keys,
  db: D1Database,
  { now, staleBefore, hourly }: { now: Date; staleBefore: string; hourly: boolean },
): Promise<void> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * minute).toISOString();
  const statements = [releaseStaleNotices(db, staleBefore)];
  if (hourly) {
    statements.push(
      purgeSettledNotices(db, ago(7 * 1440)),
      queueSpamDigests(db, now.toISOString(), ago(1440)),
    );
  }
  await db.batch(statements);
  const report = await deliverNotifications(env, keys, db, now);
  if (report.sent || report.failed) {
    console.log(
      `notifications: ${report.sent} sent, ${report.failed} failed, ${report.skipped} skipped`,
    );
  }
}

export async function deliverNotifications(
  env: Bindings,
  keys: Keys,
  db: D1Database,
  now = new Date(),
): Promise<NotificationReport> {
  const report: NotificationReport = { sent: 0, skipped: 0, failed: 0 };
  const at = now.toISOString();
  const dayAgo = givenUpBefore(now);
  const base = publicUrl(env);
  for (let round = 0; round < maxRounds; round++) {
    const claimed = await claimDueNotices(db, at, claimPerRound);
    if (claimed.length === 0) break;
    const context = await loadNoticeContext(db, claimed, dayAgo);
    const settlements = await Promise.all(
      claimed.map((notice) => deliverOne(notice, context, { keys, base, now })),
    );
    for (const settlement of settlements) {
      report[settlement.outcome] += 1;
      if (settlement.outcome === "failed") {
        console.warn(`notification ${settlement.id} not sent: ${settlement.error}`);
      }
    }
    await settleNotices(db, settlements, at, dayAgo);
    if (claimed.length < claimPerRound) break;
  }
  return report;
}

/** Whether the event still applies to the comment as it is now. */
function stillApplies(notice: ClaimedNotice, context: NoticeContext): boolean {
  if (notice.event === "spam-digest") return true;
  const comment = context.comments.get(notice.commentId ?? "");
  if (!comment || comment.deleted) return false;
  if (notice.event === "held") return comment.status === "pending";
  if (notice.event === "approved") return comment.status === "approved";
  return comment.status !== "spam" && comment.status !== "rejected";
}

async function deliverOne(
  notice: ClaimedNotice,
  context: NoticeContext,
  { keys, base, now }: { keys: Keys; base: string | null; now: Date },
): Promise<NoticeSettlement> {
  const skip: NoticeSettlement = { id: notice.id, outcome: "skipped" };
  const target = context.targets.get(notice.targetId);
  const site = target && context.sites.get(target.siteId);
  if (!target || !site || !stillApplies(notice, context)) return skip;
  if (notice.event === "spam-digest" && site.spam === 0) return skip;
  const secret = await keys
    .decrypt(target.secretEncrypted)
    .then((text) => JSON.parse(text) as TargetSecret)
    .catch(() => null);
  if (!secret) return skip;
  const comment = context.comments.get(notice.commentId ?? "") ?? null;
  const request = await requestFor(
    {
      event: notice.event,
      site: { id: target.siteId, name: site.name },
      comment,
      spamCount: site.spam,
      deskUrl: base ? `${base}/admin/` : null,
    },
    { kind: target.kind, secret, chatId: target.chatId, moderate: target.moderate },
    (action) => buttonDataFor(keys, target.siteId, comment?.id ?? "", action),
  );
  let error: string;
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: { ...request.headers, "User-Agent": "Parley-Notify/1" },
      body: request.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return { id: notice.id, outcome: "sent" };
    error = `answered ${response.status}`;
  } catch (failure) {
    error = failure instanceof Error ? failure.name : "error";
  }
  return { id: notice.id, outcome: "failed", error, retryAt: retryAt(notice.attempts, now) };
}
