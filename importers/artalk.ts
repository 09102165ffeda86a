/**
 * Artalk's Artrans: a JSON array of comments ("Artrans") written by Artalk's exporter,
 * where every value is a string (`"is_pending": "false"`, `"vote_up": "666"`), or by
 * converters (Artransfer), which write real booleans and numbers; both are read. `rid` is
 * the **direct** parent, `""` or `"0"` for a top-level comment. `page_key` is a full URL or
 * a path. Times are "2006-01-02 15:04:05 -0700" from Artalk, ISO UTC from converters, and
 * read in `--timezone` when they have no offset (Artalk reads them in server local time).
 */
import * as z from "zod";
import { assemblePageComments } from "./assemble";
import { readAuthor } from "./fields";
import { mixedBodyToMarkdown } from "./foreign-markup";
import { htmlToPlainText } from "./html-to-markdown";
import { firstRecordHas, readJsonValues, recordList } from "./json-records";
import type { PageMap } from "./pages";
import { field, readRecords } from "./record-fields";
import { readTime, type TimeOptions } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface ArtransImportOptions extends TimeOptions {
  pageMap?: PageMap;
}

const artranSchema = z.object({
  id: field.id,
  rid: field.reference,
  content: field.text,
  ip: field.text,
  is_pending: field.flag,
  created_at: field.time,
  /** Artalk v1 (PHP) wrote `date` where Artrans has `created_at`. */
  date: field.time,
  nick: field.text,
  email: field.text,
  link: field.text,
  page_key: field.text,
  page_title: field.text,
});
type Artran = z.infer<typeof artranSchema>;

/** A list of records with Artrans' `page_key` and `content`. */
export function isArtransExport(values: unknown[]): boolean {
  return firstRecordHas(values, "page_key", "content");
}

export function parseArtransExport(text: string, options: ArtransImportOptions = {}): ImportResult {
  // Artalk's docs show a single Artran as an object, not in an array; recordList takes both.
  const values = recordList(readJsonValues(text, "an Artrans file"));
  const comments = readRecords(artranSchema, values, "Artran").map((record) => {
    const sourceId = `artalk:${record.id}`;
    return {
      sourceId,
      page: record.page_key,
      title: htmlToPlainText(record.page_title) || null,
      comment: readComment(record, sourceId, options),
    };
  });
  return assemblePageComments(comments, options.pageMap);
}

function readComment(
  record: Artran,
  sourceId: string,
  options: TimeOptions,
): ImportedComment | SkipReason {
  const createdAt = readTime(record.created_at, options) ?? readTime(record.date, options);
  if (!createdAt) return "no-date";
  const body = mixedBodyToMarkdown(record.content);
  if (body === "") return "empty-body";
  // "0" is Artalk's root marker; a comment naming itself as parent is a root too (Artalk's
  // importer guards against the same loop).
  const isRoot = record.rid === null || record.rid === "0" || record.rid === record.id;
  return {
    sourceId,
    parentSourceId: isRoot ? null : `artalk:${record.rid}`,
    ...readAuthor(record.nick, record.email, record.link, record.ip),
    body,
    createdAt,
    status: record.is_pending ? "pending" : "approved",
  };
}
