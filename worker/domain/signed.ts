/**
 * Claims written into a token and signed (HMAC-SHA-256 under the key of one purpose), so
 * nothing is stored to make one: `<base64url JSON>.<signature>`. Mail links and reader
 * tokens are such tokens, each under a key of its own.
 */
import { constantTimeEqual, fromBase64Url, toBase64Url, type HmacPurpose, type Keys } from "./keys";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function signClaims(
  keys: Keys,
  purpose: HmacPurpose,
  claims: object,
): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(claims)));
  return `${payload}.${await keys.hmacBase64Url(purpose, payload)}`;
}

/**
 * The claims of a token signed for `purpose`, parsed as JSON (the caller's schema reads
 * them); null when it is not one: malformed, or its signature is not ours.
 */
export async function openClaims(
  keys: Keys,
  purpose: HmacPurpose,
  token: string,
): Promise<unknown> {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  if (!constantTimeEqual(await keys.hmacBase64Url(purpose, payload), signature)) return null;
  try {
    return JSON.parse(decoder.decode(fromBase64Url(payload)));
  } catch {
    return null;
  }
}
