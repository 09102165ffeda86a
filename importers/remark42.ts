/**
 * Remark42's backup (`backup-{site}-YYYYMMDD.gz`, `userbackup-….gz`; gunzipped by
 * export-file.ts): a meta line with users and posts, then one comment per line, read as
 * a stream of JSON values as Remark42's own decoder does. Comments name their direct
 * parent (`pid`, "" for none) and their page by full URL; bodies are sanitized HTML. The
 * backup has no e-mail addresses, and `user.ip` is a keyed hash, not an address.
 */
import * as z from "zod";
import { assembleThreads, SkipLog, threadSourceFor, type ThreadSource } from "./assemble";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
import { isObject, readJsonValues } from "./json-records";
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

export interface Remark42ImportOptions {
  pageMap?: PageMap;
}

const metaSchema = z.object({
  version: z.number(),
  posts: z.array(z.object({ url: textField, read_only: flagField })).nullish(),
});

const remark42CommentSchema = z.object({
  id: idField,
  pid: referenceField,
  text: textField,
  user: z.object({ name: textField }).nullish(),
  locator: z.object({ url: textField }),
  time: timeField,
  delete: flagField,
  title: textField,
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
  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  values.slice(hasMeta ? 1 : 0).forEach((value, index) => {
    const record = readRecord(remark42CommentSchema, value, `Comment ${index + 1}`);
    const sourceId = `remark42:${record.id}`;
    const location = locatePage(record.locator.url, options.pageMap);
    const outcome = readComment(record, sourceId);
    if (!location) return skips.add("unknown-page", sourceId);
    if (typeof outcome === "string") return skips.add(outcome, sourceId, location.key);
    const source = threadSourceFor(sources, location, htmlToPlainText(record.title) || null);
    source.closed ||= readOnly.has(location.key);
    source.comments.push(outcome);
  });
  return assembleThreads(sources.values(), skips);
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
