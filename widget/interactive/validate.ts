/**
 * Client-side checks that mirror the server's (worker/schemas/reader.ts), so readers hear
 * about a missing field at once; the server's verdict still wins and is shown the same way.
 */
import type { Config } from "../api";
import { fill, type Strings } from "../i18n";

export type Field = "body" | "name" | "email" | "website";
export type FieldErrors = Partial<Record<Field, string>>;
export interface CommentValues {
  body: string;
  name: string;
  email: string;
  website: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Readers type "ann.example"; the server wants an http(s) URL. */
export function normalizeWebsite(raw: string): string {
  const value = raw.trim();
  if (!value) return "";
  return /^[a-z][a-z\d+.-]*:/i.test(value) ? value : `https://${value}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

type CheckedConfig = Pick<Config, "maxLength" | "requireName" | "requireEmail">;

export function validateComment(v: CommentValues, config: CheckedConfig, s: Strings): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.body.trim()) errors.body = s.required;
  else if (v.body.length > config.maxLength) errors.body = fill(s.tooLong, { n: config.maxLength });
  if (config.requireName && !v.name.trim()) errors.name = s.required;
  const email = v.email.trim();
  if (config.requireEmail && !email) errors.email = s.required;
  else if (email && !EMAIL.test(email)) errors.email = s.badEmail;
  const website = normalizeWebsite(v.website);
  if (website && !isHttpUrl(website)) errors.website = s.badUrl;
  return errors;
}

/** A random Idempotency-Key; randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
}
