/**
 * Readers who are known (issue 27), under /api/readers: asking for the mail whose link
 * proves an address (and hands that browser a reader token) or opens "my comments"; and
 * what a verified browser may do with its token: see its own comments on a page, held ones
 * too, and revoke the token. Loaded on first use (routes/mounts.ts): most readers never ask.
 */
import { ownCommentAnswer } from "../../domain/post-plan";
import { hashEmail, normalizeEmail } from "../../domain/privacy";
import type { Site } from "../../domain/site";
import { ApiError, invalidInput, rateLimited } from "../../errors";
import { deliverAfterResponse } from "../../mail/deliver";
import { siteSendsMail } from "../../mail/enabled";
import { bodyLimit } from "../../middleware/body-limit";
import { allowSiteOrigin, publicCors } from "../../middleware/site-origin";
import { dbSession } from "../../platform/db-session";
import { databaseOf } from "../../platform/site-databases";
import {
  readerCommentsQuerySchema,
  readerCommentsResponseSchema,
  readerMailResponseSchema,
  readerMailSchema,
  readerSiteQuerySchema,
  readerTokenHeaderSchema,
} from "../../schemas/readers";
import {
  listReaderComments,
  readerMailRetryAfter,
  requestReaderMail,
  revokeReader,
} from "../../storage/readers";
import { declare, declaredRouter, type Handler } from "../declare";
import { getSiteOrThrow } from "../site-lookup";
import { clientNetworkHash } from "./client-network";
import { readerOf, requiredToken } from "./reader-auth";

export const readersApi = declaredRouter("/api/readers", "public");
readersApi.app.use(bodyLimit(4 * 1024, "4 KiB"), dbSession(), publicCors());

const mailDeclaration = declare({
  method: "post",
  path: "/mail",
  body: readerMailSchema,
  status: 202,
  response: readerMailResponseSchema,
  errors: [400, 403, 404, 413, 415, 429],
});

/**
 * The same answer, after the same statements, whatever the address: known or not, mailed in
 * the last hour or not (storage/readers.ts). Only the network's own limit is told (429).
 */
const askForMail: Handler<typeof mailDeclaration> = async (c, { body }) => {
  const db = c.get("db");
  const site = await getSiteOrThrow(db, body.site);
  allowSiteOrigin(c, site);
  requirePageOnSite(site, body.page);
  if (!siteSendsMail(c.env, site)) {
    throw new ApiError("forbidden", "This site sends no mail, so addresses cannot be verified.");
  }
  const keys = c.get("keys");
  const email = normalizeEmail(body.email);
  const [emailHash, emailEncrypted, networkHash] = await Promise.all([
    hashEmail(keys, email),
    keys.encrypt(email),
    clientNetworkHash(c),
  ]);
  const at = new Date().toISOString();
  const admitted = await requestReaderMail(db, {
    id: crypto.randomUUID(),
    siteId: site.id,
    purpose: body.purpose,
    emailHash,
    emailEncrypted,
    networkHash,
    pageUrl: body.page.split("#")[0]!,
    at,
  });
  if (!admitted) {
    throw rateLimited(await readerMailRetryAfter(db, { networkHash, at }), "asking for mail");
  }
  deliverAfterResponse(c.executionCtx, c.env, keys, databaseOf(c.env, site.id));
  return c.json({ accepted: true as const }, 202);
};

/** The link in the mail leads back to this page: it must be one of the site's. */
function requirePageOnSite(site: Site, page: string): void {
  if (!site.origins.includes(new URL(page).origin)) {
    throw invalidInput({ page: "This page is not on one of the site's origins." });
  }
}

const commentsDeclaration = declare({
  method: "get",
  path: "/comments",
  query: readerCommentsQuerySchema,
  headers: readerTokenHeaderSchema,
  response: readerCommentsResponseSchema,
  errors: [400, 401, 404],
});

/** The reader's own comments on a page, from any browser where they verified: held ones too. */
const ownComments: Handler<typeof commentsDeclaration> = async (c, { query, headers }) => {
  const db = c.get("db");
  const site = await getSiteOrThrow(db, query.site);
  allowSiteOrigin(c, site);
  const token = requiredToken(headers.Authorization, "reader token");
  const { emailHash } = await readerOf(c, db, token, site.id);
  const comments = await listReaderComments(db, {
    siteId: site.id,
    threadKey: query.page,
    emailHash,
  });
  const keys = c.get("keys");
  return c.json({
    comments: await Promise.all(
      comments.map(async (comment) => {
        const { comment: shown, editableUntil } = await ownCommentAnswer(keys, comment, site);
        return { ...shown, body: comment.body, editableUntil };
      }),
    ),
  });
};

const revokeDeclaration = declare({
  method: "delete",
  path: "/token",
  query: readerSiteQuerySchema,
  headers: readerTokenHeaderSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

/** "Forget this browser": its token stops working everywhere at once. */
const revoke: Handler<typeof revokeDeclaration> = async (c, { query, headers }) => {
  const db = c.get("db");
  const site = await getSiteOrThrow(db, query.site);
  allowSiteOrigin(c, site);
  const { claims } = await readerOf(
    c,
    db,
    requiredToken(headers.Authorization, "reader token"),
    site.id,
  );
  await revokeReader(db, { id: claims.reader, siteId: site.id });
  return c.body(null, 204);
};

readersApi.route(mailDeclaration, askForMail);
readersApi.route(commentsDeclaration, ownComments);
readersApi.route(revokeDeclaration, revoke);
