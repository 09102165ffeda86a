/**
 * Commento's and Comentario's exports (gzip JSON; gunzipped by export-file.ts).
 * Version 1 is Commento's: `parentHex` is the direct parent or the word "root", the page
 * is `domain` + `url` (Comentario's own v1 writes `host` + `path`), commenters are joined
 * by `commenterHex` ("anonymous" has no row) and hold the string "undefined" for missing
 * values; a deleted comment is exported as "[deleted]" text or an empty body. Version 3 is
 * Comentario's: UUIDs, separate pages, three status booleans, and the zero time
 * `0001-01-01T00:00:00.000Z` for "no value". Bodies are Markdown in both.
 */
import * as z from "zod";
import { assemblePageComments, type PageComment } from "./assemble";
import { readAuthor } from "./fields";
import { htmlToMarkdown, htmlToPlainText } from "./html-to-markdown";
import { isObject, readJsonValues } from "./json-records";
import type { PageMap } from "./pages";
import { field, readRecord } from "./record-fields";
import { readTime } from "./times";
import type { ImportedStatus, ImportResult } from "./types";

export interface CommentoImportOptions {
  pageMap?: PageMap;
}

/** Commento writes the string "undefined" where a commenter has no value. */
const commenterText = field.text.transform((value) => (value === "undefined" ? "" : value));

const commenterSchema = z.object({
  commenterHex: field.text,
  id: field.text,
  email: commenterText,
  name: commenterText,
  link: commenterText,
  websiteUrl: commenterText,
});
type Commenter = z.infer<typeof commenterSchema>;

const listOf = <Item extends z.ZodType>(item: Item) =>
  z
    .array(item)
    .nullish()
    .transform((list): z.infer<Item>[] => list ?? []);

const exportSchema = z.object({
  version: z.union([z.literal(1), z.literal(3)]),
  pages: listOf(z.object({ id: field.id, path: field.text, title: field.text })),
  comments: listOf(z.unknown()),
  commenters: listOf(commenterSchema),
});

const v1CommentSchema = z.object({
  commentHex: field.id,
  parentHex: field.text,
  url: field.text,
  path: field.text,
  commenterHex: field.text,
  markdown: field.text,
  state: field.text,
  creationDate: field.time,
  deleted: field.flag,
});

const v3CommentSchema = z.object({
  id: field.id,
  parentId: field.reference,
  pageId: field.text,
  markdown: field.text,
  html: field.text,
  isApproved: field.flag,
  isPending: field.flag,
  isDeleted: field.flag,
  createdTime: field.time,
  deletedTime: field.time,
  userCreated: field.text,
  authorName: field.text,
});

/** Comentario's anonymous user (internal/data/models.go). */
const anonymousUserId = "00000000-0000-0000-0000-000000000000";

const statusByState = new Map<string, ImportedStatus>([
  ["approved", "approved"],
  ["unapproved", "pending"],
  // Held by Akismet for a moderator: Parley's spam queue, where it can be approved.
  ["flagged", "spam"],
]);

/** One JSON object with version 1 or 3 and Commento's or Comentario's lists. */
export function isCommentoExport(values: unknown[]): boolean {
  const [only] = values;
  if (values.length !== 1 || !isObject(only)) return false;
  const keys = Object.keys(only);
  return (
    (only.version === 1 || only.version === 3) &&
    keys.every((key) => ["version", "pages", "comments", "commenters"].includes(key))
  );
}

export function parseCommentoExport(
  text: string,
  options: CommentoImportOptions = {},
): ImportResult {
  const [json] = readJsonValues(text, "a Commento or Comentario export");
  const data = readRecord(exportSchema, json, "The export");
  const commenters = new Map<string, Commenter>();
  for (const commenter of data.commenters) {
    commenters.set(commenter.id || commenter.commenterHex, commenter);
  }
  const pages = new Map(data.pages.map((page) => [page.id, page]));
  const comments = data.comments.map((value, index) => {
    const label = `Comment ${index + 1}`;
    return data.version === 1
      ? readV1Comment(readRecord(v1CommentSchema, value, label), commenters)
      : readV3Comment(readRecord(v3CommentSchema, value, label), commenters, pages);
  });
  return assemblePageComments(comments, options.pageMap);
}

function readV1Comment(
  record: z.infer<typeof v1CommentSchema>,
  commenters: ReadonlyMap<string, Commenter>,
): PageComment {
  const sourceId = `commento:${record.commentHex}`;
  const page = record.url || record.path;
  const createdAt = readTime(record.creationDate);
  if (!createdAt) return { sourceId, page, comment: "no-date" };
  const body = record.markdown.trim();
  const deleted = record.deleted || body === "" || body === "[deleted]";
  const author = commenters.get(record.commenterHex);
  return {
    sourceId,
    page,
    comment: {
      sourceId,
      parentSourceId:
        record.parentHex === "root" || record.parentHex === ""
          ? null
          : `commento:${record.parentHex}`,
      ...authorOf(author, ""),
      body,
      createdAt,
      status: statusByState.get(record.state) ?? "pending",
      ...(deleted ? { deletedAt: createdAt } : {}),
    },
  };
}

function readV3Comment(
  record: z.infer<typeof v3CommentSchema>,
  commenters: ReadonlyMap<string, Commenter>,
  pages: ReadonlyMap<string, { path: string; title: string }>,
): PageComment {
  const sourceId = `comentario:${record.id}`;
  const page = pages.get(record.pageId);
  const path = page?.path ?? "";
  const title = htmlToPlainText(page?.title ?? "") || null;
  const createdAt = readTime(record.createdTime);
  if (!createdAt) return { sourceId, page: path, title, comment: "no-date" };
  const body = record.markdown.trim() || htmlToMarkdown(record.html);
  const deleted = record.isDeleted || body === "";
  if (!deleted && !record.isApproved && !record.isPending) {
    return { sourceId, page: path, title, comment: "rejected" };
  }
  const author =
    record.userCreated === anonymousUserId ? undefined : commenters.get(record.userCreated);
  return {
    sourceId,
    page: path,
    title,
    comment: {
      sourceId,
      parentSourceId: record.parentId === null ? null : `comentario:${record.parentId}`,
      ...authorOf(author, record.authorName),
      body,
      createdAt,
      status: record.isApproved ? "approved" : "pending",
      ...(deleted ? { deletedAt: readTime(record.deletedTime) ?? createdAt } : {}),
    },
  };
}

function authorOf(commenter: Commenter | undefined, fallbackName: string) {
  const website = commenter?.link || commenter?.websiteUrl || "";
  // Neither export carries network addresses.
  return readAuthor(commenter?.name || fallbackName, commenter?.email ?? "", website, "");
}
