/**
 * Schemas of the public (reader) API's answers: documentation, as the builders in
 * domain/comment.ts produce them. They feed the OpenAPI document and the widget's types
 * (widget/api.ts, `import type`); the requests are reader.ts's.
 */
import * as z from "zod";

export const publicAuthorSchema = z.object({
  name: z.string(),
  website: z.string().nullable(),
  avatar: z
    .string()
    .describe("Hex seed for a generated avatar; a keyed hash, stable per author and site"),
});

export const publicCommentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  author: publicAuthorSchema,
  html: z.string().describe("Server-rendered, sanitized HTML"),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z
    .literal(true)
    .optional()
    .describe("Present on tombstones of deleted comments with replies"),
  likes: z.number().int().positive().optional().describe("Readers' likes (absent: none)"),
  pinned: z.literal(true).optional().describe("A moderator pinned it: it comes first"),
  moderator: z
    .literal(true)
    .optional()
    .describe("Written by a moderator from the desk (no reader can set it)"),
  get replies() {
    return z.array(publicCommentSchema);
  },
});

export const ownCommentSchema = publicCommentSchema.extend({
  status: z.enum(["approved", "pending"]),
});

/** A top-level comment of a list (or the one asked for by id), with where its replies go on. */
export const topCommentSchema = publicCommentSchema.extend({
  repliesCursor: z
    .string()
    .nullable()
    .describe(
      "More replies follow: GET /api/comments/{id}/replies?cursor=… (null when all are shown)",
    ),
  moreReplies: z.number().int().describe("How many of its replies are not shown yet"),
});

export const repliesResponseSchema = z.object({
  replies: z
    .array(publicCommentSchema)
    .describe("Branches whose top reply answers a comment shown before (see parentId)"),
  nextCursor: z.string().nullable(),
});

export const contextResponseSchema = z.object({
  rootId: z.string(),
  pageCursor: z
    .string()
    .nullable()
    .describe(
      "List with this cursor (same sort) for the page that starts at the root; null: the first page",
    ),
  branch: z
    .array(publicCommentSchema)
    .describe(
      "The replies from below the root down to the comment, oldest first, without their replies",
    ),
});

export const threadSchema = z.object({
  key: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  count: z.number().int(),
  closed: z.boolean(),
});

export const listResponseSchema = z.object({
  thread: threadSchema,
  comments: z.array(topCommentSchema),
  nextCursor: z.string().nullable(),
  config: z.object({
    requireEmail: z.boolean(),
    requireName: z.boolean(),
    maxDepth: z.number().int(),
    maxLength: z.number().int(),
    editWindowSeconds: z.number().int(),
    formToken: z.string(),
    turnstileSiteKey: z
      .string()
      .nullable()
      .describe("Render Cloudflare Turnstile with this key and send its token as turnstileToken"),
    reports: z
      .boolean()
      .describe("Readers may report approved comments (POST /api/comments/:id/report)"),
    likes: z.boolean().describe("Readers may like comments (POST /api/comments/:id/like)"),
    notifications: z
      .boolean()
      .describe("The site mails readers about follow-up comments: offer `notify` in the form"),
  }),
});

export const postResponseSchema = z.object({
  comment: ownCommentSchema,
  editToken: z.string(),
  editableUntil: z.string(),
  subscription: z
    .enum(["awaiting-confirmation", "active"])
    .nullable()
    .optional()
    .describe(
      "With `notify`: active, or awaiting the confirmation mailed to the address (the first time on a site)",
    ),
});
export type PostAnswer = z.input<typeof postResponseSchema>;

export const countsResponseSchema = z.object({ counts: z.record(z.string(), z.number().int()) });
export const previewResponseSchema = z.object({ html: z.string() });
