/** The review queue: a site's comments a page at a time, by status, page or search, and their counts. */
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { decodeCursor, encodeCursor } from "../../domain/cursor";
import { toModComment } from "../../domain/mod-comment";
import { hashEmail } from "../../domain/privacy";
import { siteNotFound } from "../../errors";
import { emailSchema } from "../../schemas/common";
import { queueQuerySchema, queueResponseSchema, siteQuerySchema } from "../../schemas/moderation";
import { countByStatus, listQueue } from "../../storage/mod-queue";
import { databaseOf } from "../../platform/site-databases";
import { moderatedSite, requireSiteAccess } from "../site-lookup";

/** What waits for review, on the sites one moderates. */
export function queueRoutes(api: DeclaredRouter): void {
  api.route(readQueueDeclaration, readQueue);
  api.route(countQueueDeclaration, countQueue);
}

const readQueueDeclaration = declare({
  method: "get",
  path: "/comments",
  query: queueQuerySchema,
  response: queueResponseSchema,
  errors: [400, 401, 403, 404],
});

const readQueue: Handler<typeof readQueueDeclaration> = async (c, { query }) => {
  requireSiteAccess(c, query.site);
  const looksLikeEmail = query.q && emailSchema.safeParse(query.q).success;
  const page = await listQueue(databaseOf(c.env, query.site), {
    siteId: query.site,
    status: query.status,
    pageKey: query.page,
    search: query.q,
    emailHash: looksLikeEmail ? await hashEmail(c.get("keys"), query.q!) : undefined,
    before: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit,
  });
  if (!page.siteExists) throw siteNotFound();
  return c.json({
    comments: await Promise.all(
      page.comments.map((comment) => toModComment(c.get("keys"), comment)),
    ),
    nextCursor: page.next ? encodeCursor(page.next) : null,
  });
};

const countQueueDeclaration = declare({
  method: "get",
  path: "/comments/counts",
  query: siteQuerySchema,
  response: z.object({ counts: z.record(z.string(), z.number().int()) }),
  errors: [400, 401, 403, 404],
});

const countQueue: Handler<typeof countQueueDeclaration> = async (c, { query }) => {
  const { site } = query;
  await moderatedSite(c, site);
  return c.json({ counts: await countByStatus(databaseOf(c.env, site), site) });
};
