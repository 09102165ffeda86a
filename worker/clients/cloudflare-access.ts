/**
 * Cloudflare Access sign-in for the desk and the moderation API: behind Access, every
 * request carries `Cf-Access-Jwt-Assertion`, a JWT signed (RS256) with one of the team's
 * keys, published at https://<team>.cloudflareaccess.com/cdn-cgi/access/certs
 * (developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/).
 * Checked here: the signature, the algorithm, the issuer, the application's audience tag,
 * and the validity window. The answer is the signed-in email, or null.
 */
import * as z from "zod";
import { fromBase64Url } from "../domain/keys";

const keysTtlMs = 10 * 60_000;
const timeoutMs = 3000;

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kid: z.string(), kty: z.literal("RSA") })),
});
const headerSchema = z.object({ alg: z.literal("RS256"), kid: z.string() });
const claimsSchema = z.object({
  aud: z.union([z.string(), z.array(z.string())]),
  iss: z.string(),
  exp: z.number(),
  nbf: z.number().optional(),
  email: z.email(),
});

const cachedKeys = new Map<string, { until: number; keys: Promise<Map<string, CryptoKey>> }>();

/** The team's public keys by id, fetched at most every ten minutes per isolate. */
function teamKeys(teamDomain: string, now: number): Promise<Map<string, CryptoKey>> {
  const cached = cachedKeys.get(teamDomain);
  if (cached && cached.until > now) return cached.keys;
  const keys = (async () => {
    const response = await fetch(`https://${teamDomain}/cdn-cgi/access/certs`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`Access certs answered ${response.status}`);
    const { keys: jwks } = jwksSchema.parse(await response.json());
    const imported = await Promise.all(
      jwks.map(async (jwk) => {
        const { kid, ...material } = jwk;
        const key = await crypto.subtle.importKey(
          "jwk",
          material as JsonWebKey,
          { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
          false,
          ["verify"],
        );
        return [kid, key] as const;
      }),
    );
    return new Map(imported);
  })();
  // A failed fetch is not kept: the next request tries again.
  keys.catch(() => cachedKeys.delete(teamDomain));
  cachedKeys.set(teamDomain, { until: now + keysTtlMs, keys });
  return keys;
}

const decodeJson = (part: string): unknown =>
  JSON.parse(new TextDecoder().decode(fromBase64Url(part)));

export async function verifyAccessJwt(
  token: string,
  access: { teamDomain: string; audience: string },
  now = Date.now(),
): Promise<string | null> {
  try {
    const [head, body, signature, extra] = token.split(".");
    if (!head || !body || !signature || extra !== undefined) return null;
    const header = headerSchema.parse(decodeJson(head));
    const claims = claimsSchema.parse(decodeJson(body));
    const key = (await teamKeys(access.teamDomain, now)).get(header.kid);
    if (!key) return null;
    const signed = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      key,
      fromBase64Url(signature),
      new TextEncoder().encode(`${head}.${body}`),
    );
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const seconds = now / 1000;
    const valid =
      signed &&
      claims.iss === `https://${access.teamDomain}` &&
      audiences.includes(access.audience) &&
      claims.exp > seconds &&
      (claims.nbf === undefined || claims.nbf <= seconds + 60);
    return valid ? claims.email.toLowerCase() : null;
  } catch {
    return null;
  }
}
