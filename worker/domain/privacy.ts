/**
 * Personal data, reduced before it is stored: the email is sealed (AES-GCM) and matched by
 * keyed hash; the avatar seed, the network and the edit token are keyed hashes too. No
 * plain or unkeyed hash of an email is ever computed here, so none can leak.
 */
import { constantTimeEqual, type Keys } from "./keys";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface ProtectedAuthor {
  emailEncrypted: string | null;
  emailHash: string | null;
  avatar: string;
}

/**
 * Seals an author's email and derives their avatar seed. `emailHash` is passed in when the
 * caller already computed it (the posting path hashes once, to look the author up).
 */
export async function protectAuthor(
  keys: Keys,
  siteId: string,
  author: { name: string; email: string | null; emailHash?: string | null },
): Promise<ProtectedAuthor> {
  if (!author.email) {
    return {
      emailEncrypted: null,
      emailHash: null,
      avatar: await avatarSeed(keys, siteId, `name:${author.name}`),
    };
  }
  const email = normalizeEmail(author.email);
  const [emailEncrypted, emailHash, avatar] = await Promise.all([
    keys.encrypt(email),
    author.emailHash ?? hashEmail(keys, email),
    avatarSeed(keys, siteId, `email:${email}`),
  ]);
  return { emailEncrypted, emailHash, avatar };
}

/**
 * A signed-in user of the site (single sign-on) is known by the site and the user's id on
 * it, never by the email their payload may carry: the keyed hash of the pair stands where
 * an address's hash stands (`email_hash`), so bans, limits, first-time moderation and
 * privacy requests reach the user as they reach an address. Its own key, so it can never
 * equal an address's hash.
 */
export function ssoUserHash(keys: Keys, siteId: string, userId: string): Promise<string> {
  return keys.hmacHex("sso-user", `${siteId}\n${userId}`);
}

/** protectAuthor for a signed-in user: the email (if the site gave one) sealed, the avatar from the user id. */
export async function protectSsoAuthor(
  keys: Keys,
  siteId: string,
  user: { id: string; email: string | null; hash: string },
): Promise<ProtectedAuthor> {
  const [emailEncrypted, avatar] = await Promise.all([
    user.email ? keys.encrypt(normalizeEmail(user.email)) : null,
    avatarSeed(keys, siteId, `sso:${user.id}`),
  ]);
  return { emailEncrypted, emailHash: user.hash, avatar };
}

/**
 * The avatar seed of an author from elsewhere (a Mastodon or Bluesky account): drawn from
 * their profile's address like any other seed, so the reader's browser never fetches the
 * remote avatar (which would tell that server who reads the page).
 */
export function remoteAvatarSeed(keys: Keys, siteId: string, profile: string): Promise<string> {
  return avatarSeed(keys, siteId, `remote:${profile}`);
}

/**
 * The one door to a sealed email: every place that may see an address (moderators' views,
 * the export, the rules an edit meets, Akismet where the owner allows it, the mail asked
 * for) opens it here.
 */
export async function openEmail(keys: Keys, sealed: string | null): Promise<string | null> {
  return sealed ? keys.decrypt(sealed) : null;
}

/** The keyed hash moderators' bans, rate limits and privacy requests match an email by. */
export function hashEmail(keys: Keys, email: string): Promise<string> {
  return keys.hmacHex("email-hash", normalizeEmail(email));
}

/** Per site, so the same person cannot be followed from one site to another by avatar. */
async function avatarSeed(keys: Keys, siteId: string, identity: string): Promise<string> {
  return (await keys.hmacHex("avatar", `${siteId}\n${identity}`)).slice(0, 32);
}

export function hashNetwork(keys: Keys, address: string): Promise<string> {
  return keys.hmacHex("network", networkOf(address));
}

/**
 * The network a client address stands for. An IPv4 address is its own; an IPv6 client
 * usually holds a whole /64 and can pick any address in it, so bans and rate limits apply
 * to the /64 (otherwise changing the last bits would dodge them).
 */
export function networkOf(address: string): string {
  const trimmed = address.trim().toLowerCase();
  if (!trimmed.includes(":")) return trimmed;
  let canonical: string;
  try {
    // The URL parser validates the address and writes it in its canonical short form.
    canonical = new URL(`http://[${trimmed}]/`).hostname.slice(1, -1);
  } catch {
    return trimmed;
  }
  const [head = "", tail = ""] = canonical.split("::");
  const headGroups = head ? head.split(":") : [];
  const tailGroups = canonical.includes("::") && tail ? tail.split(":") : [];
  const zeros = Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return `${[...headGroups, ...zeros, ...tailGroups].slice(0, 4).join(":")}::/64`;
}

/** Same thread, same author, same text (whitespace-insensitive) → the same key. */
export function dedupKey(
  keys: Keys,
  threadKey: { siteId: string; key: string },
  author: { emailHash: string | null; name: string },
  body: string,
): Promise<string> {
  const who = author.emailHash ?? `name:${author.name}`;
  const text = body.trim().replace(/\s+/g, " ");
  return keys.hmacHex("dedup", [threadKey.siteId, threadKey.key, who, text].join("\n"));
}

/**
 * An edit token is an HMAC of the comment id: nothing to store, and only the server (and
 * whoever it handed the token to) can produce it.
 */
export function editTokenFor(keys: Keys, commentId: string): Promise<string> {
  return keys.hmacBase64Url("edit-token", commentId);
}

export async function isEditToken(keys: Keys, commentId: string, token: string): Promise<boolean> {
  return constantTimeEqual(await editTokenFor(keys, commentId), token);
}

/**
 * What the browser that confirmed an address's mail on a site keeps (the page after the
 * confirmation hands it over, `#parley-mail=`): with it, that browser's posts subscribe the
 * address at once. Bound to the address's time on file, so forgetting the address (or
 * unsubscribing from the site) voids it.
 */
export function mailTokenFor(
  keys: Keys,
  siteId: string,
  emailHash: string,
  addressSince: string,
): Promise<string> {
  return keys.hmacBase64Url("mail-token", `${siteId}\n${emailHash}\n${addressSince}`);
}

/** A form token says when a site's form was handed out, signed so it cannot be backdated. */
export async function issueFormToken(keys: Keys, siteId: string, now: Date): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000).toString(36);
  return `${issuedAt}.${await keys.hmacBase64Url("form-token", `${siteId}.${issuedAt}`)}`;
}

/** Seconds since the token was issued, or null for a missing, forged or expired token. */
export async function formTokenAge(
  keys: Keys,
  siteId: string,
  token: string | undefined,
  now: Date,
): Promise<number | null> {
  const [issuedAt, signature] = token?.split(".") ?? [];
  if (!issuedAt || !signature || !/^[0-9a-z]{1,10}$/.test(issuedAt)) return null;
  const expected = await keys.hmacBase64Url("form-token", `${siteId}.${issuedAt}`);
  if (!constantTimeEqual(expected, signature)) return null;
  const age = now.getTime() / 1000 - parseInt(issuedAt, 36);
  const maxAgeSeconds = 7 * 86400;
  return age >= -60 && age <= maxAgeSeconds ? Math.max(0, age) : null;
}
