/**
 * Parley's own JSON format: what `GET /api/mod/export` writes and `format=parley` reads, so
 * an export imports back exactly (ids, statuses, reasons, times and tombstones included).
 * The command-line importer also sends WordPress and Disqus exports in this format, in
 * chunks of whole threads.
 */
import * as z from "zod";
import { commentStatuses } from "../domain/comment";
import {
  authorNameSchema,
  cleanBodyText,
  cleanDisplayText,
  commentIdSchema,
  emailSchema,
  httpUrlSchema,
  pageKeySchema,
  pageTitleSchema,
} from "../schemas/common";
import type { ImportResult } from "./types";

export const exportFormatVersion = 1;

/**
 * A comment in Parley's format. Its fields go through the same schemas as the public API's
 * (a website or page URL must be http(s), an email an email, names and titles are cleaned
 * of invisible characters), so an import cannot store what a reader could not post. Bodies
 * may be longer than a reader's (comments from other systems), but not empty unless the
 * comment is a tombstone.
 */
export const parleyCommentSchema = z
  .object({
    id: commentIdSchema,
    parentId: commentIdSchema.nullable().default(null),
    status: z.enum(commentStatuses),
    author: z.object({
      name: authorNameSchema,
      email: emailSchema.nullable().default(null),
      website: httpUrlSchema.nullable().default(null),
    }),
    body: z.string().max(100_000, "A body has at most 100000 characters.").transform(cleanBodyText),
    reasons: z.array(z.string().max(200)).max(50).default([]),
    createdAt: z.iso.datetime(),
    editedAt: z.iso.datetime().nullable().default(null),
    deletedAt: z.iso.datetime().nullable().default(null),
    /** Only in imports from other systems (hashed on arrival); an export never carries it. */
    networkAddress: z.string().max(64).nullable().default(null).optional(),
  })
  .superRefine((comment, ctx) => {
    if (!comment.deletedAt && comment.body.trim() === "") {
      ctx.addIssue({ code: "custom", path: ["body"], message: "Write a comment." });
    }
  });
export type ParleyComment = z.infer<typeof parleyCommentSchema>;

export const parleyThreadSchema = z.object({
  key: pageKeySchema,
  url: httpUrlSchema.nullable().default(null),
  title: pageTitleSchema.nullable().default(null),
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
        // Exports from other systems hold what their forms let through; what the public API
        // would refuse is left out rather than refusing the whole file.
        author: {
          name: truncate(cleanDisplayText(comment.authorName), 100),
          email:
            comment.authorEmail && emailSchema.safeParse(comment.authorEmail).success
              ? comment.authorEmail
              : null,
          website:
            comment.authorWebsite && httpUrlSchema.safeParse(comment.authorWebsite).success
              ? comment.authorWebsite
              : null,
        },
        body: truncate(comment.body, 100_000),
        reasons: ["imported"],
        createdAt: comment.createdAt,
        editedAt: null,
        deletedAt: null,
        networkAddress: comment.networkAddress,
      });
    }
    threads.push({
      key: thread.key,
      url: thread.url && httpUrlSchema.safeParse(thread.url).success ? thread.url : null,
      title: thread.title === null ? null : truncate(cleanDisplayText(thread.title), 300),
      closed: thread.closed,
      comments,
    });
  }
  return threads;
}

/** The first `max` UTF-16 units of a text, without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return text.slice(0, cut);
}

/**
 * Comments copied from another site of the same database cannot keep their ids (ids are
 * global): those the database holds for another site get ids derived from this site and
 * the original id, and their replies follow them. The same file imported again derives the
 * same ids, so a second import still adds nothing; into its own site, an export keeps its ids.
 */
export async function moveOffTakenIds(
  siteId: string,
  threads: ParleyThread[],
  takenElsewhere: ReadonlySet<string>,
): Promise<ParleyThread[]> {
  if (takenElsewhere.size === 0) return threads;
  const moved = new Map<string, string>();
  for (const id of takenElsewhere) moved.set(id, await importedCommentId(siteId, "parley", id));
  const idOf = (id: string | null) => (id === null ? null : (moved.get(id) ?? id));
  return threads.map((thread) => ({
    ...thread,
    comments: thread.comments.map((comment) => ({
      ...comment,
      id: idOf(comment.id)!,
      parentId: idOf(comment.parentId),
    })),
  }));
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
