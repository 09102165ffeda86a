/**
 * Who asked for mail: readers following a page or the replies to their comment, and the
 * recipients of a site's held-comment notices. Addresses are sealed and matched by keyed
 * hash, as on comments. Double opt-in per subscription: each one a post makes waits for the
 * address's confirmation (the mail's link), unless the post came from a browser that
 * confirmed the address before (its mail token); it goes with its comment if that is judged
 * spam or deleted.
 */
import type { NewSubscription, SubscriptionScope } from "../domain/post-plan";
import { insertOutboxRows, replyFoldKey } from "./outbox";
import { columns, flag } from "./columns";
import { allRows, firstRow } from "./rows";
import type { Database } from "./database";

/** A stranger typing someone's address sends them at most one confirmation in this long. */
const confirmationIntervalMs = 86_400_000;

/**
 * For the posting batch, after the comment's INSERT (each statement does nothing if the
 * comment was not stored): the address, the subscription (confirmed already when the
 * browser proved it confirmed the address), and a confirmation mail while the address has
 * a subscription waiting (at most one a day).
 */
export function subscribeStatements(db: Database, s: NewSubscription): D1PreparedStatement[] {
  const confirmSentAfter = new Date(Date.parse(s.at) - confirmationIntervalMs).toISOString();
  const commentStored = "EXISTS (SELECT 1 FROM comments WHERE id = ?5)";
  const needsConfirmation = `(a.confirm_sent_at IS NULL OR a.confirm_sent_at < ?6)
    AND EXISTS (SELECT 1 FROM subscriptions w
      WHERE w.site_id = a.site_id AND w.email_hash = a.email_hash AND w.confirmed_at IS NULL)`;
  return [
    db
      .prepare(
        `INSERT INTO mail_addresses (site_id, email_hash, email_encrypted, created_at)
         SELECT ?1, ?2, ?3, ?4 WHERE ${commentStored}
         ON CONFLICT (site_id, email_hash) DO UPDATE SET email_encrypted = excluded.email_encrypted`,
      )
      .bind(s.siteId, s.emailHash, s.emailEncrypted, s.at, s.commentId),
    // A page already followed stays as it was: confirmed, or now confirmed by this browser.
    db
      .prepare(
        `INSERT INTO subscriptions (site_id, thread_id, email_hash, scope, comment_id, created_at,
           confirmed_at, from_comment_id)
         SELECT c.site_id, c.thread_id, ?2, ?3, CASE WHEN ?3 = 'replies' THEN c.id END, ?4,
           CASE WHEN ?5 THEN ?4 END, c.id
         FROM comments c WHERE c.id = ?1
         ON CONFLICT (thread_id, email_hash, scope, COALESCE(comment_id, '')) DO UPDATE SET
           confirmed_at = excluded.confirmed_at, from_comment_id = excluded.from_comment_id
         WHERE subscriptions.confirmed_at IS NULL AND excluded.confirmed_at IS NOT NULL`,
      )
      .bind(s.commentId, s.emailHash, s.scope, s.at, s.confirmed ? 1 : 0),
    db
      .prepare(
        `${insertOutboxRows}
         SELECT lower(hex(randomblob(16))), a.site_id, 'confirm',
           'confirm:' || a.site_id || ':' || a.email_hash, a.email_hash, a.email_encrypted,
           (SELECT thread_id FROM comments WHERE id = ?5), ?4, ?4
         FROM mail_addresses a
         WHERE a.site_id = ?1 AND a.email_hash = ?2 AND ${needsConfirmation} AND ${commentStored}`,
      )
      .bind(s.siteId, s.emailHash, s.emailEncrypted, s.at, s.commentId, confirmSentAfter),
    db
      .prepare(
        `UPDATE mail_addresses AS a SET confirm_sent_at = ?4
         WHERE a.site_id = ?1 AND a.email_hash = ?2 AND ${needsConfirmation} AND ${commentStored}`,
      )
      .bind(s.siteId, s.emailHash, s.emailEncrypted, s.at, s.commentId, confirmSentAfter),
  ];
}

/**
 * The double opt-in's second step: the address confirms every subscription of it on the
 * site that waits (what the confirmation mail offers: mail about comments on the site).
 * Returns when the address was put on file (the mail token derives from it), or null when
 * it no longer is.
 */
export async function confirmAddress(
  db: Database,
  siteId: string,
  emailHash: string,
  at: string,
): Promise<{ addressSince: string } | null> {
  const [address] = await db.batch([
    db
      .prepare(
        `UPDATE mail_addresses SET confirmed_at = COALESCE(confirmed_at, ?3)
         WHERE site_id = ?1 AND email_hash = ?2 RETURNING created_at`,
      )
      .bind(siteId, emailHash, at),
    db
      .prepare(
        `UPDATE subscriptions SET confirmed_at = ?3
         WHERE site_id = ?1 AND email_hash = ?2 AND confirmed_at IS NULL`,
      )
      .bind(siteId, emailHash, at),
  ]);
  const row = firstRow<{ created_at: string }>(address);
  return row ? { addressSince: row.created_at } : null;
}

