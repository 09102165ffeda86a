/**
 * The secrets a Parley Worker cannot run without. Setup generates the ones the Worker lacks
 * and never replaces one it has: SECRET_KEY is the root of the email encryption key, so a
 * new one would make every stored email unreadable.
 */
import { randomBytes } from "node:crypto";

export const REQUIRED_SECRETS = ["SECRET_KEY", "MODERATOR_TOKEN"] as const;

/** 48 random bytes, URL-safe: well past SECRET_KEY's 32 characters, easy to paste as a token. */
export function generateSecrets(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, randomBytes(48).toString("base64url")]));
}
