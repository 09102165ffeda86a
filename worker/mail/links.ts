/**
 * Links in Parley's mail: what they may do is written into the link itself and signed
 * (HMAC-SHA-256 under a key of its own, derived from SECRET_KEY), bound to the action, its
 * subject (a comment, a page, a site) and the recipient, with an expiry. Nothing is stored
 * to make one; moderation links also carry a nonce, recorded when used, so each works once.
 * A link opens a page (GET, which changes nothing: mail scanners follow links) whose button
 * POSTs the same token.
 */
import * as z from "zod";
import { toBase64Url, type Keys } from "../domain/keys";
import { openClaims, signClaims } from "../domain/signed";
import type { LinkAction } from "./strings";

export interface LinkClaims {
  /**
   * What the link does; `review` opens a page offering approve, spam and reject; `myPage`
   * is no mail's: it is what the "my comments" page's own forms carry for an hour.
   */
  action: LinkAction | "review" | "myPage";
  site: string;
  /** The comment a moderation link is about. */
  comment?: string;
  /** The thread a subscription link is about. */
  thread?: number;
  /** The recipient's email hash ("webhook:<keyed hash of its URL>" for a webhook's review link). */
  recipient: string;
  /** Unix seconds. */
  expires: number;
  /** Single-use links only. */
  nonce?: string;
  /** The page a reader asked from (verify, mine): the way back leads there. */
  back?: string;
}

export const moderationActions = ["approve", "spam", "reject"] as const;

/** Claims are ours (signed), but read as strictly as any input: an old format is refused. */
const claimsSchema = z.strictObject({
  action: z.enum([
    ...moderationActions,
    "confirm",
    "stopPage",
    "stopSite",
    "review",
    "verify",
    "mine",
    "myPage",
  ]),
  site: z.string().min(1).max(100),
  comment: z.string().min(1).max(100).optional(),
  thread: z.number().int().nonnegative().optional(),
  recipient: z.string().min(1).max(100),
  expires: z.number().int().positive(),
  nonce: z.string().min(1).max(40).optional(),
  back: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
});

export function signLink(keys: Keys, claims: LinkClaims): Promise<string> {
  return signClaims(keys, "mail-link", claims);
}

export type LinkCheck =
  | { ok: true; claims: LinkClaims }
  | { ok: false; why: "invalid" }
  /** Signed by Parley, so its claims can be trusted for the page's language and site. */
  | { ok: false; why: "expired"; claims: LinkClaims };

/** The claims of a link, if Parley signed it and it has not expired. */
export async function verifyLink(keys: Keys, token: string, now: Date): Promise<LinkCheck> {
  const parsed = claimsSchema.safeParse(await openClaims(keys, "mail-link", token));
  if (!parsed.success) return { ok: false, why: "invalid" };
  const claims: LinkClaims = parsed.data;
  if (!(claims.expires * 1000 > now.getTime())) return { ok: false, why: "expired", claims };
  return { ok: true, claims };
}

/** Expiry `days` from now, in the claims' unit. */
export const expiresIn = (now: Date, days: number) =>
  Math.floor(now.getTime() / 1000) + days * 86400;

export const newNonce = () => toBase64Url(crypto.getRandomValues(new Uint8Array(12)));
