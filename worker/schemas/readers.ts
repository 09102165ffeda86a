/**
 * Schemas of the readers' own API (routes/public/readers.ts): asking for the mail that
 * proves an address, and what a verified browser may read and revoke.
 */
import * as z from "zod";
import { commentStatuses } from "../domain/comment";
import { emailSchema, httpUrlSchema, pageKeySchema, siteIdSchema } from "./common";
import { ownCommentSchema } from "./reader-answers";

export const readerMailSchema = z.object({
  site: siteIdSchema,
  email: emailSchema,
  purpose: z.enum(["verify", "mine"]),
  /** Where the reader asked from: the mail's link leads back there. */
  page: httpUrlSchema,
});

export const readerMailResponseSchema = z.object({ accepted: z.literal(true) });

export const readerCommentsQuerySchema = z.object({ site: siteIdSchema, page: pageKeySchema });

export const readerSiteQuerySchema = z.object({ site: siteIdSchema });

/** `Authorization: Bearer <readerToken>` (its checks are the route's, 401 each). */
export const readerTokenHeaderSchema = z.object({ Authorization: z.string().max(4096).optional() });

/** One's own comment as a verified browser sees it: its text too, and until when it may change. */
export const readerCommentSchema = ownCommentSchema.extend({
  body: z.string(),
  editableUntil: z.string(),
});

export const readerCommentsResponseSchema = z.object({ comments: z.array(readerCommentSchema) });

/** The "my comments" page's export: everything the address left on the site. */
export const readerExportSchema = z.object({
  site: z.string(),
  email: z.string().nullable(),
  exportedAt: z.string(),
  comments: z.array(
    z.object({
      id: z.string(),
      page: z.string(),
      url: z.string().nullable(),
      status: z.enum(commentStatuses),
      name: z.string(),
      website: z.string().nullable(),
      body: z.string(),
      createdAt: z.string(),
      editedAt: z.string().nullable(),
      verified: z.boolean(),
    }),
  ),
  subscriptions: z.array(
    z.object({
      page: z.string(),
      scope: z.enum(["replies", "all"]),
      confirmed: z.boolean(),
      createdAt: z.string(),
    }),
  ),
  verifiedBrowsers: z.number().int(),
});
