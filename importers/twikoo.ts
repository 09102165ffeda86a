/**
 * Twikoo's admin export (Comment management → Export: a JSON array), and the JSON lines
 * that CloudBase's console and old Twikoo versions write, where MongoDB types show as
 * `{"$oid": …}` ids and `{"$numberLong": …}` times. Like Waline, `pid` is the direct
 * parent and `rid` the thread's root. One export can list a comment twice (once with a
 * plain id, once as `$oid`): the second is counted as a duplicate.
 */
import * as z from "zod";
import { assembleThreads, SkipLog, threadSourceFor, type ThreadSource } from "./assemble";
import { normalizeAddress, normalizeEmail, normalizeLooseWebsite } from "./fields";
import { emojiImagesToText } from "./foreign-markup";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
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
import { readTime } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface TwikooImportOptions {
  pageMap?: PageMap;
}

const twikooCommentSchema = z.object({
  _id: idField,
  pid: referenceField,
  rid: referenceField,
  url: textField,
  href: textField,
  nick: textField,
  mail: textField,
  link: textField,
  comment: textField,
  isSpam: flagField,
  created: timeField,
  ip: textField,
});
type TwikooComment = z.infer<typeof twikooCommentSchema>;

/** A list of records with Twikoo's `_id` and `created` (CloudBase and MongoDB documents). */
export function isTwikooExport(values: unknown[]): boolean {
  const first = recordList(values)[0];
  return isObject(first) && "_id" in first && "comment" in first && "created" in first;
}

export function parseTwikooExport(text: string, options: TwikooImportOptions = {}): ImportResult {
  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  recordList(readJsonValues(text, "a Twikoo export")).forEach((value, index) => {
    const record = readRecord(twikooCommentSchema, plainValues(value), `Comment ${index + 1}`);
    const sourceId = `twikoo:${record._id}`;
    // `url` is the path Twikoo keys pages by; `href` the full address, when `url` is empty.
    const location = locatePage(record.url || record.href, options.pageMap);
    const outcome = readComment(record, sourceId);
    if (!location) skips.add("unknown-page", sourceId);
    else if (typeof outcome === "string") skips.add(outcome, sourceId, location.key);
    else threadSourceFor(sources, location).comments.push(outcome);
  });
  return assembleThreads(sources.values(), skips);
}

function readComment(record: TwikooComment, sourceId: string): ImportedComment | SkipReason {
  const createdAt = readTime(record.created);
  if (!createdAt) return "no-date";
  const body = htmlToMarkdown(record.comment, { transformTree: emojiImagesToText });
  if (body === "") return "empty-body";
  const parent = record.pid ?? record.rid;
  return {
    sourceId,
    parentSourceId: parent === null ? null : `twikoo:${parent}`,
    authorName: htmlToPlainText(record.nick),
    authorEmail: normalizeEmail(record.mail),
    authorWebsite: normalizeLooseWebsite(record.link),
    networkAddress: normalizeAddress(record.ip),
    body,
    createdAt,
    // Twikoo's manual review stores comments awaiting review as `isSpam: true` too, so
    // spam and pending cannot be told apart: both go to the spam queue, none is lost.
    status: record.isSpam ? "spam" : "approved",
  };
}
