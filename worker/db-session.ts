/**
 * D1 read replication through the Sessions API, for the public API and the feeds. A read
 * opens its session "first-unconstrained" (any replica, the nearest), or at the bookmark a
 * reader sends back (`?bookmark=`), so it sees at least that reader's own last write. A
 * write opens "first-primary" and answers with the session's bookmark in `Parley-Bookmark`.
 * Where replication is off every session runs on the primary and nothing else changes.
 * The moderation API stays on the binding itself: the primary, always current. The session
 * opens on the database of the request's site (site-databases.ts).
 */
import type { MiddlewareHandler } from "hono";
import * as z from "zod";
import type { AppEnv } from "./env";
import { requestDatabase } from "./site-databases";
import { parseInput } from "./validation";

export const bookmarkHeader = "Parley-Bookmark";

/** `?bookmark=` on any public request (documented on each by openapi.ts). */
export const bookmarkQuerySchema = z.object({
  bookmark: z
    .string()
    .regex(
      /^[0-9a-f-]{16,128}$/i,
      "Not a bookmark: send back the Parley-Bookmark header as it came.",
    )
    .optional(),
});

export function dbSession(): MiddlewareHandler<AppEnv> {
  return async function dbSession(c, next) {
    const reading = c.req.method === "GET" || c.req.method === "HEAD";
    const { bookmark } = parseInput(bookmarkQuerySchema, { bookmark: c.req.query("bookmark") });
    const session = (await requestDatabase(c)).withSession(
      reading ? (bookmark ?? "first-unconstrained") : "first-primary",
    );
    c.set("db", session);
    c.set("atBookmark", bookmark !== undefined);
    await next();
    const latest = session.getBookmark();
    if (!reading && latest) c.res.headers.set(bookmarkHeader, latest);
  };
}
