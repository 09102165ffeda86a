/**
 * `POST /api/comments/:id/report`: a reader flags an approved comment, once per network,
 * within the site's posting limits. Enough reports send it back to review
 * (storage/reports.ts). The answer says only that the report was taken: how many others
 * reported, or whether this one tipped it, is the moderators' business.
 */
import { ApiError, commentNotFound, rateLimited } from "../../errors";
import { allowSiteOrigin } from "../../middleware/site-origin";
import { commentIdParamSchema, reportSchema } from "../../schemas/reader";
import { limitReached } from "../../storage/network-activity";
import { fileReport, loadReportFacts } from "../../storage/reports";
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { clientNetworkHash } from "./client-network";
import { deliverNotificationsAfterResponse } from "../../notify/after-response";
import { databaseOf } from "../../platform/site-databases";

export function reportRoutes(api: DeclaredRouter): void {
  api.route(reportDeclaration, reportComment);
}

const reportDeclaration = declare({
  method: "post",
  path: "/comments/:id/report",
  params: commentIdParamSchema,
  body: reportSchema,
  status: 201,
  // A network that reported it before is thanked again, and nothing is filed.
  alsoStatus: [200],
  response: z.object({ reported: z.literal(true) }),
  errors: [400, 403, 404, 413, 415, 429],
});

const reportComment: Handler<typeof reportDeclaration> = async (c, { params, body: input }) => {
  const { id } = params;
  const now = new Date();
  const reporterHash = await clientNetworkHash(c);
  const facts = await loadReportFacts(c.get("db"), id, reporterHash, now);
  const { site, comment } = facts;
  // Only what the public can see can be reported; a comment already held by reports still
  // answers its reporters as before.
  if (!site || !comment || comment.deleted) throw commentNotFound();
  if (comment.status !== "approved" && !facts.alreadyReported) throw commentNotFound();
  allowSiteOrigin(c, site);
  if (!site.settings.reports) {
    throw new ApiError("forbidden", "This site does not take reports of comments.");
  }
  if (facts.alreadyReported) return c.json({ reported: true }, 200);
  const wait = limitReached(facts.activity, site.settings);
  if (wait) throw rateLimited(wait, "reporting");
  const filed = await fileReport(
    c.get("db"),
    {
      commentId: comment.id,
      siteId: site.id,
      reporterHash,
      reason: input.reason,
      text: input.text || null,
      at: now.toISOString(),
    },
    site.settings.holdAfterReports,
  );
  if (filed.notified) deliverNotificationsAfterResponse(c, databaseOf(c.env, site.id));
  return c.json({ reported: true }, 201);
};
