/**
 * A site's notification targets: where moderators hear about comments. The secret part
 * (URL, tokens) is stored sealed; reads for answers never select it.
 */
import type { TargetEvent, TargetKind } from "../schemas/notification-targets";
import { columns, flag, jsonList } from "./columns";
import type { Database } from "./database";

export interface TargetRecord {
  id: string;
  siteId: string;
  kind: TargetKind;
  label: string;
  events: TargetEvent[];
  hint: string;
  chatId: string | null;
  moderate: boolean;
  createdAt: string;
  updatedAt: string;
}

const targetColumns = columns<TargetRecord>({
  id: "id",
  siteId: "site_id",
  kind: "kind",
  label: "label",
  events: { column: "events", from: (text: string) => jsonList(text) as TargetEvent[] },
  hint: "hint",
  chatId: "chat_id",
  moderate: { column: "moderate", from: flag },
  createdAt: "created_at",
  updatedAt: "updated_at",
});

/** A target with its sealed secret: for the sender and the Telegram route only. */
export const sealedTargetColumns = targetColumns.with<{ secretEncrypted: string }>({
  secretEncrypted: "secret_encrypted",
});
export type SealedTarget = TargetRecord & { secretEncrypted: string };

export async function listTargets(db: Database, siteId: string): Promise<TargetRecord[]> {
  const result = await db
    .prepare(
      `SELECT ${targetColumns.list()} FROM notification_targets WHERE site_id = ?1
       ORDER BY created_at, id`,
    )
    .bind(siteId)
    .all();
  return targetColumns.all(result);
}

export async function getTarget(
  db: Database,
  siteId: string,
  id: string,
): Promise<SealedTarget | null> {
  const result = await db
    .prepare(
      `SELECT ${sealedTargetColumns.list()} FROM notification_targets WHERE site_id = ?1 AND id = ?2`,
    )
    .bind(siteId, id)
    .all();
  return sealedTargetColumns.first(result);
}

/**
 * The site's Telegram targets, moderating ones first: the Telegram route finds among them
 * the chat a press came from (at most 20 a site).
 */
export async function telegramTargets(db: Database, siteId: string): Promise<SealedTarget[]> {
  const result = await db
    .prepare(
      `SELECT ${sealedTargetColumns.list()} FROM notification_targets
       WHERE site_id = ?1 AND kind = 'telegram' ORDER BY moderate DESC, created_at`,
    )
    .bind(siteId)
    .all();
  return sealedTargetColumns.all(result);
}

export async function insertTarget(db: Database, target: SealedTarget): Promise<void> {
  await db
    .prepare(
      `INSERT INTO notification_targets (${sealedTargetColumns.list()})
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(
      target.id,
      target.siteId,
      target.kind,
      target.label,
      JSON.stringify(target.events),
      target.hint,
      target.chatId,
      target.moderate ? 1 : 0,
      target.createdAt,
      target.updatedAt,
      target.secretEncrypted,
    )
    .run();
}

/** Changes what is given; returns the target after it (null: no such target). */
export async function updateTarget(
  db: Database,
  siteId: string,
  id: string,
  change: { label?: string; events?: TargetEvent[]; moderate?: boolean },
  at: string,
): Promise<TargetRecord | null> {
  const result = await db
    .prepare(
      `UPDATE notification_targets SET label = COALESCE(?3, label),
         events = COALESCE(?4, events),
         moderate = CASE WHEN kind = 'telegram' THEN COALESCE(?5, moderate) ELSE 0 END,
         updated_at = ?6
       WHERE site_id = ?1 AND id = ?2
       RETURNING ${targetColumns.list()}`,
    )
    .bind(
      siteId,
      id,
      change.label ?? null,
      change.events ? JSON.stringify(change.events) : null,
      change.moderate === undefined ? null : change.moderate ? 1 : 0,
      at,
    )
    .all();
  return targetColumns.first(result);
}

/** Removes a target and, by cascade, its queued messages. False when there was none. */
export async function deleteTarget(db: Database, siteId: string, id: string): Promise<boolean> {
  const result = await db
    .prepare(`DELETE FROM notification_targets WHERE site_id = ?1 AND id = ?2`)
    .bind(siteId, id)
    .run();
  return result.meta.changes > 0;
}

/** A target as answers show it: its fields copied one by one, so the secret cannot slip in. */
export function toTargetAnswer(target: TargetRecord) {
  const { id, kind, label, events, hint, chatId, moderate, createdAt, updatedAt } = target;
  return { id, kind, label, events, hint, chatId, moderate, createdAt, updatedAt };
}
