/** Every route, with the schemas that validate it: the source of the OpenAPI document. */
import * as z from "zod";
import { pageKeySchema } from "../schemas/common";
import {
  commentIdParamSchema,
  contextQuerySchema,
  contextResponseSchema,
  countsQuerySchema,
  commentFormSchema,
  countsResponseSchema,
  editCommentSchema,
  fragmentQuerySchema,
  listQuerySchema,
  listResponseSchema,
  newCommentSchema,
  oneCommentQuerySchema,
  ownCommentSchema,
  postResponseSchema,
  previewResponseSchema,
  previewSchema,
  repliesQuerySchema,
  likeSchema,
  repliesResponseSchema,
  reportSchema,
  topCommentSchema,
} from "../schemas/reader";
import {
  authorErasedSchema,
  authorExportSchema,
  banIdParamSchema,
  banSchema,
  bulkSchema,
  emailQuerySchema,
  logEntrySchema,
  logQuerySchema,
  modCommentSchema,
  moderateCommentSchema,
  moderatorReplySchema,
  modThreadSchema,
  newBanSchema,
  queueQuerySchema,
  queueResponseSchema,
  siteQuerySchema,
  threadUpdateSchema,
} from "../schemas/moderation";
import {
  meSchema,
  moderatorChangeSchema,
  moderatorIdParamSchema,
  moderatorSchema,
  newModeratorResponseSchema,
  newModeratorSchema,
} from "../schemas/moderators";
import {
  putRecipientsSchema,
  putSiteSchema,
  recipientsSchema,
  siteParamSchema,
  siteSchema,
} from "../schemas/sites";
import { exportQuerySchema, importQuerySchema, importResponseSchema } from "../schemas/transfer";
import { parleyExportSchema } from "../schemas/parley-format";

export interface RouteDoc {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tag: "public" | "moderation" | "operations";
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: { name: string; description: string }[];
  body?: z.ZodType;
  status?: number;
  response?: z.ZodType;
  errors: number[];
  /** Answers carry an ETag; a matching If-None-Match gets 304. */
  conditional?: boolean;
  /** An HTML page for people rather than JSON: its statuses, and the form a POST sends. */
  page?: { statuses: Record<number, string>; form?: z.ZodObject; contentType?: string };
}

const mailLinkQuery = z.object({ t: z.string().describe("The signed token from the mail") });
const mailLinkStatuses = {
  200: "The question with its button (GET), or what was done (POST)",
  400: "Not a link Parley signed",
  403: "The recipient no longer receives this site's notices",
  404: "What the link is about is gone",
  409: "A moderation link already used",
  410: "The link has expired",
};

const editTokenHeader = { name: "Authorization", description: "Bearer <editToken>" };

