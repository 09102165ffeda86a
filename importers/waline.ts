/**
 * Waline's admin export (Migration → Export, `{"type": "waline", "data": {"Comment": […]}}`)
 * and LeanCloud's export of the `Comment` class that Valine and Waline-on-LeanCloud keep
 * (JSON lines, `{"results": […]}`, or a plain array). Ids are strings on LeanCloud and
 * numbers on SQL storage; `pid` is the direct parent and `rid` the thread's root, so a
 * reply is placed under `pid`, or under `rid` when that is all it has.
 */
import * as z from "zod";
import { assembleThreads, SkipLog, threadSourceFor, type ThreadSource } from "./assemble";
import { normalizeAddress, normalizeEmail, normalizeLooseWebsite } from "./fields";
import { mixedBodyToMarkdown, unlinkReplyMentions } from "./foreign-markup";
import { htmlToPlainText } from "./html-to-markdown";
import { isObject, plainValues, readJsonValues, recordList } from "./json-records";
import { locatePage, type PageMap } from "./pages";
import {
  flagField,
  idField,
  readRecord,
  referenceField,
  textField,
  timeField,
} from "./record-fields";
import { readTime, type TimeOptions } from "./times";
import type { ImportedStatus, ImportResult, SkipReason } from "./types";

export interface WalineImportOptions extends TimeOptions {
  pageMap?: PageMap;
}

const walineCommentSchema = z.object({
  objectId: idField,
  pid: referenceField,
  rid: referenceField,
  url: textField,
  nick: textField,
  mail: textField,
  link: textField,
  comment: textField,
  status: textField,
  /** Valine's Akismet verdict, on rows from before Waline had `status`. */
  isSpam: flagField,
  insertedAt: timeField,
  createdAt: timeField,
  ip: textField,
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
  const first = recordList(values)[0];
  return isObject(first) && "objectId" in first && "url" in first && "comment" in first;
}

export function parseWalineExport(text: string, options: WalineImportOptions = {}): ImportResult {
  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  commentRecords(readJsonValues(text, "a Waline or LeanCloud export")).forEach((value, index) => {
    const record = readRecord(walineCommentSchema, plainValues(value), `Comment ${index + 1}`);
    const sourceId = `waline:${record.objectId}`;
    const location = locatePage(record.url, options.pageMap);
    const outcome = readComment(record, sourceId, options);
    if (!location) skips.add("unknown-page", sourceId);
    else if (typeof outcome === "string") skips.add(outcome, sourceId, location.key);
    else threadSourceFor(sources, location).comments.push(outcome);
  });
  return assembleThreads(sources.values(), skips);
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

function readComment(record: WalineComment, sourceId: string, options: TimeOptions) {
  const given = record.status.trim().toLowerCase() || (record.isSpam ? "spam" : "");
  const status = statusByWalineStatus.get(given) ?? "pending";
  if (status !== "approved" && status !== "pending") return status;
  const createdAt = readTime(record.insertedAt, options) ?? readTime(record.createdAt, options);
  if (!createdAt) return "no-date";
  const body = mixedBodyToMarkdown(record.comment, unlinkReplyMentions);
  if (body === "") return "empty-body";
  const parent = record.pid ?? record.rid;
  return {
    sourceId,
    parentSourceId: parent === null ? null : `waline:${parent}`,
    authorName: htmlToPlainText(record.nick),
    authorEmail: normalizeEmail(record.mail),
    authorWebsite: normalizeLooseWebsite(record.link),
    networkAddress: normalizeAddress(record.ip),
    body,
    createdAt,
    status,
  } as const;
}
