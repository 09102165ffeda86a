/**
 * Remark42's backup (`backup-{site}-YYYYMMDD.gz`, `userbackup-….gz`; gunzipped by
 * export-file.ts): a meta line with users and posts, then one comment per line, read as
 * a stream of JSON values as Remark42's own decoder does. Comments name their direct
 * parent (`pid`, "" for none) and their page by full URL; bodies are sanitized HTML. The
 * backup has no e-mail addresses, and `user.ip` is a keyed hash, not an address.
 */
import * as z from "zod";
import { assemblePageComments } from "./assemble";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
import { isObject, readJsonValues } from "./json-records";
import { locatePage, type PageMap } from "./pages";
import { field, readRecord, readRecords } from "./record-fields";
import { readTime } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface Remark42ImportOptions {
  pageMap?: PageMap;
}

const metaSchema = z.object({
  version: z.number(),
  posts: z.array(z.object({ url: field.text, read_only: field.flag })).nullish(),
});

const remark42CommentSchema = z.object({
  id: field.id,
  pid: field.reference,
  text: field.text,
  user: z.object({ name: field.text }).nullish(),
  locator: z.object({ url: field.text }),
  time: field.time,
  delete: field.flag,
  title: field.text,
});
type Remark42Comment = z.infer<typeof remark42CommentSchema>;

/** A meta line with users or posts first, or comments with a locator. */
export function isRemark42Backup(values: unknown[]): boolean {
  const [meta] = values;
  if (isObject(meta) && "version" in meta && ("users" in meta || "posts" in meta)) return true;
  return values.some((value) => isObject(value) && isObject(value.locator));
}

export function parseRemark42Backup(
  text: string,
  options: Remark42ImportOptions = {},
): ImportResult {
  const values = readJsonValues(text, "a Remark42 backup");
  const first = values[0];
  const hasMeta = isObject(first) && !("locator" in first);
  const readOnly = hasMeta ? readOnlyPages(first, options.pageMap) : new Set<string>();
  const records = readRecords(remark42CommentSchema, values.slice(hasMeta ? 1 : 0), "Comment");
  const comments = records.map((record) => {
    const sourceId = `remark42:${record.id}`;
    return {
      sourceId,
      page: record.locator.url,
      title: htmlToPlainText(record.title) || null,
      comment: readComment(record, sourceId),
    };
  });
  const result = assemblePageComments(comments, options.pageMap);
  for (const thread of result.threads) thread.closed = readOnly.has(thread.key);
  return result;
}

/** Pages a moderator made read-only: their threads are imported closed. */
function readOnlyPages(meta: unknown, pageMap?: PageMap): Set<string> {
  const { posts } = readRecord(metaSchema, meta, "The meta line");
  const keys = (posts ?? [])
    .filter((post) => post.read_only)
    .map((post) => locatePage(post.url, pageMap)?.key);
  return new Set(keys.filter((key) => key !== undefined));
}

function readComment(record: Remark42Comment, sourceId: string): ImportedComment | SkipReason {
  const createdAt = readTime(record.time);
  if (!createdAt) return "no-date";
  const body = htmlToMarkdown(record.text);
  if (body === "" && !record.delete) return "empty-body";
  return {
    sourceId,
    parentSourceId: record.pid === null ? null : `remark42:${record.pid}`,
    authorName: htmlToPlainText(record.user?.name ?? ""),
    authorEmail: null,
    authorWebsite: null,
    networkAddress: null,
    body,
    createdAt,
    status: "approved",
    // Remark42 keeps a deleted comment's place with its text emptied; no deletion time.
    ...(record.delete ? { deletedAt: createdAt } : {}),
  };
}
