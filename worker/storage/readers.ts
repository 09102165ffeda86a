/**
 * Readers who proved an address on a site (issue 27): one row per verified browser, which
 * its reader token names (domain/reader-token.ts), and the requests for the mails that
 * prove it, kept a day for their limits.
 */
import type { CommentRecord } from "../domain/comment";
import { commentList, commentsFrom } from "./comments";
import { firstRow } from "./rows";
import type { Database } from "./database";

/** The address a reader row stands for, if the row is there and not past its expiry. */
export function selectReader(
  db: Database,
  reader: { id: string; siteId: string },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(`SELECT email_hash FROM readers WHERE id = ?1 AND site_id = ?2 AND expires_at > ?3`)
    .bind(reader.id, reader.siteId, now);
}

export const readerHashFrom = (result: D1Result<unknown> | undefined): string | null =>
  firstRow<{ email_hash: string }>(result)?.email_hash ?? null;

export async function findReader(
  db: Database,
  reader: { id: string; siteId: string },
  now: string,
): Promise<string | null> {
  return readerHashFrom(await selectReader(db, reader, now).all());
}

export async function insertReader(
  db: Database,
  reader: { id: string; siteId: string; emailHash: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO readers (id, site_id, email_hash, created_at, expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5)`,
    )
    .bind(reader.id, reader.siteId, reader.emailHash, reader.createdAt, reader.expiresAt)
    .run();
}

/** Revokes one browser's token: its row goes, so the token is refused from now on. */
export async function revokeReader(
  db: Database,
  reader: { id: string; siteId: string },
): Promise<void> {
  await db
    .prepare(`DELETE FROM readers WHERE id = ?1 AND site_id = ?2`)
    .bind(reader.id, reader.siteId)
    .run();
}

export type ReaderMailPurpose = "verify" | "mine";

export interface ReaderMailRequest {
  id: string;
  siteId: string;
  purpose: ReaderMailPurpose;
  emailHash: string;
  emailEncrypted: string;
  networkHash: string;
  /** The page the reader asked from: the mail's link leads back there. */
  pageUrl: string;
  at: string;
}

/** Per address and purpose, one mail in this long; per network, this many requests. */
export const readerMailLimits = { addressWindowMs: 3_600_000, perNetworkPerHour: 5 };

/**
 * A request for a verification or "my comments" mail, in one batch that runs the same
 * statements whatever the address is (so neither the answer nor its time says whether it is
 * known, or was mailed in the last hour): the request, if the network is within its limit,
 * and the mail, if the address had none for this purpose in the hour. False when the
 * network is over its limit (nothing was written).
 */
export async function requestReaderMail(db: Database, r: ReaderMailRequest): Promise<boolean> {
  const hourAgo = new Date(Date.parse(r.at) - readerMailLimits.addressWindowMs).toISOString();
  const [request] = await db.batch([
    db
      .prepare(
        `INSERT INTO reader_mail_requests
           (id, site_id, purpose, email_hash, network_hash, mailed, created_at)
         SELECT ?1, ?2, ?3, ?4, ?5, NOT EXISTS (SELECT 1 FROM reader_mail_requests
             WHERE site_id = ?2 AND email_hash = ?4 AND purpose = ?3 AND mailed = 1
               AND created_at > ?7), ?6
         WHERE (SELECT COUNT(*) FROM reader_mail_requests
           WHERE network_hash = ?5 AND created_at > ?7) < ?8`,
      )
      .bind(
        r.id,
        r.siteId,
        r.purpose,
        r.emailHash,
        r.networkHash,
        r.at,
        hourAgo,
        readerMailLimits.perNetworkPerHour,
      ),
    // An outbox row either way, queued or already skipped (without the address), so an
    // address mailed in the hour costs the same writes as one mailed now: measured by
    // `npm run bench:reader-mail`, the mail's row alone made the answer 10 % slower.
    db
      .prepare(
        `INSERT INTO outbox (id, site_id, kind, fold_key, recipient_hash, recipient_encrypted,
           subject_id, created_at, next_attempt_at, status)
         SELECT lower(hex(randomblob(16))), ?2, ?3, ?3 || ':' || ?2 || ':' || ?4, ?4,
           iif(mailed, ?5, NULL), ?6, ?7, ?7, iif(mailed, 'queued', 'skipped')
         FROM reader_mail_requests WHERE id = ?1`,
      )
      .bind(r.id, r.siteId, r.purpose, r.emailHash, r.emailEncrypted, r.pageUrl, r.at),
  ]);
  return request?.meta.changes === 1;
}

/**
 * Seconds until a network over its limit may ask again: when the oldest request that still
 * keeps it at the limit leaves the hour. Read only for a refused request, so an admitted one
 * costs nothing more (and a refusal depends on the network alone, never on the address).
 */
export async function readerMailRetryAfter(
  db: Database,
  about: { networkHash: string; at: string },
): Promise<number> {
  const now = Date.parse(about.at);
  const hourAgo = new Date(now - readerMailLimits.addressWindowMs).toISOString();
  const row = await db
    .prepare(
      `SELECT created_at FROM reader_mail_requests
       WHERE network_hash = ?1 AND created_at > ?2
       ORDER BY created_at DESC LIMIT 1 OFFSET ?3`,
    )
    .bind(about.networkHash, hourAgo, readerMailLimits.perNetworkPerHour - 1)
    .first<{ created_at: string }>();
  const freedAt = row
    ? Date.parse(row.created_at) + readerMailLimits.addressWindowMs
    : now + readerMailLimits.addressWindowMs;
  return Math.max(1, Math.ceil((freedAt - now) / 1000));
}

/** A verified reader's comments on one page that they may still see to: held, or approved. */
export async function listReaderComments(
  db: Database,
  about: { siteId: string; threadKey: string; emailHash: string },
): Promise<CommentRecord[]> {
  const result = await db
    .prepare(
      `SELECT ${commentList} FROM threads t JOIN comments c ON c.thread_id = t.id
       WHERE t.site_id = ?1 AND t.key = ?2 AND c.email_hash = ?3
         AND c.status IN ('pending', 'approved') AND c.deleted_at IS NULL
       ORDER BY c.created_at DESC LIMIT 50`,
    )
    .bind(about.siteId, about.threadKey, about.emailHash)
    .all();
  return commentsFrom(result);
}
