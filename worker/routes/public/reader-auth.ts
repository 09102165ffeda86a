/**
 * Reader tokens on the public API: their claims checked before anything is read (a token
 * altered, of another site or expired is refused at once, 401), and their row looked up to
 * learn the address (a revoked token is refused then). A post reads the row in its facts
 * batch; the other routes here.
 */
import type { Context } from "hono";
import { checkReaderToken, type ReaderClaims } from "../../domain/reader-token";
import type { AppEnv } from "../../env";
import { ApiError, readerTokenRefused } from "../../errors";
import type { Database } from "../../storage/database";
import { findReader } from "../../storage/readers";

/** The claims of a reader token for the site, or 401 naming what is wrong with it. */
export async function readerClaims(
  c: Context<AppEnv>,
  token: string,
  siteId: string,
  now = new Date(),
): Promise<ReaderClaims> {
  const check = await checkReaderToken(c.get("keys"), token, siteId, now);
  if (!check.ok) throw readerTokenRefused(check.why);
  return check.claims;
}

/** The address a looked-up reader row stands for, or 401: the row is gone (revoked, expired). */
export function requireReaderRow(emailHash: string | null): string {
  if (emailHash === null) throw readerTokenRefused("revoked");
  return emailHash;
}

/** A reader token checked and looked up: its claims and the address it proves. */
export async function readerOf(
  c: Context<AppEnv>,
  db: Database,
  token: string,
  siteId: string,
): Promise<{ claims: ReaderClaims; emailHash: string }> {
  const now = new Date();
  const claims = await readerClaims(c, token, siteId, now);
  const emailHash = requireReaderRow(
    await findReader(db, { id: claims.reader, siteId }, now.toISOString()),
  );
  return { claims, emailHash };
}

/** The token of `Authorization: Bearer …`: null without the header, "" if malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  return /^Bearer (\S+)$/i.exec(header)?.[1] ?? "";
}

/** The bearer token a route cannot go without, or 401 saying how to send it. */
export function requiredToken(header: string | undefined, what: string): string {
  const token = bearerToken(header);
  if (!token)
    throw new ApiError("unauthorized", `Send the ${what} as Authorization: Bearer <token>.`);
  return token;
}
