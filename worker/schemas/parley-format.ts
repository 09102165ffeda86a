/**
 * Parley's own JSON format: what `GET /api/mod/export` writes and `format=parley` reads, so
 * an export imports back exactly (ids, statuses, reasons, times and tombstones included).
 * Exports of other systems are converted to it where the file is (importers/, used by
 * `npm run import`), and sent in chunks of whole threads: the Worker reads no other format.
 */
import * as z from "zod";
import { commentStatuses } from "../domain/comment";
import {
  authorNameSchema,
  cleanBodyText,
  commentIdSchema,
  emailSchema,
  httpUrlSchema,
  pageKeySchema,
  pageTitleSchema,
} from "./common";

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
    /**
     * When the author proved the address through a verification mail on this Parley. Other
     * systems' converters leave it out; it needs the address it was proved for.
     */
    verifiedAt: z.iso.datetime().nullable().default(null).optional(),
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

/**
 * The id a comment from another system (or another site) gets: derived from the site, the
 * page and its id there, so importing the same file again finds the same ids.
 */
export async function importedCommentId(
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
