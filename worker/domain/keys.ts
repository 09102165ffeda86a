/**
 * Every secret Parley uses is derived from SECRET_KEY with HKDF, one key per purpose, so a
 * leak or misuse of one (say, an avatar seed) reveals nothing about the others.
 * Pure WebCrypto; no I/O.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What each HMAC key is for (its HKDF info is `hmac:<purpose>`). */
export type HmacPurpose =
  | "email-hash"
  | "avatar"
  | "network"
  | "edit-token"
  | "form-token"
  | "dedup"
  | "mail-link"
  | "moderator-token"
  | "reader"
  | "mail-token"
  | "webhook"
  | "bookmark"
  | "reader-token"
  | "telegram"
  | "sso-user";

export interface Keys {
  /** HMAC-SHA-256 under the key of one purpose, as lowercase hex. */
  hmacHex(purpose: HmacPurpose, message: string): Promise<string>;
  /** HMAC-SHA-256 under the key of one purpose, as base64url. */
  hmacBase64Url(purpose: HmacPurpose, message: string): Promise<string>;
  encrypt(plaintext: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

const cache = new Map<string, Promise<Keys>>();

/**
 * The keys of every purpose for a secret, once per isolate and secret; each purpose's key
 * is derived when first used, so a fresh isolate's first request derives only its own
 * (a list one, a post six to eight) instead of all fourteen.
 */
export function deriveKeys(secret: string): Promise<Keys> {
  let keys = cache.get(secret);
  if (!keys) {
    keys = buildKeys(secret);
    cache.set(secret, keys);
    keys.catch(() => cache.delete(secret));
  }
  return keys;
}

const hmacAlgorithm = { name: "HMAC", hash: "SHA-256", length: 256 };
const emailAlgorithm = { name: "AES-GCM", length: 256 };

async function buildKeys(secret: string): Promise<Keys> {
  const root = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  const derived = new Map<string, CryptoKey>();
  const pending = new Map<string, Promise<CryptoKey>>();
  /** The key derived for `info`, derived (once; a failure is not kept) if not yet. */
  const keyFor = (info: string, algorithm: SubtleCryptoImportKeyAlgorithm, usages: string[]) => {
    const known = derived.get(info);
    if (known) return known;
    let key = pending.get(info);
    if (!key) {
      const params = {
        name: "HKDF",
        hash: "SHA-256",
        salt: encoder.encode("parley/v1"),
        info: encoder.encode(info),
      };
      key = crypto.subtle.deriveKey(params, root, algorithm, false, usages).then((made) => {
        derived.set(info, made);
        return made;
      });
      pending.set(info, key);
      key.finally(() => pending.delete(info)).catch(() => {});
    }
    return key;
  };
  const hmacKey = (purpose: HmacPurpose) => keyFor(`hmac:${purpose}`, hmacAlgorithm, ["sign"]);
  const emailKey = () => keyFor("aes-gcm:email", emailAlgorithm, ["encrypt", "decrypt"]);

  const sign = async (purpose: HmacPurpose, message: string) =>
    crypto.subtle.sign("HMAC", await hmacKey(purpose), encoder.encode(message));

  return {
    hmacHex: async (purpose, message) => toHex(await sign(purpose, message)),
    hmacBase64Url: async (purpose, message) => toBase64Url(await sign(purpose, message)),
    async encrypt(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv },
        await emailKey(),
        encoder.encode(plaintext),
      );
      const joined = new Uint8Array(iv.length + sealed.byteLength);
      joined.set(iv);
      joined.set(new Uint8Array(sealed), iv.length);
      return toBase64Url(joined);
    },
    async decrypt(sealed) {
      const bytes = fromBase64Url(sealed);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.subarray(0, 12) },
        await emailKey(),
        bytes.subarray(12),
      );
      return decoder.decode(plain);
    },
  };
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time flat.
  if (left.byteLength !== right.byteLength) {
    crypto.subtle.timingSafeEqual(left, left);
    return false;
  }
  return crypto.subtle.timingSafeEqual(left, right);
}

/** Every byte's two hex digits, so a digest is written by lookup (hashes run on every post). */
const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function toHex(buffer: ArrayBuffer): string {
  let hex = "";
  for (const byte of new Uint8Array(buffer)) hex += hexOfByte[byte];
  return hex;
}

export function toBase64Url(data: ArrayBuffer | Uint8Array): string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
