/**
 * Twikoo's admin export (Comment management → Export: a JSON array), and the JSON lines
 * that CloudBase's console and old Twikoo versions write, where MongoDB types show as
 * `{"$oid": …}` ids and `{"$numberLong": …}` times. Like Waline, `pid` is the direct
 * parent and `rid` the thread's root. One export can list a comment twice (once with a
 * plain id, once as `$oid`): the second is counted as a duplicate.
 */
import * as z from "zod";
import { assemblePageComments } from "./assemble";
import { emojiImagesToText } from "./foreign-markup";
import { htmlToMarkdown } from "./html-to-markdown";
import { firstRecordHas, readJsonValues, recordList } from "./json-records";
import { valineStyleComment } from "./valine-family";
import type { PageMap } from "./pages";
import { field, readRecords } from "./record-fields";
import { readTime } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface TwikooImportOptions {
  pageMap?: PageMap;
}

const twikooCommentSchema = z.object({
  _id: field.id,
  pid: field.reference,
  rid: field.reference,
  url: field.text,
  href: field.text,
  nick: field.text,
  mail: field.text,
  link: field.text,
  comment: field.text,
  isSpam: field.flag,
  created: field.time,
  ip: field.text,
});
type TwikooComment = z.infer<typeof twikooCommentSchema>;

/** A list of records with Twikoo's `_id` and `created` (CloudBase and MongoDB documents). */
export function isTwikooExport(values: unknown[]): boolean {
  return firstRecordHas(values, "_id", "comment", "created");
}

export function parseTwikooExport(text: string, options: TwikooImportOptions = {}): ImportResult {
  const values = recordList(readJsonValues(text, "a Twikoo export"));
  const comments = readRecords(twikooCommentSchema, values, "Comment").map((record) => {
    const sourceId = `twikoo:${record._id}`;
    // `url` is the path Twikoo keys pages by; `href` the full address, when `url` is empty.
    return { sourceId, page: record.url || record.href, comment: readComment(record, sourceId) };
  });
  return assemblePageComments(comments, options.pageMap);
}

function readComment(record: TwikooComment, sourceId: string): ImportedComment | SkipReason {
  const createdAt = readTime(record.created);
  if (!createdAt) return "no-date";
  const body = htmlToMarkdown(record.comment, { transformTree: emojiImagesToText });
  if (body === "") return "empty-body";
  return valineStyleComment(record, "twikoo", sourceId, {
    body,
    createdAt,
    // Twikoo's manual review stores comments awaiting review as `isSpam: true` too, so
    // spam and pending cannot be told apart: both go to the spam queue, none is lost.
    status: record.isSpam ? "spam" : "approved",
  });
}
