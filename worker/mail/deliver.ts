/**
 * Sends what the outbox holds: run after a response that queued mail (waitUntil) and by
 * the cron trigger, which also retries failures with backoff and gives up after a day.
 * Each run claims due rows, groups them by fold key (one mail per group: a digest when it
 * holds several events), drops events that no longer apply (a held comment already
 * moderated, a reply since removed), sends, and records every outcome in one batch.
 * A mail failure never touches a comment; logs name outbox ids, never an address.
 */
import type { Keys } from "../domain/keys";
import { openEmail } from "../domain/privacy";
import { publicUrl } from "../config";
import type { Bindings } from "../env";
import { loadMailContext, type MailComment, type MailContext } from "../storage/mail-context";
import { claimDue, settle, type ClaimedMail, type Settlement } from "../storage/outbox";
import {
  composeConfirm,
  composeHeld,
  composeReaderMail,
  composeReplies,
  composeSpamReport,
  type ComposeContext,
  type Composed,
} from "./compose";
import { givenUpBefore, retryAt } from "../domain/retry-schedule";
import { transportFor, type Transport } from "./transport";
import { mailStrings } from "./strings";

const claimPerRound = 50;
const maxRounds = 4;
const minute = 60_000;
/** Reader mail: at most one per page per hour; the rest is folded into the next. */
const readerWindowMinutes = 60;

export interface DeliveryReport {
  sent: number;
  skipped: number;
  failed: number;
  givenUp: number;
}

/** Sends one database's outbox (each holds its own sites' mail, site-databases.ts). */
export async function deliverOutbox(
  env: Bindings,
  keys: Keys,
  now = new Date(),
  db: D1Database = env.DB,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, skipped: 0, failed: 0, givenUp: 0 };
  const transport = transportFor(env);
  const base = publicUrl(env);
  if (!transport || !base) return report;
  const at = now.toISOString();
  const dayAgo = givenUpBefore(now);
  for (let round = 0; round < maxRounds; round++) {
    const claimed = await claimDue(db, at, claimPerRound);
    if (claimed.length === 0) break;
    const context = await loadMailContext(db, claimed, dayAgo);
    const folds = new Map<string, ClaimedMail[]>();
    for (const mail of claimed) folds.set(mail.foldKey, [...(folds.get(mail.foldKey) ?? []), mail]);
    const settlements = await Promise.all(
      [...folds.values()].map((fold) =>
        deliverFold(fold, context, { keys, assets: env.ASSETS, base, transport, now }),
      ),
    );
    for (const settlement of settlements) {
      report[settlement.outcome] += settlement.ids.length;
      if (settlement.outcome === "failed") {
        console.warn(`mail ${settlement.ids.join(",")} not sent: ${settlement.error}`);
      }
    }
    const { givenUp } = await settle(db, settlements, at, dayAgo);
    if (givenUp) console.warn(`mail: gave up on ${givenUp} after a day of failures`);
    report.givenUp += givenUp;
    if (claimed.length < claimPerRound) break;
  }
  return report;
}

interface Delivery {
  keys: Keys;
  assets: Fetcher;
  base: string;
  transport: Transport;
  now: Date;
}

/** One fold's mail: composed from what still applies, sent, and its outcome to settle. */
async function deliverFold(
  fold: ClaimedMail[],
  context: MailContext,
  { keys, assets, base, transport, now }: Delivery,
): Promise<Settlement> {
  const first = fold[0]!;
  const ids = fold.map((mail) => mail.id);
  const after = (minutes: number) => new Date(now.getTime() + minutes * minute).toISOString();
  const skip = (nextAllowedAt: string | null = null): Settlement => ({
    ids,
    outcome: "skipped",
    foldKey: first.foldKey,
    nextAllowedAt,
  });
  const site = context.sites.get(first.siteId);
  if (!site?.settings.mailFrom || !first.recipientEncrypted) return skip();

  const compose: ComposeContext = {
    keys,
    site,
    base,
    recipientHash: first.recipientHash,
    now,
    s: await mailStrings(assets, site.settings.mailLanguage),
  };
  const { mail, window } = await composeFold(fold, context, compose);
  // Nothing left to say: an empty spam day still waits a day before the next look.
  if (!mail) return skip(first.kind === "spam-report" ? after(1440) : null);

  const to = await openEmail(keys, first.recipientEncrypted).catch(() => null);
  if (!to) return skip();
  const result = await transport({
    from: { email: site.settings.mailFrom, name: site.settings.mailFromName ?? site.name },
    to,
    ...mail,
    idempotencyKey: `${first.id}-${ids.length}`,
  });
  if (result.sent) {
    return {
      ids,
      outcome: "sent",
      foldKey: first.foldKey,
      nextAllowedAt: window === null ? null : after(window),
    };
  }
  const attempts = Math.max(...fold.map((m) => m.attempts));
  return {
    ids,
    outcome: "failed",
    error: result.error.slice(0, 100),
    retryAt: retryAt(attempts, now),
  };
}

/**
 * The fold's one mail, of what still applies (none when nothing does), and how many minutes
 * its fold waits once it is sent (null: no wait).
 */
async function composeFold(
  fold: ClaimedMail[],
  context: MailContext,
  compose: ComposeContext,
): Promise<{ mail: Composed | null; window: number | null }> {
  const first = fold[0]!;
  const { site } = compose;
  const comments = (keep: (comment: MailComment) => boolean) =>
    fold
      .map((mail) => context.comments.get(mail.subjectId ?? ""))
      .filter((comment): comment is MailComment => comment !== undefined && keep(comment))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  let mail: Composed | null = null;
  let window: number | null = null;
  switch (first.kind) {
    case "held": {
      const held = comments((c) => c.status === "pending" && !c.deleted);
      if (held.length) mail = await composeHeld(compose, held);
      window = site.settings.mailDigestMinutes;
      break;
    }
    case "reply": {
      const replies = comments((c) => c.status === "approved" && !c.deleted);
      if (replies.length && site.settings.readerNotifications) {
        mail = await composeReplies(compose, replies, replies[0]!.threadId);
      }
      window = readerWindowMinutes;
      break;
    }
    case "confirm": {
      const thread = context.threads.get(Number(first.subjectId));
      if (thread) mail = await composeConfirm(compose, thread);
      break;
    }
    case "verify":
    case "mine":
      // Its subject is the page the reader asked from (storage/readers.ts).
      if (first.subjectId) mail = await composeReaderMail(compose, first.kind, first.subjectId);
      break;
    case "spam-report": {
      const spam = context.spam.get(site.id);
      if (spam?.count) mail = await composeSpamReport(compose, spam);
      window = 1440;
      break;
    }
  }
  return { mail, window };
}

/**
 * Sends what a response just queued, after the response: a failure here is logged and left
 * to the cron's retries, never surfaced to the reader or moderator who caused the mail.
 */
export function deliverAfterResponse(
  ctx: { waitUntil(promise: Promise<unknown>): void },
  env: Bindings,
  keys: Keys,
  db?: D1Database,
): void {
  if (!transportFor(env)) return;
  ctx.waitUntil(
    deliverOutbox(env, keys, undefined, db).then(
      () => undefined,
      (error: unknown) =>
        console.warn(`mail delivery failed: ${error instanceof Error ? error.name : "error"}`),
    ),
  );
}
