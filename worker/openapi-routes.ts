/** Every route, with the schemas that validate it: the source of the OpenAPI document. */
import * as z from "zod";
import {
  commentIdParamSchema,
  countsQuerySchema,
  countsResponseSchema,
  editCommentSchema,
  listQuerySchema,
  listResponseSchema,
  newCommentSchema,
  ownCommentSchema,
  postResponseSchema,
  previewResponseSchema,
  previewSchema,
  publicCommentSchema,
} from "./schemas/reader";
import { putSiteSchema, siteParamSchema, siteSchema } from "./schemas/sites";

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
}

const editTokenHeader = { name: "Authorization", description: "Bearer <editToken>" };

export const routeTable: RouteDoc[] = [
  {
    method: "get",
    path: "/api/comments",
    tag: "public",
    summary: "Approved comments of a page: a page of root comments with their replies nested",
    query: listQuerySchema,
    response: listResponseSchema,
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
      "One approved comment with its replies; with the edit token, also one's own held comment",
    params: commentIdParamSchema,
    headers: [editTokenHeader],
    response: publicCommentSchema.or(ownCommentSchema),
    errors: [401, 404],
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
    path: "/api/preview",
    tag: "public",
    summary: "Render a comment body as it would be shown",
    body: previewSchema,
    response: previewResponseSchema,
    errors: [400, 404, 415],
  },
  {
    method: "get",
    path: "/api/counts",
    tag: "public",
    summary: "Approved comment counts of up to 50 pages (repeat the page parameter)",
    query: countsQuerySchema,
    response: countsResponseSchema,
    errors: [400, 404],
  },
  {
    method: "get",
    path: "/healthz",
    tag: "operations",
    summary: "Liveness, after one D1 round trip",
    response: z.object({ ok: z.literal(true) }),
    errors: [],
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
];
