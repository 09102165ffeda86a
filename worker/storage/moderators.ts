/**
 * Named moderators: who they are, which sites they moderate, and the keyed hash of their
 * personal token (the token itself is shown once, when made, and never stored).
 */
import type { Actor, Role } from "../domain/actor";
import { columns, jsonList } from "./columns";
import type { Row } from "./rows";
import type { Database } from "./database";

export interface ModeratorRecord {
  id: string;
  name: string;
  emailEncrypted: string;
  role: Role;
  sites: string[];
  createdAt: string;
}

const moderatorColumns = columns<ModeratorRecord>({
  id: "id",
  name: "name",
  emailEncrypted: "email_encrypted",
  role: "role",
  sites: { column: "sites", from: jsonList },
  createdAt: "created_at",
});

const moderatorList = moderatorColumns.list();

export const actorOf = (moderator: ModeratorRecord): Actor => ({
  id: moderator.id,
  name: moderator.name,
  role: moderator.role,
  sites: moderator.role === "owner" ? null : moderator.sites,
});

/** The moderator a token or a signed-in email belongs to, unless revoked. */
export async function findModerator(
  db: Database,
  by: { tokenHash: string } | { emailHash: string },
): Promise<ModeratorRecord | null> {
  const [column, value] =
    "tokenHash" in by ? ["token_hash", by.tokenHash] : ["email_hash", by.emailHash];
  const row = await db
    .prepare(`SELECT ${moderatorList} FROM moderators WHERE ${column} = ?1 AND revoked_at IS NULL`)
    .bind(value)
    .first<Row>();
  return row ? moderatorColumns.from(row) : null;
}

export async function listModerators(db: Database): Promise<ModeratorRecord[]> {
  const result = await db
    .prepare(`SELECT ${moderatorList} FROM moderators WHERE revoked_at IS NULL ORDER BY created_at`)
    .all();
  return moderatorColumns.all(result);
}

export interface NewModerator {
  id: string;
  name: string;
  emailEncrypted: string;
  emailHash: string;
  role: Role;
  sites: string[];
  tokenHash: string;
  createdAt: string;
}

/** False when a moderator with this email exists already. */
export async function createModerator(db: Database, m: NewModerator): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO moderators (id, name, email_encrypted, email_hash, role, sites, token_hash, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      m.id,
      m.name,
      m.emailEncrypted,
      m.emailHash,
      m.role,
      JSON.stringify(m.sites),
      m.tokenHash,
      m.createdAt,
    )
    .run();
  return result.meta.changes === 1;
}

/** Changes name, role or sites; null when there is no such (unrevoked) moderator. */
export async function updateModerator(
  db: Database,
  id: string,
  change: { name?: string; role?: Role; sites?: string[] },
): Promise<ModeratorRecord | null> {
  const row = await db
    .prepare(
      `UPDATE moderators SET name = COALESCE(?2, name), role = COALESCE(?3, role),
         sites = COALESCE(?4, sites)
       WHERE id = ?1 AND revoked_at IS NULL
       RETURNING ${moderatorList}`,
    )
    .bind(
      id,
      change.name ?? null,
      change.role ?? null,
      change.sites ? JSON.stringify(change.sites) : null,
    )
    .first<Row>();
  return row ? moderatorColumns.from(row) : null;
}

/**
 * Revokes at once: the token stops working with the next request. The account keeps its
 * name for the audit log, and forgets its address and its token's hash (a privacy request
 * leaves a moderator's account to this). Null: no such moderator.
 */
export async function revokeModerator(
  db: Database,
  id: string,
  at: string,
): Promise<ModeratorRecord | null> {
  const row = await db
    .prepare(
      `UPDATE moderators SET revoked_at = ?2, email_encrypted = '', email_hash = '',
         token_hash = 'revoked:' || id
       WHERE id = ?1 AND revoked_at IS NULL
       RETURNING ${moderatorList}`,
    )
    .bind(id, at)
    .first<Row>();
  return row ? moderatorColumns.from(row) : null;
}
