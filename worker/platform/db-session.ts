/**
 * D1 read replication through the Sessions API, for the public API and the feeds. A read
 * opens its session "first-unconstrained" (any replica, the nearest), or at the bookmark a
 * reader sends back (`?bookmark=`), so it sees at least that reader's own last write. A
 * write opens "first-primary" and answers with the session's bookmark in `Parley-Bookmark`,
 * signed: only a bookmark Parley handed out is honoured, so a made-up one can neither send
 * reads past the read cache nor ask D1 for a state that does not exist. Where replication
 * is off every session runs on the primary and nothing else changes. The moderation API
 * stays on the binding itself: the primary, always current. The session opens on the
 * database of the request's site (site-databases.ts).
 */
import type { MiddlewareHandler } from "hono";
import * as z from "zod";
import { constantTimeEqual, type Keys } from "../domain/keys";
import type { AppEnv } from "../env";
import { requestDatabase } from "./site-databases";
import { parseInput } from "../validation";

export const bookmarkHeader = "Parley-Bookmark";

/**
 * `?bookmark=` on any public request (documented on each by openapi.ts): a D1 bookmark and
 * Parley's signature of it. One without a signature (as versions before signing handed
 * out) is well-formed and ignored.
 */
export const bookmarkQuerySchema = z.object({
  bookmark: z
    .string()
    .regex(
      /^[0-9a-f-]{16,128}(\.[\w-]{22})?$/i,
      "Not a bookmark: send back the Parley-Bookmark header as it came.",
    )
    .optional(),
});

const signatureOf = async (keys: Keys, bookmark: string) =>
  (await keys.hmacBase64Url("bookmark", bookmark)).slice(0, 22);

/** The D1 bookmark inside a signed one, or null when Parley did not sign it. */
async function verifiedBookmark(keys: Keys, signed: string | undefined): Promise<string | null> {
  const [bookmark, signature] = signed?.split(".") ?? [];
  if (!bookmark || !signature) return null;
  return constantTimeEqual(await signatureOf(keys, bookmark), signature) ? bookmark : null;
}

export function dbSession(): MiddlewareHandler<AppEnv> {
  return async function dbSession(c, next) {
    const reading = c.req.method === "GET" || c.req.method === "HEAD";
    // Parsed only when sent, and only on reads: a write opens on the primary whatever it is
    // sent, so a bookmark there is ignored (the document declares it on reads alone).
    const given = reading ? c.req.query("bookmark") : undefined;
    const sent =
      given === undefined
        ? undefined
        : parseInput(bookmarkQuerySchema, { bookmark: given }).bookmark;
    const bookmark = reading ? await verifiedBookmark(c.get("keys"), sent) : null;
    const session = (await requestDatabase(c)).withSession(
      reading ? (bookmark ?? "first-unconstrained") : "first-primary",
    );
    c.set("db", session);
    c.set("session", session);
    c.set("atBookmark", bookmark);
    await next();
    const latest = session.getBookmark();
    if (!reading && latest) {
      c.res.headers.set(bookmarkHeader, `${latest}.${await signatureOf(c.get("keys"), latest)}`);
    }
  };
}
