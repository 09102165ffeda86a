import { allRows, firstRow } from "./rows";
import type { Actor } from "../domain/actor";
import { logEntry } from "./audit-log";
import type { Database } from "./database";

export interface BanRecord {
  id: string;
  siteId: string;
  scope: "author" | "network";
  valueHash: string;
  emailEncrypted: string | null;
  commentId: string | null;
  reason: string | null;
  createdAt: string;
  expiresAt: string | null;
}

interface BanRow {
  id: string;
  site_id: string;
  scope: "author" | "network";
  value_hash: string;
  email_encrypted: string | null;
  comment_id: string | null;
  reason: string | null;
  created_at: string;
  expires_at: string | null;
}

const banColumns = `id, site_id, scope, value_hash, email_encrypted, comment_id, reason, created_at, expires_at`;

function toBan(row: BanRow): BanRecord {
  return {
    id: row.id,
    siteId: row.site_id,
    scope: row.scope,
    valueHash: row.value_hash,
    emailEncrypted: row.email_encrypted,
    commentId: row.comment_id,
    reason: row.reason,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export function bansFrom(result: D1Result<unknown> | undefined): BanRecord[] {
  return allRows<BanRow>(result).map(toBan);
}

export async function insertBan(db: Database, ban: BanRecord, actor: Actor): Promise<void> {
  await db.batch([
    db
      .prepare(`INSERT INTO bans (${banColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`)
      .bind(
        ban.id,
        ban.siteId,
        ban.scope,
        ban.valueHash,
        ban.emailEncrypted,
        ban.commentId,
        ban.reason,
        ban.createdAt,
        ban.expiresAt,
      ),
    logEntry(
      db,
      {
        siteId: ban.siteId,
        action: `ban-${ban.scope}`,
        commentId: ban.commentId,
        detail: ban.id,
        at: ban.createdAt,
      },
      actor,
    ),
  ]);
}

export async function listBans(db: Database, siteId: string): Promise<BanRecord[]> {
  return bansFrom(
    await db
      .prepare(`SELECT ${banColumns} FROM bans WHERE site_id = ?1 ORDER BY created_at DESC`)
      .bind(siteId)
      .all(),
  );
}

export function selectBansByHash(db: Database, valueHash: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${banColumns} FROM bans WHERE value_hash = ?1 AND scope = 'author' ORDER BY created_at`,
    )
    .bind(valueHash);
}

/** Lifts a ban; false when there was none. */
export async function deleteBan(
  db: Database,
  id: string,
  actor: Actor,
  at: string,
): Promise<boolean> {
  const ban = firstRow<BanRow>(
    await db.prepare(`SELECT ${banColumns} FROM bans WHERE id = ?1`).bind(id).all(),
  );
  if (!ban) return false;
  await db.batch([
    db.prepare(`DELETE FROM bans WHERE id = ?1`).bind(id),
    logEntry(
      db,
      {
        siteId: ban.site_id,
        action: `unban-${ban.scope}`,
        commentId: ban.comment_id,
        detail: id,
        at,
      },
      actor,
    ),
  ]);
  return true;
}

/** The site a ban belongs to, so a moderator's access can be checked before lifting it. */
export async function siteOfBan(db: Database, id: string): Promise<string | null> {
  return (
    firstRow<{ site_id: string }>(
      await db.prepare(`SELECT site_id FROM bans WHERE id = ?1`).bind(id).all(),
    )?.site_id ?? null
  );
}
