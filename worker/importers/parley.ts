/**
 * Parley's own JSON format: what `GET /api/mod/export` writes and `format=parley` reads, so
 * an export imports back exactly (ids, statuses, reasons, times and tombstones included).
 * The command-line importer also sends WordPress and Disqus exports in this format, in
 * chunks of whole threads.
 */
import * as z from "zod";
import { commentStatuses } from "../domain/comment";
import { commentIdSchema, pageKeySchema } from "../schemas/common";
import type { ImportResult } from "./types";

export const exportFormatVersion = 1;

const nullableText = (max: number) => z.string().max(max).nullable().default(null);

export const parleyCommentSchema = z.object({
  id: commentIdSchema,
  parentId: commentIdSchema.nullable().default(null),
  status: z.enum(commentStatuses),
  author: z.object({
    name: z.string().max(200),
    email: nullableText(254),
    website: nullableText(2000),
  }),
  body: z.string().max(100_000),
  reasons: z.array(z.string().max(200)).max(50).default([]),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable().default(null),
  deletedAt: z.iso.datetime().nullable().default(null),
  /** Only in imports from other systems (hashed on arrival); an export never carries it. */
  networkAddress: nullableText(64).optional(),
});
export type ParleyComment = z.infer<typeof parleyCommentSchema>;

export const parleyThreadSchema = z.object({
  key: pageKeySchema,
  url: nullableText(2000),
  title: nullableText(300),
  closed: z.boolean().default(false),
  createdAt: z.iso.datetime().optional(),
  comments: z.array(parleyCommentSchema),
});
export type ParleyThread = z.infer<typeof parleyThreadSchema>;

export const parleyExportSchema = z.object({
  format: z.literal("parley"),
  version: z.literal(exportFormatVersion),
  exportedAt: z.iso.datetime().optional(),
  site: z
    .object({
      id: z.string(),
      name: z.string(),
      origins: z.array(z.string()),
      settings: z.unknown(),
    })
    .optional(),
  threads: z.array(parleyThreadSchema),
});
export type ParleyExport = z.infer<typeof parleyExportSchema>;

/**
 * Gives parsed WordPress/Disqus comments Parley ids derived from the site, page and the
 * comment's id in the export: importing the same file again finds the same ids and adds
 * nothing.
 */
export async function toParleyThreads(
  siteId: string,
  result: ImportResult,
): Promise<ParleyThread[]> {
  const threads: ParleyThread[] = [];
  for (const thread of result.threads) {
    const idOf = (sourceId: string) => importedCommentId(siteId, thread.key, sourceId);
    const comments: ParleyComment[] = [];
    for (const comment of thread.comments) {
      comments.push({
        id: await idOf(comment.sourceId),
        parentId: comment.parentSourceId === null ? null : await idOf(comment.parentSourceId),
        status: comment.status,
        author: {
          name: comment.authorName,
          email: comment.authorEmail,
          website: comment.authorWebsite,
        },
        body: comment.body,
        reasons: ["imported"],
        createdAt: comment.createdAt,
        editedAt: null,
        deletedAt: null,
        networkAddress: comment.networkAddress,
      });
    }
    threads.push({
      key: thread.key,
      url: thread.url,
      title: thread.title,
      closed: thread.closed,
      comments,
    });
  }
  return threads;
}

async function importedCommentId(
  siteId: string,
  threadKey: string,
  sourceId: string,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${siteId}\n${threadKey}\n${sourceId}`),
  );
  const hex = [...new Uint8Array(digest).subarray(0, 12)].map((b) =>
    b.toString(16).padStart(2, "0"),
  );
  return `c_i${hex.join("")}`;
}
