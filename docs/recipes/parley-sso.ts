/**
 * Signs a user of your site for Parley's single sign-on (docs/single-sign-on.md): the value
 * of the embed's `data-sso`. Web-standard APIs only (WebCrypto), so it runs in Node 20+,
 * Deno, Bun and Cloudflare Workers alike. Keep `secret` on the server.
 */
export interface ParleyUser {
  /** The user's id on your site: what Parley keys bans, moderation and privacy requests on. */
  id: string;
  name: string;
  email?: string;
  avatarUrl?: string;
  profileUrl?: string;
}

const encoder = new TextEncoder();

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

const encodePart = (value: object) => base64url(encoder.encode(JSON.stringify(value)));

export async function signParleyUser(
  user: ParleyUser,
  site: string,
  secret: string,
  { ttlSeconds = 3600, now = Date.now() } = {},
): Promise<string> {
  const iat = Math.floor(now / 1000);
  const header = encodePart({ alg: "HS256", typ: "JWT" });
  // Undefined fields are left out by JSON.stringify.
  const claims = encodePart({
    sub: user.id,
    name: user.name,
    email: user.email,
    picture: user.avatarUrl,
    profile: user.profileUrl,
    aud: site,
    iat,
    exp: iat + ttlSeconds,
  });
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(`${header}.${claims}`));
  return `${header}.${claims}.${base64url(new Uint8Array(signature))}`;
}
