/**
 * A reader token: what the browser that proved an address (by the link of a verification
 * mail) keeps, in localStorage, per site; never a cookie. Signed claims naming the site, a
 * row of `readers` and an expiry: the signature and the expiry are checked here, without
 * D1; the row (storage/readers.ts) is what makes a token revocable.
 */
import * as z from "zod";
import type { ReaderRefusal } from "../errors";
import { toBase64Url, type Keys } from "./keys";
import { openClaims, signClaims } from "./signed";

/** How long a browser stays verified before it must prove the address again. */
export const readerTokenDays = 180;

const claimsSchema = z.strictObject({
  site: z.string().min(1).max(100),
  reader: z.string().regex(/^[\w-]{16,40}$/),
  /** Unix seconds. */
  expires: z.number().int().positive(),
});

export type ReaderClaims = z.infer<typeof claimsSchema>;

/** A reader token's shape, told apart from an edit token (one part, no dot). */
export const looksLikeReaderToken = (token: string) => token.includes(".");

export const newReaderId = () => toBase64Url(crypto.getRandomValues(new Uint8Array(18)));

export function issueReaderToken(keys: Keys, claims: ReaderClaims): Promise<string> {
  return signClaims(keys, "reader-token", claims);
}

export type ReaderCheck = { ok: true; claims: ReaderClaims } | { ok: false; why: ReaderRefusal };

/** Whether the token is Parley's, for this site, and not expired (revocation is D1's to say). */
export async function checkReaderToken(
  keys: Keys,
  token: string,
  siteId: string,
  now: Date,
): Promise<ReaderCheck> {
  const parsed = claimsSchema.safeParse(await openClaims(keys, "reader-token", token));
  if (!parsed.success) return { ok: false, why: "invalid" };
  const claims = parsed.data;
  if (claims.site !== siteId) return { ok: false, why: "other-site" };
  if (!(claims.expires * 1000 > now.getTime())) return { ok: false, why: "expired" };
  return { ok: true, claims };
}
