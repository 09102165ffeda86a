/**
 * Privacy requests: everything stored under one email's keyed hash, and erasing it.
 */
import type { Actor } from "../domain/actor";
import { logEntry } from "./audit-log";
import { bansFrom, selectBansByHash, type BanRecord } from "./bans";
import { commentColumns } from "./comments";
import { modColumns, modCommentsFrom, modTables, type ModCommentRecord } from "./mod-queue";
import { allRows } from "./rows";
import { eraseMailStatements, mailDataFrom, selectMailDataByHash } from "./subscriptions";
import type { Database } from "./database";

export async function loadAuthorData(
  db: Database,
  emailHash: string,
): Promise<{
  comments: ModCommentRecord[];
  bans: BanRecord[];
  knownOnSites: string[];
  verifiedOnSites: string[];
  mail: ReturnType<typeof mailDataFrom>;
}> {
  const [comments, bans, known, verified, ...mail] = await db.batch([
    db
      .prepare(
        `SELECT ${modColumns} FROM ${modTables}
         WHERE c.email_hash = ?1 ORDER BY c.created_at`,
      )
      .bind(emailHash),
    selectBansByHash(db, emailHash),
    db
      .prepare(`SELECT site_id FROM known_authors WHERE email_hash = ?1 ORDER BY site_id`)
      .bind(emailHash),
    db
      .prepare(`SELECT DISTINCT site_id FROM readers WHERE email_hash = ?1 ORDER BY site_id`)
      .bind(emailHash),
    ...selectMailDataByHash(db, emailHash),
  ]);
  return {
    mail: mailDataFrom(mail),
    comments: modCommentsFrom(comments),
    bans: bansFrom(bans),
    knownOnSites: allRows<{ site_id: string }>(known).map((row) => row.site_id),
    verifiedOnSites: allRows<{ site_id: string }>(verified).map((row) => row.site_id),
  };
}

/** The comments an erasure changes, and their sites. */
const erasedColumns = commentColumns.pick("id", "siteId");

/**
 * Where an erasure reaches: every site (a privacy request to the owner), or one site (the
 * reader's own, from "my comments"), which leaves the site's bans on the address in force:
 * they are the site's record, not the reader's to lift.
 */
export interface ErasureScope {
  siteId?: string;
}

/** ?2 is the site, or NULL for every site, in the statements that select by address. */
const onSite = "(?2 IS NULL OR site_id = ?2)";

/**
 * Erases an author in one transaction: their comments become tombstones with every
 * personal field cleared, tombstones without replies are then deleted (repeatedly, so a
 * chain of the author's own replies goes entirely), and their known-author marks, attempt
 * records, stored idempotent answers, verified browsers, everything mail kept of the address
 * (subscriptions, recipient entries, the outbox) and, erased everywhere, their bans go too.
 * Returns how many comments were erased.
 */
export async function eraseAuthor(
  db: Database,
  emailHash: string,
  actor: Actor,
  at: string,
  scope: ErasureScope = {},
  maxDepth = 20,
): Promise<number> {
  const site = scope.siteId ?? null;
  const pruneTombstones = db.prepare(
    `DELETE FROM comments WHERE id IN (
       SELECT c.id FROM comments c
       WHERE c.deleted_at IS NOT NULL AND c.author_name = '' AND c.id IN (SELECT value FROM json_each(?1))
         AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id))`,
  );
  const ids = erasedColumns.all(
    await db
      .prepare(`SELECT ${erasedColumns.list()} FROM comments WHERE email_hash = ?1 AND ${onSite}`)
      .bind(emailHash, site)
      .all(),
  );
  const idList = JSON.stringify(ids.map((row) => row.id));
  const sites = [...new Set(ids.map((row) => row.siteId))];
  await db.batch([
    db
      .prepare(`DELETE FROM idempotency_keys WHERE comment_id IN (SELECT value FROM json_each(?1))`)
      .bind(idList),
    db
      .prepare(
        `UPDATE comments SET author_name = '', author_website = NULL, email_encrypted = NULL,
           email_hash = NULL, network_hash = NULL, dedup_key = NULL, avatar = '', body = '', html = '',
           akismet_context = NULL, verified_at = NULL, deleted_at = COALESCE(deleted_at, ?2)
         WHERE id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(idList, at),
    ...Array.from({ length: maxDepth }, () => pruneTombstones.bind(idList)),
    ...addressStatements(db, emailHash, site),
    ...sites.map((siteId) =>
      logEntry(
        db,
        {
          siteId,
          action: "erase-author",
          detail: `${ids.filter((row) => row.siteId === siteId).length} comments`,
          at,
        },
        actor,
      ),
    ),
  ]);
  return ids.length;
}

/**
 * What an erasure removes of the address besides its comments: known-author marks,
 * attempts, verified browsers and their mail requests, what mail kept, and (erased
 * everywhere) its bans.
 */
function addressStatements(
  db: Database,
  emailHash: string,
  site: string | null,
): D1PreparedStatement[] {
  const byHash = (table: string) =>
    db.prepare(`DELETE FROM ${table} WHERE email_hash = ?1 AND ${onSite}`).bind(emailHash, site);
  return [
    ...(site === null
      ? [db.prepare(`DELETE FROM bans WHERE value_hash = ?1`).bind(emailHash)]
      : []),
    byHash("known_authors"),
    byHash("attempts"),
    byHash("readers"),
    byHash("reader_mail_requests"),
    ...eraseMailStatements(db, emailHash, site),
  ];
}
