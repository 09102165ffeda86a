/**
 * Waline and Twikoo both grew out of Valine and keep its comment record: `pid` the
 * direct parent, `rid` the thread's root, and the author as `nick`, `mail`, `link`, `ip`.
 */
import { readAuthor } from "./fields";
import type { ImportedComment } from "./types";

export interface ValineStyleRecord {
  pid: string | null;
  rid: string | null;
  nick: string;
  mail: string;
  link: string;
  ip: string;
}

/**
 * The comment, placed under `pid`, or under `rid` when a reply names only its root (as
 * Twikoo's own reader does, `pid: comment.pid ? comment.pid : comment.rid`).
 */
export function valineStyleComment(
  record: ValineStyleRecord,
  idPrefix: string,
  sourceId: string,
  read: Pick<ImportedComment, "body" | "createdAt" | "status">,
): ImportedComment {
  const parent = record.pid ?? record.rid;
  return {
    sourceId,
    parentSourceId: parent === null ? null : `${idPrefix}:${parent}`,
    ...readAuthor(record.nick, record.mail, record.link, record.ip),
    ...read,
  };
}
