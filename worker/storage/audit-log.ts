/**
 * The audit log: every moderation action, who took it and when, written in the same batch
 * as the change it records (so the log cannot miss one). All of its writes are here.
 */
import type { Actor } from "../domain/actor";
import type { CommentStatus } from "../domain/comment";
import { columns } from "./columns";
import { statement } from "./parameters";
import type { Database } from "./database";

/** Everything the log records; `status` and `edit` entries carry the comment's statuses. */
export type LogAction =
  | "status"
  | "edit"
  | "delete"
  | "close-thread"
  | "reopen-thread"
  | "ban-author"
  | "ban-network"
  | "unban-author"
  | "unban-network"
  | "erase-author"
  | "import"
  | "pin"
  | "unpin"
  | "reported"
  | "reply"
  | "add-moderator"
  | "change-moderator"
  | "revoke-moderator"
  | "link-remote"
  | "unlink-remote";

/** An entry as stored: LogEntry folds the actor's two columns into one. */
const entryColumns = columns<
  Omit<LogEntry, "actor"> & { actorId: string | null; actorName: string | null }
>({
  id: "id",
  at: "at",
  action: "action",
  commentId: "comment_id",
  from: "from_status",
  to: "to_status",
  detail: "detail",
  actorId: "actor_id",
  actorName: "actor_name",
});

/** What every write gives, in this order (the id is the table's own). */
const written = `site_id, ${entryColumns.omit("id").list()}`;
const idList = "SELECT value FROM json_each(?3)";

/** One entry per comment whose status changes (run before the UPDATE). */
export function logStatusChanges(
  db: Database,
  ids: string[],
  status: CommentStatus,
  at: string,
  actor: Actor,
) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written})
       SELECT site_id, ?2, 'status', id, status, ?1, NULL, ?4, ?5 FROM comments
       WHERE id IN (${idList}) AND status <> ?1 AND deleted_at IS NULL`,
    )
    .bind(status, at, JSON.stringify(ids), actor.id, actor.name);
}

/** A moderator's change of a comment's text (run before the UPDATE). */
export function logEdit(db: Database, id: string, at: string, actor: Actor) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written})
       SELECT site_id, ?2, 'edit', id, status, status, NULL, ?3, ?4 FROM comments
       WHERE id = ?1 AND deleted_at IS NULL`,
    )
    .bind(id, at, actor.id, actor.name);
}

/** A root comment pinned or unpinned, when that changes anything (run before the UPDATE). */
export function logPin(db: Database, id: string, pinned: boolean, at: string, actor: Actor) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written})
       SELECT site_id, ?2, ?3, id, NULL, NULL, NULL, ?4, ?5 FROM comments
       WHERE id = ?1 AND depth = 1 AND (pinned_at IS NULL) = ?6`,
    )
    .bind(id, at, pinned ? "pin" : "unpin", actor.id, actor.name, pinned ? 1 : 0);
}

/** Reports sent a comment back to review (run before the UPDATE; `enough` binds ?1, ?2). */
export function logReportHold(
  db: Database,
  commentId: string,
  enough: string,
  holdAfter: number,
  at: string,
  actor: Actor,
) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written})
       SELECT site_id, ?3, 'reported', id, 'approved', 'pending',
         (SELECT COUNT(*) FROM reports WHERE comment_id = ?1) || ' reports', ?4, ?5
       FROM comments WHERE id = ?1 AND status = 'approved' AND ${enough}`,
    )
    .bind(commentId, holdAfter, at, actor.id, actor.name);
}

/** A thread closed or reopened, with the state it came from (run before the change). */
export function logThread(
  db: Database,
  thread: { siteId: string; key: string; closed: boolean },
  at: string,
  actor: Actor,
) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written})
       VALUES (?1, ?2, ?3, NULL,
         COALESCE((SELECT CASE closed WHEN 1 THEN 'closed' ELSE 'open' END FROM threads
                   WHERE site_id = ?1 AND key = ?4), 'open'),
         ?5, ?4, ?6, ?7)`,
    )
    .bind(
      thread.siteId,
      at,
      thread.closed ? "close-thread" : "reopen-thread",
      thread.key,
      thread.closed ? "closed" : "open",
      actor.id,
      actor.name,
    );
}

/** Any other action: on a site, optionally about a comment, with a short detail. */
export function logEntry(
  db: Database,
  entry: {
    siteId: string;
    action: Exclude<
      LogAction,
      "status" | "edit" | "close-thread" | "reopen-thread" | "pin" | "unpin" | "reported"
    >;
    commentId?: string | null;
    from?: string | null;
    detail?: string | null;
    at: string;
  },
  actor: Actor,
) {
  return db
    .prepare(
      `INSERT INTO moderation_log (${written}) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7, ?8)`,
    )
    .bind(
      entry.siteId,
      entry.at,
      entry.action,
      entry.commentId ?? null,
      entry.from ?? null,
      entry.detail ?? null,
      actor.id,
      actor.name,
    );
}

export interface LogEntry {
  id: number;
  at: string;
  action: string;
  commentId: string | null;
  from: string | null;
  to: string | null;
  detail: string | null;
  /** Who: "owner", a moderator's id, "mail" or "webhook"; null on entries from before names. */
  actor: { id: string; name: string } | null;
}

export async function listLog(
  db: Database,
  query: { siteId: string; beforeId?: number; limit: number },
): Promise<LogEntry[]> {
  const result = await statement(
    db,
    (p) =>
      `SELECT ${entryColumns.list()} FROM moderation_log
       WHERE site_id = ${p(query.siteId)} ${query.beforeId ? `AND id < ${p(query.beforeId)}` : ""}
       ORDER BY id DESC LIMIT ${p(query.limit)}`,
  ).all();
  return entryColumns.all(result).map(({ actorId, actorName, ...entry }) => ({
    ...entry,
    actor: actorId ? { id: actorId, name: actorName ?? "" } : null,
  }));
}