export const routeTable: RouteDoc[] = [
  {
    method: "get",
    path: "/api/comments",
    tag: "public",
    summary:
      "Approved comments of a page: a page of root comments, each with its first replies nested",
    query: listQuerySchema,
    response: listResponseSchema,
    conditional: true,
    errors: [400, 404],
  },
  {
    method: "post",
    path: "/api/comments",
    tag: "public",
    summary: "Post a comment (the first comment on a page creates its thread)",
    headers: [
      {
        name: "Idempotency-Key",
        description: "Retry-safe key; a repeat within 24 h gets the first answer",
      },
    ],
    body: newCommentSchema,
    status: 201,
    response: postResponseSchema,
    errors: [400, 403, 404, 409, 413, 415, 429],
  },
  {
    method: "get",
    path: "/api/comments/:id",
    tag: "public",
    summary:
      "One approved comment with its first replies; with the edit token, also one's own held comment",
    params: commentIdParamSchema,
    query: oneCommentQuerySchema,
    headers: [editTokenHeader],
    response: topCommentSchema.or(ownCommentSchema),
    errors: [400, 401, 404],
  },
  {
    method: "get",
    path: "/api/comments/:id/replies",
    tag: "public",
    summary:
      "More replies of a root comment, oldest first, after the cursor its repliesCursor (or the last page's nextCursor) gave",
    params: commentIdParamSchema,
    query: repliesQuerySchema,
    response: repliesResponseSchema,
    conditional: true,
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/comments/:id/context",
    tag: "public",
    summary:
      "Where an approved comment is in its thread, for a link to it: the list page that starts at its root, and the replies from the root down to it",
    params: commentIdParamSchema,
    query: contextQuerySchema,
    response: contextResponseSchema,
    conditional: true,
    errors: [400, 404],
  },
  {
    method: "patch",
    path: "/api/comments/:id",
    tag: "public",
    summary: "Edit one's own comment inside the edit window (the rules run again)",
    params: commentIdParamSchema,
    headers: [editTokenHeader],
    body: editCommentSchema,
    response: z.object({ comment: ownCommentSchema }),
    errors: [400, 401, 403, 404, 415],
  },
  {
    method: "delete",
    path: "/api/comments/:id",
    tag: "public",
    summary:
      "Delete one's own comment inside the edit window (a tombstone stays if it has replies)",
    params: commentIdParamSchema,
    headers: [editTokenHeader],
    status: 204,
    errors: [401, 403, 404],
  },
  {
    method: "post",
    path: "/api/comments/:id/like",
    tag: "public",
    summary: "Like an approved comment, or take the like back (one per reader, race-free count)",
    params: commentIdParamSchema,
    body: likeSchema,
    response: z.object({ likes: z.number().int(), liked: z.boolean() }),
    errors: [400, 403, 404, 415, 429],
  },
  {
    method: "post",
    path: "/api/comments/:id/report",
    tag: "public",
    summary: "Report an approved comment (once per network; enough reports send it back to review)",
    params: commentIdParamSchema,
    body: reportSchema,
    status: 201,
    response: z.object({ reported: z.literal(true) }),
    errors: [400, 403, 404, 415, 429],
  },
  {
    method: "post",
    path: "/api/preview",
    tag: "public",
    summary: "Render a comment body as it would be shown (limited per network: previewsPerMinute)",
    body: previewSchema,
    response: previewResponseSchema,
    errors: [400, 403, 404, 415, 429],
  },
  {
    method: "get",
    path: "/api/counts",
    tag: "public",
    summary: "Approved comment counts of up to 50 pages (repeat the page parameter)",
    query: countsQuerySchema,
    response: countsResponseSchema,
    conditional: true,
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/api/comments.html",
    tag: "public",
    summary:
      "The list's first page as an HTML fragment (articles, schema.org Comment microdata, a form that posts without script), for static builds and edge includes",
    query: fragmentQuerySchema,
    errors: [400, 404],
    conditional: true,
    page: { statuses: { 200: "The fragment" } },
  },
  {
    method: "post",
    path: "/api/comments/form",
    tag: "public",
    summary:
      "The fragment's form: the same pipeline as POST /api/comments; 303 back to the page at #comment-<id> or #parley-pending",
    errors: [],
    page: {
      statuses: {
        303: "Stored: back to the page",
        400: "A field is wrong (a page says which)",
        403: "Not from one of the site's origins, or the author is banned",
        404: "No such site",
        409: "The same comment again",
        415: "Not a form",
        429: "Too many comments from this network (Retry-After)",
      },
      form: commentFormSchema,
    },
  },
  {
    method: "get",
    path: "/feeds/:file",
    tag: "public",
    summary:
      "Atom feed of the newest 50 approved comments: /feeds/<site>.atom, or ?page=KEY for one page",
    params: z.object({ file: z.string().describe("<site>.atom") }),
    query: z.object({ page: pageKeySchema.optional().describe("One page's comments only") }),
    errors: [],
    conditional: true,
    page: {
      contentType: "application/atom+xml",
      statuses: {
        200: "The feed",
        400: "Not a feed address",
        404: "No such site, or feeds are off",
      },
    },
  },
  {
    method: "get",
    path: "/mail/link",
    tag: "public",
    summary:
      "The page behind a link in Parley's mail: what the link would do, and a button. Changes nothing",
    query: mailLinkQuery,
    errors: [],
    page: { statuses: mailLinkStatuses },
  },
  {
    method: "post",
    path: "/mail/link",
    tag: "public",
    summary:
      "Does what the link says (moderate, confirm, unsubscribe); also RFC 8058 one-click unsubscribe",
    query: mailLinkQuery,
    errors: [],
    page: {
      statuses: mailLinkStatuses,
      form: z.object({
        act: z
          .enum(["approve", "spam", "reject"])
          .optional()
          .describe("On a review link (the webhook's): the decision"),
        "List-Unsubscribe": z.literal("One-Click").optional().describe("Sent by mail clients"),
      }),
    },
  },
  {
    method: "get",
    path: "/healthz",
    tag: "operations",
    summary: "Liveness: every D1 database (DB and those SITE_DATABASES names) answers a query",
    response: z.object({ ok: z.literal(true) }),
    errors: [],
  },
  {
    method: "get",
    path: "/api/mod/me",
    tag: "moderation",
    summary: "Who the token (or Cloudflare Access sign-in) belongs to, and the sites they moderate",
    response: meSchema,
    errors: [401],
  },
  {
    method: "get",
    path: "/api/mod/moderators",
    tag: "moderation",
    summary: "Named moderators (owner only)",
    response: z.object({ moderators: z.array(moderatorSchema) }),
    errors: [401, 403],
  },
  {
    method: "post",
    path: "/api/mod/moderators",
    tag: "moderation",
    summary:
      "Add a moderator; the answer holds their personal token, shown only this once (owner only)",
    body: newModeratorSchema,
    status: 201,
    response: newModeratorResponseSchema,
    errors: [400, 401, 403, 415],
  },
  {
    method: "patch",
    path: "/api/mod/moderators/:id",
    tag: "moderation",
    summary: "Change a moderator's name, role or sites (owner only)",
    params: moderatorIdParamSchema,
    body: moderatorChangeSchema,
    response: moderatorSchema,
    errors: [400, 401, 403, 404, 415],
  },
  {
    method: "delete",
    path: "/api/mod/moderators/:id",
    tag: "moderation",
    summary: "Revoke a moderator: their token stops working at once (owner only)",
    params: moderatorIdParamSchema,
    status: 204,
    errors: [401, 403, 404],
  },
  {
    method: "get",
    path: "/api/mod/comments/counts",
    tag: "moderation",
    summary: "How many of a site's comments have each status",
    query: siteQuerySchema,
    response: z.object({ counts: z.record(z.string(), z.number().int()) }),
    errors: [400, 401, 403, 404],
  },
  {
    method: "get",
    path: "/api/mod/sites",
    tag: "moderation",
    summary: "All sites",
    response: z.object({ sites: z.array(siteSchema) }),
    errors: [401],
  },
  {
    method: "get",
    path: "/api/mod/sites/:site",
    tag: "moderation",
    summary: "One site",
    params: siteParamSchema,
    response: siteSchema,
    errors: [401, 404],
  },
  {
    method: "put",
    path: "/api/mod/sites/:site",
    tag: "moderation",
    summary: "Create or update a site: its name, allowed origins and settings",
    params: siteParamSchema,
    body: putSiteSchema,
    response: siteSchema,
    errors: [400, 401, 415],
  },
  {
    method: "get",
    path: "/api/mod/sites/:site/recipients",
    tag: "moderation",
    summary: "Who gets mail about the site's held comments",
    params: siteParamSchema,
    response: recipientsSchema,
    errors: [401, 404],
  },
  {
    method: "put",
    path: "/api/mod/sites/:site/recipients",
    tag: "moderation",
    summary: "Set who gets mail about the site's held comments (replaces the list)",
    params: siteParamSchema,
    body: putRecipientsSchema,
    response: recipientsSchema,
    errors: [400, 401, 404, 415],
  },

  {
    method: "get",
    path: "/api/mod/comments",
    tag: "moderation",
    summary: "The review queue, newest first, with email, reasons and thread",
    query: queueQuerySchema,
    response: queueResponseSchema,
    errors: [400, 401, 404],
  },
  {
    method: "patch",
    path: "/api/mod/comments/:id",
    tag: "moderation",
    summary: "Change a comment's status, body and/or pinned (approving marks its author as known)",
    params: commentIdParamSchema,
    body: moderateCommentSchema,
    response: modCommentSchema,
    errors: [400, 401, 404, 415],
  },
  {
    method: "post",
    path: "/api/mod/comments/:id/replies",
    tag: "moderation",
    summary:
      "Reply as a moderator: approved at once, under the moderator's name, with the Moderator badge",
    params: commentIdParamSchema,
    body: moderatorReplySchema,
    status: 201,
    response: modCommentSchema,
    errors: [400, 401, 404, 415],
  },
  {
    method: "delete",
    path: "/api/mod/comments/:id",
    tag: "moderation",
    summary: "Delete a comment (a tombstone stays if it has replies)",
    params: commentIdParamSchema,
    status: 204,
    errors: [401, 404],
  },
  {
    method: "post",
    path: "/api/mod/comments/bulk",
    tag: "moderation",
    summary: "Set the status of many comments at once",
    body: bulkSchema,
    response: z.object({ updated: z.number().int() }),
    errors: [400, 401, 415],
  },
  {
    method: "patch",
    path: "/api/mod/threads",
    tag: "moderation",
    summary: "Close or reopen a page's thread",
    body: threadUpdateSchema,
    response: modThreadSchema,
    errors: [400, 401, 404, 415],
  },
  {
    method: "post",
    path: "/api/mod/bans",
    tag: "moderation",
    summary:
      "Ban an author (by comment or email) or a network (by comment), optionally until a time",
    body: newBanSchema,
    status: 201,
    response: banSchema,
    errors: [400, 401, 404, 415],
  },
  {
    method: "get",
    path: "/api/mod/bans",
    tag: "moderation",
    summary: "A site's bans",
    query: siteQuerySchema,
    response: z.object({ bans: z.array(banSchema) }),
    errors: [400, 401, 404],
  },
  {
    method: "delete",
    path: "/api/mod/bans/:id",
    tag: "moderation",
    summary: "Lift a ban",
    params: banIdParamSchema,
    status: 204,
    errors: [401, 404],
  },
  {
    method: "get",
    path: "/api/mod/log",
    tag: "moderation",
    summary: "The audit log of a site, newest first",
    query: logQuerySchema,
    response: z.object({ entries: z.array(logEntrySchema), nextCursor: z.string().nullable() }),
    errors: [400, 401, 404],
  },
  {
    method: "get",
    path: "/api/mod/authors",
    tag: "moderation",
    summary: "Everything stored about one email address (privacy export)",
    query: emailQuerySchema,
    response: authorExportSchema,
    errors: [400, 401],
  },
  {
    method: "delete",
    path: "/api/mod/authors",
    tag: "moderation",
    summary: "Erase everything of one email address (tombstones where others' replies hang below)",
    query: emailQuerySchema,
    response: authorErasedSchema,
    errors: [400, 401],
  },
  {
    method: "get",
    path: "/api/mod/export",
    tag: "moderation",
    summary:
      "Every thread and comment of a site (all statuses, emails included) as streamed JSON; the owner's alone",
    query: exportQuerySchema,
    response: parleyExportSchema,
    errors: [400, 401, 403, 404],
  },
  {
    method: "post",
    path: "/api/mod/import",
    tag: "moderation",
    summary:
      "Import threads in Parley's JSON format (an export, or what `npm run import` converted from WordPress or Disqus); importing the same file twice adds nothing",
    query: importQuerySchema,
    body: parleyExportSchema,
    response: importResponseSchema,
    errors: [400, 401, 404, 413, 415],
  },
];
