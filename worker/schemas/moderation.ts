/** Schemas of the moderation API (bearer MODERATOR_TOKEN). */
import * as z from "zod";
import { commentStatuses, reportReasons } from "../domain/comment";
import {
  commentIdSchema,
  cursorSchema,
  emailSchema,
  isoTimeSchema,
  pageKeySchema,
  siteIdSchema,
} from "./common";
import { commentBodySchema } from "./reader";
import { publicCommentSchema, threadSchema } from "./reader-answers";

export const commentStatusSchema = z.enum(commentStatuses);

export const queueQuerySchema = z.object({
  site: siteIdSchema,
  status: z.union([commentStatusSchema, z.literal("reported")]).optional(),
  page: pageKeySchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const moderateCommentSchema = z
  .object({
    status: commentStatusSchema.optional(),
    body: commentBodySchema.optional(),
    pinned: z.boolean().optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: "Give a status, a body or pinned.",
    path: ["status"],
  });

export const moderatorReplySchema = z.object({ body: commentBodySchema });

export const bulkSchema = z.object({
  ids: z
    .array(commentIdSchema)
    .min(1, "Give at least one id.")
    .max(200, "At most 200 ids at once."),
  status: commentStatusSchema,
});

export const threadUpdateSchema = z.object({
  site: siteIdSchema,
  key: pageKeySchema,
  closed: z.boolean(),
});

export const newBanSchema = z
  .object({
    site: siteIdSchema,
    commentId: commentIdSchema.optional(),
    email: emailSchema.optional(),
    scope: z.enum(["author", "network"]),
    reason: z.string().trim().max(500).optional(),
    expiresAt: isoTimeSchema.optional(),
  })
  .superRefine((ban, ctx) => {
    if (!ban.commentId && !ban.email) {
      ctx.addIssue({
        code: "custom",
        path: ["commentId"],
        message: "Give the comment or the email to ban.",
      });
    }
    if (ban.scope === "network" && !ban.commentId) {
      ctx.addIssue({
        code: "custom",
        path: ["commentId"],
        message: "A network ban needs the comment it came from.",
      });
    }
    if (ban.expiresAt && Date.parse(ban.expiresAt) <= Date.now()) {
      ctx.addIssue({
        code: "custom",
        path: ["expiresAt"],
        message: "The expiry must be in the future.",
      });
    }
  });

export const siteQuerySchema = z.object({ site: siteIdSchema });
export const logQuerySchema = z.object({
  site: siteIdSchema,
  cursor: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const emailQuerySchema = z.object({ email: emailSchema });
/** A signed-in user of a site (single sign-on), by the id the site's payloads give them. */
export const ssoUserQuerySchema = z.object({
  site: siteIdSchema,
  user: z.string().min(1, "Give the user's id on the site.").max(200),
});
export const banIdParamSchema = z.object({
  id: z.string().regex(/^b_[A-Za-z0-9]{8,40}$/, "Not a ban id."),
});

// ---- responses ----

export const modCommentSchema = publicCommentSchema.omit({ replies: true }).extend({
  status: commentStatusSchema,
  body: z.string(),
  email: z.string().nullable(),
  reasons: z.array(z.string()),
  thread: z.object({ key: z.string(), url: z.string().nullable(), title: z.string().nullable() }),
  site: z.string(),
  parent: z
    .object({ id: z.string(), author: z.string(), body: z.string(), deleted: z.boolean() })
    .nullable(),
  reports: z.array(z.object({ reason: z.enum(reportReasons), text: z.string().nullable() })),
});

export const queueResponseSchema = z.object({
  comments: z.array(modCommentSchema),
  nextCursor: z.string().nullable(),
});

export const banSchema = z.object({
  id: z.string(),
  site: z.string(),
  scope: z.enum(["author", "network"]),
  email: z.string().nullable(),
  commentId: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  active: z.boolean(),
});

export const logEntrySchema = z.object({
  id: z.number().int(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
  action: z.string(),
  commentId: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  detail: z.string().nullable(),
});

export const modThreadSchema = threadSchema.extend({ createdAt: z.string() });

export const authorExportSchema = z.object({
  email: z.string(),
  moderatorAccount: z
    .object({
      id: z.string(),
      name: z.string(),
      role: z.enum(["moderator", "owner"]),
      sites: z.array(z.string()),
      createdAt: z.string(),
    })
    .nullable(),
  comments: z.array(modCommentSchema),
  bans: z.array(banSchema),
  knownOnSites: z.array(z.string()),
  verifiedOnSites: z.array(z.string()),
  mail: z.object({
    subscriptions: z.array(
      z.object({
        site: z.string(),
        page: z.string(),
        scope: z.enum(["replies", "all"]),
        commentId: z.string().nullable(),
        confirmed: z.boolean(),
        createdAt: z.string(),
      }),
    ),
    recipientOn: z.array(z.string()),
    queuedMail: z.number().int(),
  }),
});

/** Everything stored about a signed-in user: as for an address, keyed by (site, user id). */
export const ssoUserExportSchema = authorExportSchema
  .omit({ email: true, moderatorAccount: true, verifiedOnSites: true })
  .extend({ site: z.string(), user: z.string() });

export const ssoUserErasedSchema = z.object({ erased: z.number().int() });

export const authorErasedSchema = z.object({
  erased: z.number().int(),
  moderatorAccount: z.object({ id: z.string(), name: z.string() }).nullable(),
});
