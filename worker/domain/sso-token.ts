/**
 * Single sign-on with a site's own users (issue 27): the host page passes a payload its
 * server signed, and the Worker believes who it names only if the signature, the site and
 * the expiry are right. The format is a compact JWT with HS256 (docs/single-sign-on.md), so
 * a site can make one in a few lines in any language, with or without a JWT library.
 *
 * The key is the site's `ssoSecret` (shared with the site's server), not one derived from
 * SECRET_KEY as keys.ts's are: the site must be able to sign. Verification is WebCrypto's
 * `verify`, which compares in constant time. Pure: no I/O, the clock passed in.
 */
import * as z from "zod";
import { authorNameSchema, emailSchema, httpUrlSchema } from "../schemas/common";
import { fromBase64Url } from "./keys";

/** How far ahead a payload may expire: a page is signed when it is rendered, not for weeks. */
export const ssoMaxLifetimeSeconds = 24 * 60 * 60;
/** Clocks disagree a little: an expiry up to this much past the cap is still taken. */
const clockSkewSeconds = 60;

/** The claims Parley reads; their names are OpenID Connect's standard ones. */
export const ssoClaimsSchema = z.object({
  /** The user's id on the site: what bans, first-time moderation and privacy requests key on. */
  sub: z.string().min(1).max(200),
  name: authorNameSchema.pipe(z.string().min(1, "The payload's name is empty.")),
  email: emailSchema.optional(),
  /** Read but never shown: readers' browsers make no third-party requests (docs/privacy.md). */
  picture: httpUrlSchema.optional(),
  profile: httpUrlSchema.optional(),
  /** The site id the payload is for. */
  aud: z.string().min(1).max(100),
  /** Unix seconds. */
  exp: z.number().int().positive(),
  iat: z.number().int().positive().optional(),
});

export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

export type SsoRefusal =
  | "malformed"
  | "algorithm"
  | "signature"
  | "claims"
  | "other-site"
  | "expired"
  | "too-long"
  | "not-enabled";

/** A payload read but not yet believed: its claims, and what its signature must cover. */
export interface SsoPayload {
  claims: SsoClaims;
  signedPart: string;
  signature: Uint8Array;
}

const decoder = new TextDecoder();

function decodeJson(part: string): unknown {
  if (!/^[\w-]+$/.test(part)) return null;
  try {
    return JSON.parse(decoder.decode(fromBase64Url(part)));
  } catch {
    return null;
  }
}

const headerSchema = z.object({ alg: z.string(), typ: z.string().optional() });

/**
 * The payload's parts, read without the secret (the posting path looks the user up in the
 * same round trip that reads the site, and so its secret): nothing is believed until
 * `verifySsoPayload` passes.
 */
export function readSsoPayload(token: string): SsoPayload | SsoRefusal {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[2]) return "malformed";
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = headerSchema.safeParse(decodeJson(headerPart));
  if (!header.success) return "malformed";
  // Only HS256: "none" would need no secret, and an RS/ES key would be read as a secret.
  if (header.data.alg !== "HS256") return "algorithm";
  if (!/^[\w-]+$/.test(signaturePart)) return "malformed";
  const claims = ssoClaimsSchema.safeParse(decodeJson(claimsPart));
  if (!claims.success) return "claims";
  return {
    claims: claims.data,
    signedPart: `${headerPart}.${claimsPart}`,
    signature: fromBase64Url(signaturePart),
  };
}

/** Whether the payload is signed with the site's secret, for the site, and in date. */
export async function verifySsoPayload(
  payload: SsoPayload,
  site: { id: string; ssoSecret: string | null },
  now: Date,
): Promise<SsoRefusal | null> {
  if (!site.ssoSecret) return "not-enabled";
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(site.ssoSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const valid = await crypto.subtle.verify(
    "HMAC",
    key,
    payload.signature,
    encoder.encode(payload.signedPart),
  );
  if (!valid) return "signature";
  const { aud, exp } = payload.claims;
  if (aud !== site.id) return "other-site";
  const nowSeconds = now.getTime() / 1000;
  if (exp <= nowSeconds) return "expired";
  if (exp > nowSeconds + ssoMaxLifetimeSeconds + clockSkewSeconds) return "too-long";
  return null;
}
