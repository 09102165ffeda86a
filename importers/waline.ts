/**
 * Waline's admin export (Migration → Export, `{"type": "waline", "data": {"Comment": […]}}`)
 * and LeanCloud's export of the `Comment` class that Valine and Waline-on-LeanCloud keep
 * (JSON lines, `{"results": […]}`, or a plain array). Ids are strings on LeanCloud and
 * numbers on SQL storage; `pid` is the direct parent and `rid` the thread's root, so a
 * reply is placed under `pid`, or under `rid` when that is all it has.
 */
import * as z from "zod";
import { assemblePageComments } from "./assemble";
import { mixedBodyToMarkdown, unlinkReplyMentions } from "./foreign-markup";
import { firstRecordHas, isObject, readJsonValues, recordList } from "./json-records";
import { valineStyleComment } from "./valine-family";
import type { PageMap } from "./pages";
import { field, readRecords } from "./record-fields";
import { readTime, type TimeOptions } from "./times";
import type { ImportedComment, ImportedStatus, ImportResult, SkipReason } from "./types";

export interface WalineImportOptions extends TimeOptions {
  pageMap?: PageMap;
}

const walineCommentSchema = z.object({
  objectId: field.id,
  pid: field.reference,
  rid: field.reference,
  url: field.text,
  nick: field.text,
  mail: field.text,
  link: field.text,
  comment: field.text,
  status: field.text,
  /** Valine's Akismet verdict, on rows from before Waline had `status`. */
  isSpam: field.flag,
  insertedAt: field.time,
  createdAt: field.time,
  ip: field.text,
  /** A count; Waline keeps no record of who liked. */
  like: field.text,
});
type WalineComment = z.infer<typeof walineCommentSchema>;

/**
 * Valine never wrote a status: Waline reads those rows as approved, and so does this,
 * unless Valine's own `isSpam` marked them. Unknown values are held for review.
 */
const statusByWalineStatus = new Map<string, ImportedStatus | SkipReason>([
  ["", "approved"],
  ["approved", "approved"],
  ["waiting", "pending"],
  ["spam", "spam"],
]);

/** True for an admin export, or a list of records shaped like LeanCloud `Comment` rows. */
export function isWalineExport(values: unknown[]): boolean {
  const [only] = values;
  if (values.length === 1 && isObject(only) && only.type === "waline") return true;
  return firstRecordHas(values, "objectId", "url", "comment");
}

export function parseWalineExport(text: string, options: WalineImportOptions = {}): ImportResult {
  const values = commentRecords(readJsonValues(text, "a Waline or LeanCloud export"));
  const comments = readRecords(walineCommentSchema, values, "Comment").map((record) => {
    const sourceId = `waline:${record.objectId}`;
    return { sourceId, page: record.url, comment: readComment(record, sourceId, options) };
  });
  return assemblePageComments(comments, options.pageMap);
}

/** The admin export keeps comments under data.Comment; LeanCloud's is the list itself. */
function commentRecords(values: unknown[]): unknown[] {
  const [only] = values;
  if (values.length === 1 && isObject(only) && only.type === "waline") {
    const data = isObject(only.data) ? only.data : {};
    return Array.isArray(data.Comment) ? data.Comment : [];
  }
  return recordList(values);
}

function readComment(
  record: WalineComment,
  sourceId: string,
  options: TimeOptions,
): ImportedComment | SkipReason {
  const given = record.status.trim().toLowerCase() || (record.isSpam ? "spam" : "");
  const status = statusByWalineStatus.get(given) ?? "pending";
  if (status !== "approved" && status !== "pending") return status;
  const createdAt = readTime(record.insertedAt, options) ?? readTime(record.createdAt, options);
  if (!createdAt) return "no-date";
  const body = mixedBodyToMarkdown(record.comment, unlinkReplyMentions);
  if (body === "") return "empty-body";
  return {
    ...valineStyleComment(record, "waline", sourceId, { body, createdAt, status }),
    likes: Number(record.like) || 0,
  };
}
