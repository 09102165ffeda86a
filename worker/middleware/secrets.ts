import type { MiddlewareHandler } from "hono";
import { deriveKeys } from "../domain/keys";
import { readSecrets } from "../config";
import type { AppEnv } from "../env";

/** Refuses to serve without its secrets, and makes the derived keys available to handlers. */
export function requireSecrets(): MiddlewareHandler<AppEnv> {
  return async function requireSecrets(c, next) {
    const secrets = readSecrets(c.env);
    c.set("keys", await deriveKeys(secrets.SECRET_KEY));
    c.set("moderatorToken", secrets.MODERATOR_TOKEN);
    await next();
  };
}
