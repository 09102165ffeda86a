/**
 * Artalk's Artrans: a JSON array of comments ("Artrans") written by Artalk's exporter,
 * where every value is a string (`"is_pending": "false"`, `"vote_up": "666"`), or by
 * converters (Artransfer), which write real booleans and numbers; both are read. `rid` is
 * the **direct** parent, `""` or `"0"` for a top-level comment. `page_key` is a full URL or
 * a path. Times are "2006-01-02 15:04:05 -0700" from Artalk, ISO UTC from converters, and
 * read in `--timezone` when they have no offset (Artalk reads them in server local time).
 */
import * as z from "zod";
import { assembleThreads, SkipLog, threadSourceFor, type ThreadSource } from "./assemble";
import { normalizeAddress, normalizeEmail, normalizeLooseWebsite } from "./fields";
import { mixedBodyToMarkdown } from "./foreign-markup";
import { htmlToPlainText } from "./html-to-markdown";
import { isObject, readJsonValues, recordList } from "./json-records";
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
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface ArtransImportOptions extends TimeOptions {
  pageMap?: PageMap;
}

const artranSchema = z.object({
  id: idField,
  rid: referenceField,
  content: textField,
  ip: textField,
  is_pending: flagField,
  created_at: timeField,
  nick: textField,
  email: textField,
  link: textField,
  page_key: textField,
  page_title: textField,
});
type Artran = z.infer<typeof artranSchema>;

/** A list of records with Artrans' `page_key` and `content`. */
export function isArtransExport(values: unknown[]): boolean {
  const first = recordList(values)[0];
  return isObject(first) && "page_key" in first && "content" in first;
}

export function parseArtransExport(text: string, options: ArtransImportOptions = {}): ImportResult {
  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  // Artalk's docs show a single Artran as an object, not in an array; recordList takes both.
  recordList(readJsonValues(text, "an Artrans file")).forEach((value, index) => {
    const record = readRecord(artranSchema, value, `Artran ${index + 1}`);
    const sourceId = `artalk:${record.id}`;
    const location = locatePage(record.page_key, options.pageMap);
    const outcome = readComment(record, sourceId, options);
    if (!location) skips.add("unknown-page", sourceId);
    else if (typeof outcome === "string") skips.add(outcome, sourceId, location.key);
    else threadSourceFor(sources, location, pageTitle(record)).comments.push(outcome);
  });
  return assembleThreads(sources.values(), skips);
}

function pageTitle(record: Artran): string | null {
  const title = htmlToPlainText(record.page_title);
  return title === "" ? null : title;
}

function readComment(
  record: Artran,
  sourceId: string,
  options: TimeOptions,
): ImportedComment | SkipReason {
  const createdAt = readTime(record.created_at, options);
  if (!createdAt) return "no-date";
  const body = mixedBodyToMarkdown(record.content);
  if (body === "") return "empty-body";
  // "0" is Artalk's root marker; a comment naming itself as parent is a root too (Artalk's
  // importer guards against the same loop).
  const isRoot = record.rid === null || record.rid === "0" || record.rid === record.id;
  return {
    sourceId,
    parentSourceId: isRoot ? null : `artalk:${record.rid}`,
    authorName: htmlToPlainText(record.nick),
    authorEmail: normalizeEmail(record.email),
    authorWebsite: normalizeLooseWebsite(record.link),
    networkAddress: normalizeAddress(record.ip),
    body,
    createdAt,
    status: record.is_pending ? "pending" : "approved",
  };
}
