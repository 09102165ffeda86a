import { columns } from "./columns";
import { statement } from "./parameters";
import { firstRow } from "./rows";
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

const banColumns = columns<BanRecord>({
  id: "id",
  siteId: "site_id",
  scope: "scope",
  valueHash: "value_hash",
  emailEncrypted: "email_encrypted",
  commentId: "comment_id",
  reason: "reason",
  createdAt: "created_at",
  expiresAt: "expires_at",
});

const banList = banColumns.list();

export const bansFrom = banColumns.all;

export async function insertBan(db: Database, ban: BanRecord, actor: Actor): Promise<void> {
  await db.batch([
    statement(
      db,
      (p) =>
        `INSERT INTO bans (${banList}) VALUES (${banColumns.keys.map((key) => p(ban[key])).join(", ")})`,
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
      .prepare(`SELECT ${banList} FROM bans WHERE site_id = ?1 ORDER BY created_at DESC`)
      .bind(siteId)
      .all(),
  );
}

export function selectBansByHash(db: Database, valueHash: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${banList} FROM bans WHERE value_hash = ?1 AND scope = 'author' ORDER BY created_at`,
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
  const ban = banColumns.first(
    await db.prepare(`SELECT ${banList} FROM bans WHERE id = ?1`).bind(id).all(),
  );
  if (!ban) return false;
  await db.batch([
    db.prepare(`DELETE FROM bans WHERE id = ?1`).bind(id),
    logEntry(
      db,
      {
        siteId: ban.siteId,
        action: `unban-${ban.scope}`,
        commentId: ban.commentId,
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
