/**
 * Isso's SQLite database (the file its config names `dbpath`): Isso has no export, the
 * database is the export. `threads` holds each page (`uri`: the page's path, or the id the
 * site gave it with `data-isso-id`); `comments` its comments, with ids unique across the
 * database and `parent` one level deep (Isso re-parents a reply to a reply onto the
 * top-level comment). Bodies are the Markdown the reader wrote; times float UNIX seconds
 * in UTC; `mode` 1 accepted, 2 waiting for moderation, 4 deleted but kept for its replies.
 * The `preferences` table holds Isso's session secret and is never read.
 */
import type { Database } from "sql.js";
import * as z from "zod";
import { assemblePageComments, type PageComment } from "./assemble";
import { readAuthor } from "./fields";
import { htmlToPlainText } from "./html-to-markdown";
import type { PageMap } from "./pages";
import { field, readRecords } from "./record-fields";
import { selectRows, tableColumns } from "./sqlite";
import { readTime } from "./times";
import type { ImportResult } from "./types";

export interface IssoImportOptions {
  pageMap?: PageMap;
}

const issoCommentSchema = z.object({
  id: field.id,
  parent: field.reference,
  uri: field.text,
  title: field.text,
  created: field.time,
  modified: field.time,
  mode: z.number().nullish(),
  remote_addr: field.text,
  // Databases older than schema version 5 allow a NULL text.
  text: field.text,
  author: field.text,
  email: field.text,
  website: field.text,
  likes: z.number().nullish(),
});
type IssoComment = z.infer<typeof issoCommentSchema>;

const accepted = 1;
const deleted = 4;

/** Mode 2 waits for moderation; a mode Isso never writes is held too rather than published. */
function statusOf(mode: number | null | undefined): "approved" | "pending" {
  return mode === accepted || mode === deleted ? "approved" : "pending";
}

/** Isso's `threads` (with `uri`) and `comments` (with `tid`) tables. */
export function isIssoDatabase(database: Database): boolean {
  return (
    tableColumns(database, "threads").has("uri") && tableColumns(database, "comments").has("tid")
  );
}

export function parseIssoDatabase(
  database: Database,
  options: IssoImportOptions = {},
): ImportResult {
  // `comments.*`: older schema versions lack columns (`notification`), none that is read here.
  const rows = selectRows(
    database,
    `SELECT comments.*, threads.uri AS uri, threads.title AS title
       FROM comments LEFT JOIN threads ON threads.id = comments.tid
      ORDER BY comments.id`,
  );
  const records = readRecords(issoCommentSchema, rows, "Comment");
  return assemblePageComments(records.map(readComment), options.pageMap);
}

function readComment(record: IssoComment): PageComment {
  const sourceId = `isso:${record.id}`;
  const page = record.uri;
  const title = htmlToPlainText(record.title) || null;
  const createdAt = readTime(record.created);
  if (!createdAt) return { sourceId, page, title, comment: "no-date" };
  const isDeleted = record.mode === deleted;
  const body = record.text.trim();
  if (body === "" && !isDeleted) return { sourceId, page, title, comment: "empty-body" };
  return {
    sourceId,
    page,
    title,
    comment: {
      sourceId,
      parentSourceId: record.parent === null ? null : `isso:${record.parent}`,
      // remote_addr is already anonymized by Isso (last octet or 80 bits zeroed).
      ...readAuthor(record.author, record.email, record.website, record.remote_addr),
      body,
      createdAt,
      status: statusOf(record.mode),
      likes: record.likes ?? 0,
      ...(isDeleted ? { deletedAt: readTime(record.modified) ?? createdAt } : {}),
    },
  };
}
