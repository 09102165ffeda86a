/** Bans by author (email) or by network, per site, with optional expiry. */
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { Keys } from "../../domain/keys";
import { toBanView } from "../../domain/mod-comment";
import { hashEmail, normalizeEmail } from "../../domain/privacy";
import { ApiError, invalidInput } from "../../errors";
import {
  banIdParamSchema,
  banSchema,
  newBanSchema,
  siteQuerySchema,
} from "../../schemas/moderation";
import { deleteBan, insertBan, listBans, siteOfBan, type BanRecord } from "../../storage/bans";
import { getComment } from "../../storage/comments";
import type { Database } from "../../storage/database";
import { allDatabases, databaseOf } from "../../platform/site-databases";
import { moderatedSite, requireSiteAccess } from "../site-lookup";

/** Bans, on the sites one moderates. */
export function banRoutes(api: DeclaredRouter): void {
  api.route(addBanDeclaration, addBan);
  api.route(listBansDeclaration, listSiteBans);
  api.route(liftBanDeclaration, liftBan);
}

const addBanDeclaration = declare({
  method: "post",
  path: "/bans",
  body: newBanSchema,
  status: 201,
  response: banSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const addBan: Handler<typeof addBanDeclaration> = async (c, { body: input }) => {
  const keys = c.get("keys");
  await moderatedSite(c, input.site);
  const db = databaseOf(c.env, input.site);
  const { valueHash, emailEncrypted } = input.commentId
    ? await bannedOfComment(db, input.site, input.commentId, input.scope)
    : await bannedEmail(keys, input.email!);
  const ban: BanRecord = {
    id: `b_${crypto.randomUUID().replaceAll("-", "")}`,
    siteId: input.site,
    scope: input.scope,
    valueHash,
    emailEncrypted,
    commentId: input.commentId ?? null,
    reason: input.reason || null,
    createdAt: new Date().toISOString(),
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
  };
  await insertBan(db, ban, c.get("actor"));
  return c.json(await toBanView(keys, ban, new Date()), 201);
};

/** What a ban by comment holds: its author's email, or its network, as that comment keeps them. */
async function bannedOfComment(
  db: Database,
  siteId: string,
  commentId: string,
  scope: BanRecord["scope"],
): Promise<{ valueHash: string; emailEncrypted: string | null }> {
  const comment = await getComment(db, commentId);
  if (!comment || comment.siteId !== siteId) {
    throw invalidInput({ commentId: "There is no such comment on this site." });
  }
  const valueHash = scope === "author" ? comment.emailHash : comment.networkHash;
  if (!valueHash) {
    throw invalidInput({
      commentId:
        scope === "author"
          ? "This comment has no email to ban."
          : "This comment's network is no longer known (it is kept for 30 days).",
    });
  }
  return { valueHash, emailEncrypted: scope === "author" ? comment.emailEncrypted : null };
}

/** What a ban by email holds: its keyed hash, and the address sealed (the desk shows it). */
async function bannedEmail(keys: Keys, given: string) {
  const email = normalizeEmail(given);
  return { valueHash: await hashEmail(keys, email), emailEncrypted: await keys.encrypt(email) };
}

const listBansDeclaration = declare({
  method: "get",
  path: "/bans",
  query: siteQuerySchema,
  response: z.object({ bans: z.array(banSchema) }),
  errors: [400, 401, 403, 404],
});

const listSiteBans: Handler<typeof listBansDeclaration> = async (c, { query }) => {
  const { site } = query;
  await moderatedSite(c, site);
  const now = new Date();
  const all = await listBans(databaseOf(c.env, site), site);
  return c.json({ bans: await Promise.all(all.map((ban) => toBanView(c.get("keys"), ban, now))) });
};

const liftBanDeclaration = declare({
  method: "delete",
  path: "/bans/:id",
  params: banIdParamSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

const liftBan: Handler<typeof liftBanDeclaration> = async (c, { params }) => {
  const { id } = params;
  // The ban's database: the one its site lives in (a moving site's old one may hold a copy).
  const dbs = allDatabases(c.env);
  const sites = await Promise.all(dbs.map((db) => siteOfBan(db, id)));
  const at = sites.findIndex((site, i) => site && databaseOf(c.env, site) === dbs[i]);
  const siteId = sites[at];
  if (siteId) requireSiteAccess(c, siteId);
  if (!siteId || !(await deleteBan(dbs[at]!, id, c.get("actor"), new Date().toISOString()))) {
    throw new ApiError("not_found", "There is no such ban.");
  }
  return c.body(null, 204);
};