/** A comment judged spam or deleted takes the subscriptions its post made with it. */
export function dropSubscriptionsOf(db: Database, commentIds: string[]): D1PreparedStatement {
  return db
    .prepare(`DELETE FROM subscriptions WHERE from_comment_id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(commentIds));
}

/** Ends the subscriptions of one address on one page; mail already queued for it is dropped. */
export async function unsubscribeFromThread(
  db: Database,
  siteId: string,
  threadId: number,
  emailHash: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `DELETE FROM subscriptions WHERE site_id = ?1 AND thread_id = ?2 AND email_hash = ?3`,
      )
      .bind(siteId, threadId, emailHash),
    db
      .prepare(
        `UPDATE outbox SET status = 'skipped', recipient_encrypted = NULL
         WHERE fold_key = ?1 AND status = 'queued'`,
      )
      .bind(replyFoldKey(threadId, emailHash)),
  ]);
}

/** Forgets the address on the site, with every subscription and queued mail of it. */
export async function unsubscribeFromSite(
  db: Database,
  siteId: string,
  emailHash: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(`DELETE FROM subscriptions WHERE site_id = ?1 AND email_hash = ?2`)
      .bind(siteId, emailHash),
    db
      .prepare(`DELETE FROM mail_addresses WHERE site_id = ?1 AND email_hash = ?2`)
      .bind(siteId, emailHash),
    db
      .prepare(
        `UPDATE outbox SET status = 'skipped', recipient_encrypted = NULL
         WHERE site_id = ?1 AND recipient_hash = ?2 AND kind IN ('reply', 'confirm')
           AND status = 'queued'`,
      )
      .bind(siteId, emailHash),
  ]);
}

export interface Recipient {
  emailEncrypted: string;
  createdAt: string;
}

const recipientColumns = columns<Recipient>({
  emailEncrypted: "email_encrypted",
  createdAt: "created_at",
});

export async function listRecipients(db: Database, siteId: string): Promise<Recipient[]> {
  const result = await db
    .prepare(
      `SELECT ${recipientColumns.list()} FROM mail_recipients WHERE site_id = ?1 ORDER BY created_at`,
    )
    .bind(siteId)
    .all();
  return recipientColumns.all(result);
}

/** Makes the site's recipients exactly these (kept ones keep their date). */
export async function replaceRecipients(
  db: Database,
  siteId: string,
  recipients: { emailHash: string; emailEncrypted: string }[],
  at: string,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `DELETE FROM mail_recipients WHERE site_id = ?1
           AND email_hash NOT IN (SELECT value FROM json_each(?2))`,
      )
      .bind(siteId, JSON.stringify(recipients.map((r) => r.emailHash))),
    ...recipients.map((r) =>
      db
        .prepare(
          `INSERT INTO mail_recipients (site_id, email_hash, email_encrypted, created_at)
           VALUES (?1, ?2, ?3, ?4) ON CONFLICT (site_id, email_hash) DO NOTHING`,
        )
        .bind(siteId, r.emailHash, r.emailEncrypted, at),
    ),
  ]);
}

export interface SubscriptionRecord {
  siteId: string;
  threadKey: string;
  scope: SubscriptionScope;
  commentId: string | null;
  confirmed: boolean;
  createdAt: string;
}

/** A subscription (as `s`) with its thread (as `t`). */
export const subscriptionColumns = columns<SubscriptionRecord>({
  siteId: "site_id",
  threadKey: { column: "thread_key", sql: "t.key" },
  scope: "scope",
  commentId: "comment_id",
  confirmed: { column: "confirmed", sql: "s.confirmed_at IS NOT NULL", from: flag },
  createdAt: "created_at",
});

/** For the privacy export: every subscription of an address, and the sites it receives for. */
export function selectMailDataByHash(db: Database, emailHash: string) {
  return [
    db
      .prepare(
        `SELECT ${subscriptionColumns.list("s")}
         FROM subscriptions s
         JOIN threads t ON t.id = s.thread_id
         WHERE s.email_hash = ?1 ORDER BY s.created_at`,
      )
      .bind(emailHash),
    db
      .prepare(`SELECT site_id FROM mail_recipients WHERE email_hash = ?1 ORDER BY site_id`)
      .bind(emailHash),
    db
      .prepare(
        `SELECT COUNT(*) AS queued FROM outbox
         WHERE recipient_hash = ?1 AND status IN ('queued', 'sending')`,
      )
      .bind(emailHash),
  ];
}

export function mailDataFrom(results: (D1Result<unknown> | undefined)[]) {
  const [subscriptions, recipientOf, queued] = results;
  return {
    subscriptions: subscriptionColumns.all(subscriptions),
    recipientOn: allRows<{ site_id: string }>(recipientOf).map((row) => row.site_id),
    queuedMail: firstRow<{ queued: number }>(queued)?.queued ?? 0,
  };
}

/**
 * For erasing an address: everything mail kept of it, on one site (`siteId`) or on every
 * site (null). Erased from one site, it stays on that site's list of notice recipients,
 * which is the owner's to change.
 */
export function eraseMailStatements(
  db: Database,
  emailHash: string,
  siteId: string | null = null,
): D1PreparedStatement[] {
  const onSite = "(?2 IS NULL OR site_id = ?2)";
  return [
    db
      .prepare(`DELETE FROM subscriptions WHERE email_hash = ?1 AND ${onSite}`)
      .bind(emailHash, siteId),
    db
      .prepare(`DELETE FROM mail_addresses WHERE email_hash = ?1 AND ${onSite}`)
      .bind(emailHash, siteId),
    ...(siteId === null
      ? [db.prepare(`DELETE FROM mail_recipients WHERE email_hash = ?1`).bind(emailHash)]
      : []),
    db
      .prepare(
        `DELETE FROM outbox WHERE recipient_hash = ?1
           AND (?2 IS NULL OR (site_id = ?2 AND kind IN ('reply', 'confirm', 'verify', 'mine')))`,
      )
      .bind(emailHash, siteId),
    // Fold keys end in the recipient's hash (outbox.ts); they only time mail, so every one goes.
    db
      .prepare(`DELETE FROM mail_folds WHERE substr(fold_key, -length(?1) - 1) = ':' || ?1`)
      .bind(emailHash),
  ];
}
