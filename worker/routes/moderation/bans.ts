/** Bans by author (email) or by network, per site, with optional expiry. */
import * as z from "zod";
import { declare, type DeclaredRouter } from "../declare";
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
import { allDatabases, databaseOf } from "../../platform/site-databases";
import { moderatedSite, requireSiteAccess } from "../site-lookup";

/** Bans, on the sites one moderates. */
export function banRoutes(api: DeclaredRouter): void {
  api.route(
    declare({
      method: "post",
      path: "/bans",
      body: newBanSchema,
      status: 201,
      response: banSchema,
      errors: [400, 401, 403, 404, 413, 415],
    }),
    async (c, given) => {
      const input = given.body;
      const keys = c.var.keys;
      await moderatedSite(c, input.site);
      const db = databaseOf(c.env, input.site);

      let valueHash: string | null;
      let emailEncrypted: string | null = null;
      if (input.commentId) {
        const comment = await getComment(db, input.commentId);
        if (!comment || comment.siteId !== input.site) {
          throw invalidInput({ commentId: "There is no such comment on this site." });
        }
        valueHash = input.scope === "author" ? comment.emailHash : comment.networkHash;
        emailEncrypted = input.scope === "author" ? comment.emailEncrypted : null;
        if (!valueHash) {
          throw invalidInput({
            commentId:
              input.scope === "author"
                ? "This comment has no email to ban."
                : "This comment's network is no longer known (it is kept for 30 days).",
          });
        }
      } else {
        const email = normalizeEmail(input.email!);
        valueHash = await hashEmail(keys, email);
        emailEncrypted = await keys.encrypt(email);
      }

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
      await insertBan(db, ban, c.var.actor);
      return c.json(await toBanView(keys, ban, new Date()), 201);
    },
  );

  api.route(
    declare({
      method: "get",
      path: "/bans",
      query: siteQuerySchema,
      response: z.object({ bans: z.array(banSchema) }),
      errors: [400, 401, 403, 404],
    }),
    async (c, given) => {
      const { site } = given.query;
      await moderatedSite(c, site);
      const now = new Date();
      const all = await listBans(databaseOf(c.env, site), site);
      return c.json({ bans: await Promise.all(all.map((ban) => toBanView(c.var.keys, ban, now))) });
    },
  );

  api.route(
    declare({
      method: "delete",
      path: "/bans/:id",
      params: banIdParamSchema,
      status: 204,
      errors: [400, 401, 403, 404],
    }),
    async (c, given) => {
      const { id } = given.params;
      // The ban's database: the one its site lives in (a moving site's old one may hold a copy).
      const dbs = allDatabases(c.env);
      const sites = await Promise.all(dbs.map((db) => siteOfBan(db, id)));
      const at = sites.findIndex((site, i) => site && databaseOf(c.env, site) === dbs[i]);
      const siteId = sites[at];
      if (siteId) requireSiteAccess(c, siteId);
      if (!siteId || !(await deleteBan(dbs[at]!, id, c.var.actor, new Date().toISOString()))) {
        throw new ApiError("not_found", "There is no such ban.");
      }
      return c.body(null, 204);
    },
  );
}
