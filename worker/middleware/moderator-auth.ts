import type { MiddlewareHandler } from "hono";
import { constantTimeEqual } from "../domain/keys";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";

/**
 * Bearer MODERATOR_TOKEN, compared in constant time. Only the Authorization header counts:
 * a token in a URL ends up in logs and browser history, so query strings are never read.
 */
export function moderatorAuth(): MiddlewareHandler<AppEnv> {
  return async function moderatorAuth(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (!token || !constantTimeEqual(token, c.var.moderatorToken)) {
      throw new ApiError("unauthorized", "A valid moderator token is required.", undefined, {
        "WWW-Authenticate": 'Bearer realm="parley-moderation"',
      });
    }
    await next();
  };
}
