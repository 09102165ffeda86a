import type { MiddlewareHandler } from "hono";
import { verifyAccessJwt } from "../clients/cloudflare-access";
import { ownerActor, type Actor } from "../domain/actor";
import { constantTimeEqual } from "../domain/keys";
import { hashEmail } from "../domain/privacy";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { discardBody } from "./body-limit";
import { actorOf, findModerator } from "../storage/moderators";

/**
 * Who is asking: the owner (bearer MODERATOR_TOKEN, compared in constant time), a named
 * moderator (their bearer token, matched by keyed hash), or, where Cloudflare Access is
 * configured, the moderator Access signed in. Only headers count: a token in a URL ends
 * up in logs and browser history, so query strings are never read.
 */
export function moderatorAuth(): MiddlewareHandler<AppEnv> {
  return async function moderatorAuth(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    let actor: Actor | null = null;
    if (token && constantTimeEqual(token, c.get("moderatorToken"))) actor = ownerActor;
    else if (token?.startsWith("pm_")) {
      const tokenHash = await c.get("keys").hmacHex("moderator-token", token);
      const moderator = await findModerator(c.env.DB, { tokenHash });
      actor = moderator && actorOf(moderator);
    } else if (!token && c.env.ACCESS_TEAM_DOMAIN && c.env.ACCESS_AUD) {
      const assertion = c.req.header("Cf-Access-Jwt-Assertion");
      const email =
        assertion &&
        (await verifyAccessJwt(assertion, {
          teamDomain: c.env.ACCESS_TEAM_DOMAIN,
          audience: c.env.ACCESS_AUD,
        }));
      const moderator =
        email &&
        (await findModerator(c.env.DB, { emailHash: await hashEmail(c.get("keys"), email) }));
      actor = moderator ? actorOf(moderator) : null;
    }
    if (!actor) {
      // A stranger's upload is never kept: a little is read and dropped (so the connection
      // stays usable), the rest refused.
      await discardBody(c.req.raw);
      throw new ApiError("unauthorized", "A valid moderator token is required.", undefined, {
        "WWW-Authenticate": 'Bearer realm="parley-moderation"',
      });
    }
    c.set("actor", actor);
    await next();
  };
}
