/**
 * Schemas of the public (reader) API's requests: they validate input, and feed the OpenAPI
 * document, so it cannot drift from the code. The answers are reader-answers.ts's.
 */
import * as z from "zod";
import { languages, pickLanguage } from "../domain/languages";
import { reportReasons } from "../domain/comment";
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
  .transform(cleanBodyText)
  .refine((body) => body.trim().length > 0, "Write a comment.");

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
    turnstileToken: z
      .string()
      .max(2048, "Not a Turnstile token.")
      .optional()
      .describe("The Turnstile widget's token, on sites with a turnstileSiteKey"),
    mailToken: z
      .string()
      .max(100)
      .optional()
      .describe(
        "With notify: the token the browser got when it confirmed this address's mail on the site (the confirmation page's link back, #parley-mail=); the subscription is then active at once",
      ),
    notify: z
      .enum(["replies", "all"])
      .optional()
      .describe(
        "Mail the author about replies to this comment, or about every new comment on the page (where config.notifications)",
      ),
  })
  // Mail needs somewhere to go.
  .refine((comment) => !comment.notify || comment.author.email, {
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

/** How many replies come with each top-level comment; the rest page by `repliesCursor`. */
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
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe("At most this many roots, rounded down to 1, 2, 3, 5, 10, 20, 50 or 100"),
  replies: replyLimitSchema.describe(
    "Replies (at any depth) shown under each root, oldest first; at most this many, rounded down to 1, 2, 3, 5, 10, 20, 50, 100 or 200",
  ),
  sort: z
    .enum(["oldest", "newest", "best"])
    .default("oldest")
    .describe("best: the most liked first, then the oldest"),
});

/**
 * The fields of the server-rendered thread's form, all text (empty ones count as absent);
 * routes/comment-form.ts turns them into a newCommentSchema comment.
 */
export const commentFormSchema = z.object({
  site: z.string().max(200).optional(),
  page: z.string().max(2000).optional().describe("The page key"),
  url: z.string().max(2000).optional().describe("The page's address"),
  title: z.string().max(2000).optional(),
  parentId: z.string().max(100).optional(),
  name: z.string().max(2000).optional(),
  email: z.string().max(2000).optional(),
  website: z.string().max(2000).optional(),
  body: z.string().max(100_000).optional(),
  formToken: z.string().max(200).optional(),
  honeypot: z.string().max(2000).optional().describe("Left empty by people"),
});

export const fragmentQuerySchema = listQuerySchema.extend({
  url: httpUrlSchema
    .optional()
    .describe("The page's address, where the form brings the reader back (else the thread's own)"),
  lang: z
    .string()
    .max(35)
    .optional()
    .transform(pickLanguage)
    .describe(`The page's language tag (de-AT → de); one of ${languages.join(", ")}, else en`),
});

export const oneCommentQuerySchema = z.object({
  replies: replyLimitSchema.describe("Replies (at any depth) shown under the comment"),
});

export const contextQuerySchema = z.object({
  sort: z
    .enum(["oldest", "newest", "best"])
    .default("oldest")
    .describe("The order the list is read in"),
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

export const commentIdParamSchema = z.object({ id: commentIdSchema });

/** `Authorization: Bearer <editToken>` on a reader's own comment (its checks are the route's). */
export const editTokenHeaderSchema = z.object({ Authorization: z.string().max(4096).optional() });

export const likeSchema = z.object({
  reader: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, "Not a reader id.")
    .describe("A random id the browser keeps (localStorage), made on the first like"),
  liked: z.boolean().describe("true to like, false to take the like back"),
});

export const reportSchema = z.object({
  reason: z.enum(reportReasons, "Choose spam, abuse, off-topic or other."),
  text: z
    .string()
    .trim()
    .max(500, "Say it in at most 500 characters.")
    .optional()
    .describe("What is wrong, in the reader's words"),
});
