/**
 * Schemas of the public (reader) API's answers: documentation, as the builders in
 * domain/comment.ts produce them. They feed the OpenAPI document and the widget's types
 * (widget/api.ts, `import type`); the requests are reader.ts's.
 */
import * as z from "zod";
import { sourceKinds } from "../domain/remote-source";
import { reactionKinds } from "../domain/reactions";

export const publicAuthorSchema = z.object({
  name: z.string(),
  website: z.string().nullable(),
  avatar: z.string(),
});

export const publicCommentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  author: publicAuthorSchema,
  html: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z.literal(true).optional(),
  likes: z.number().int().positive().optional(),
  pinned: z.literal(true).optional(),
  moderator: z.literal(true).optional(),
  verified: z.literal(true).optional(),
  /** Written elsewhere: where, and the original's address. */
  source: z.object({ kind: z.enum(sourceKinds), url: z.string() }).optional(),
  get replies() {
    return z.array(publicCommentSchema);
  },
});

export const ownCommentSchema = publicCommentSchema.extend({
  status: z.enum(["approved", "pending"]),
});

/** A top-level comment of a list (or the one asked for by id), with where its replies go on. */
export const topCommentSchema = publicCommentSchema.extend({
  repliesCursor: z.string().nullable(),
  moreReplies: z.number().int(),
});

/** An approved comment asked for with its edit token: a top comment, and its status. */
export const ownTopCommentSchema = topCommentSchema.extend({ status: z.literal("approved") });

export const repliesResponseSchema = z.object({
  replies: z.array(publicCommentSchema),
  nextCursor: z.string().nullable(),
});

export const contextResponseSchema = z.object({
  rootId: z.string(),
  pageCursor: z.string().nullable(),
  branch: z.array(publicCommentSchema),
});

export const threadSchema = z.object({
  key: z.string(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  count: z.number().int(),
  closed: z.boolean(),
});

/** A page's reactions: the count of each kind the site offers, in the site's order. */
export const reactionCountsSchema = z.record(z.string(), z.number().int().min(0));

export const listResponseSchema = z.object({
  thread: threadSchema.extend({ reactions: reactionCountsSchema }),
  comments: z.array(topCommentSchema),
  nextCursor: z.string().nullable(),
  config: z.object({
    requireEmail: z.boolean(),
    requireName: z.boolean(),
    maxDepth: z.number().int(),
    maxLength: z.number().int(),
    editWindowSeconds: z.number().int(),
    formToken: z.string(),
    turnstileSiteKey: z.string().nullable(),
    reports: z.boolean(),
    likes: z.boolean(),
    reactions: z.array(z.enum(reactionKinds)),
    notifications: z.boolean(),
    verification: z.boolean(),
    signIn: z.object({
      sso: z.boolean(),
      loginUrl: z.string().nullable(),
      anonymous: z.boolean(),
    }),
  }),
});

/** A comment of the recent ones: public as in a list, without its replies, with its page. */
export const recentCommentSchema = publicCommentSchema.omit({ replies: true }).extend({
  page: threadSchema.pick({ key: true, url: true, title: true }),
});

export const recentResponseSchema = z.object({
  comments: z.array(recentCommentSchema),
  pages: z.array(threadSchema.pick({ key: true, url: true, title: true, count: true })).optional(),
});

export const postResponseSchema = z.object({
  comment: ownCommentSchema,
  editToken: z.string(),
  editableUntil: z.string(),
  subscription: z.enum(["awaiting-confirmation", "active"]).nullable().optional(),
});
export type PostAnswer = z.input<typeof postResponseSchema>;

export const reactionResponseSchema = z.object({
  reactions: reactionCountsSchema,
  reacted: z.boolean(),
});

export const countsResponseSchema = z.object({ counts: z.record(z.string(), z.number().int()) });
export const previewResponseSchema = z.object({ html: z.string() });
