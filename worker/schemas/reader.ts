/**
 * Schemas of the public (reader) API's requests: they validate input, and feed the OpenAPI
 * document, so it cannot drift from the code. The answers are reader-answers.ts's.
 */
import * as z from "zod";
import { pickLanguage } from "../domain/languages";
import { reportReasons } from "../domain/comment";
import { reactionKinds } from "../domain/reactions";
import {
  authorNameSchema,
  cleanBodyText,
  commentIdSchema,
  cursorSchema,
  emailSchema,
  httpUrlSchema,
  pageKeySchema,
  pageTitleSchema,
  siteIdSchema,
} from "./common";

/** Empty strings from HTML forms mean "not given". */
const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

export const commentBodySchema = z
  .string({ error: "Write a comment." })
  .max(20000, "A comment has at most 20000 characters.")
  // Something besides spaces and the bidi controls cleanBodyText drops.
  .regex(/[^\s\u202A-\u202E\u2066-\u2069]/, "Write a comment.")
  .transform(cleanBodyText);

export const newCommentSchema = z
  .object({
    site: siteIdSchema,
    page: z.object({
      key: pageKeySchema,
      url: httpUrlSchema,
      title: pageTitleSchema.nullish(),
    }),
    parentId: commentIdSchema.nullish(),
    author: z.object({
      name: authorNameSchema.default(""),
      email: z.preprocess(blankToUndefined, emailSchema.optional()),
      website: z.preprocess(blankToUndefined, httpUrlSchema.nullish()),
    }),
    body: commentBodySchema,
    formToken: z.string().max(200).optional(),
    honeypot: z.string().max(2000).optional(),
    turnstileToken: z.string().max(2048, "Not a Turnstile token.").optional(),
    mailToken: z.string().max(100).optional(),
    readerToken: z.string().max(400).optional(),
    /** A signed-in user's payload (docs/single-sign-on.md): it names the author instead. */
    sso: z.string().max(4096, "A sign-in payload has at most 4096 characters.").optional(),
    notify: z.enum(["replies", "all"]).optional(),
  })
  // Mail needs somewhere to go (a signed-in user's goes where the payload's email says).
  .refine((comment) => !comment.notify || comment.author.email || comment.sso, {
    path: ["author", "email"],
    message: "Enter your email address to get mail about follow-up comments.",
  });
export type NewComment = z.infer<typeof newCommentSchema>;

export const editCommentSchema = z.object({ body: commentBodySchema });

export const previewSchema = z.object({ site: siteIdSchema, body: commentBodySchema });

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255, "Use at most 255 characters.")
  .regex(/^[\x21-\x7e]+$/, "Use printable ASCII characters.");

/** Headers are validated as an object, so a bad one is named in `fields` by its own name. */
export const idempotencyHeaderSchema = z.object({
  "Idempotency-Key": idempotencyKeySchema.optional(),
});

/**
 * How many replies come with each top-level comment; the rest page by `repliesCursor`. The
 * list and the one-comment query each take a copy (`clone()`): what the parameter means
 * differs, and openapi/descriptions.ts says so per schema.
 */
export const replyLimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(200, "Ask for at most 200 replies at once.")
  .default(50);

export const listQuerySchema = z.object({
  site: siteIdSchema,
  page: pageKeySchema,
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  replies: replyLimitSchema.clone(),
  sort: z.enum(["oldest", "newest", "best"]).default("oldest"),
});

/**
 * The fields of the server-rendered thread's form, all text (empty ones count as absent);
 * routes/comment-form.ts turns them into a newCommentSchema comment.
 */
export const commentFormSchema = z.object({
  site: z.string().max(200).optional(),
  page: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  title: z.string().max(2000).optional(),
  parentId: z.string().max(100).optional(),
  name: z.string().max(2000).optional(),
  email: z.string().max(2000).optional(),
  website: z.string().max(2000).optional(),
  body: z.string().max(100_000).optional(),
  formToken: z.string().max(200).optional(),
  honeypot: z.string().max(2000).optional(),
});

export const fragmentQuerySchema = listQuerySchema.extend({
  url: httpUrlSchema.optional(),
  lang: z.string().max(35).optional().transform(pickLanguage),
});

export const oneCommentQuerySchema = z.object({ replies: replyLimitSchema.clone() });

export const contextQuerySchema = z.object({
  sort: z.enum(["oldest", "newest", "best"]).default("oldest"),
});

export const repliesQuerySchema = z.object({
  cursor: cursorSchema.optional(),
  limit: replyLimitSchema,
});

export const countsQuerySchema = z.object({
  site: siteIdSchema,
  page: z
    .array(pageKeySchema)
    .min(1, "Give at least one page key.")
    .max(50, "Ask for at most 50 pages at once."),
});

/** The recent-comments sidebar (recent.js): how many comments, and the most commented pages. */
export const recentQuerySchema = z.object({
  site: siteIdSchema,
  limit: z.coerce.number().int().min(1).max(50, "Ask for at most 50 at once.").default(10),
  pages: z.enum(["0", "1"]).default("0"),
});

export const commentIdParamSchema = z.object({ id: commentIdSchema });

/** `Authorization: Bearer <editToken>` on a reader's own comment (its checks are the route's). */
export const editTokenHeaderSchema = z.object({ Authorization: z.string().max(4096).optional() });

/**
 * The random id a reader's browser keeps for likes and reactions. Each body takes a copy
 * (`clone()`): openapi/descriptions.ts says per field what it is for.
 */
const readerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "Not a reader id.");

export const likeSchema = z.object({ reader: readerIdSchema.clone(), liked: z.boolean() });

/** A reader's reaction to a page, or taking it back. */
export const reactionSchema = z.object({
  site: siteIdSchema,
  page: pageKeySchema,
  kind: z.enum(reactionKinds, "Not a reaction."),
  reader: readerIdSchema.clone(),
  reacted: z.boolean(),
});

export const reportSchema = z.object({
  reason: z.enum(reportReasons, "Choose spam, abuse, off-topic or other."),
  text: z.string().trim().max(500, "Say it in at most 500 characters.").optional(),
});
