/**
 * What a reader is told when the server says no, in their language: a field they can fix
 * next to that field, a wait from Retry-After, a retry when the server could not be
 * reached, and, for what only the site owner can fix, a plain sentence (the cause goes to
 * the console, for whoever looks).
 */
import type { ApiError } from "../api";
import { fill, type Strings } from "../i18n";
import type { Field, FieldErrors } from "./validate";

export interface Explained {
  /** Messages for the form's own fields. */
  fields: FieldErrors;
  /** A message for the form as a whole, when no field is to blame. */
  message: string;
  /** The reader can send the same again (nothing about it was wrong). */
  retry: boolean;
  /** The Turnstile check has to be done again. */
  verify: boolean;
}

/** "in 30 seconds", "in 2 minutes": when to come back, in the reader's language. */
function inTime(seconds: number, lang: string): string {
  const minutes = Math.round(seconds / 60);
  return new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(
    seconds < 90 ? Math.max(1, seconds) : minutes,
    seconds < 90 ? "second" : "minute",
  );
}

export function explain(
  error: unknown,
  s: Strings,
  lang: string,
  values: { body: string; email: string; maxLength: number },
): Explained {
  const failure = error as ApiError;
  const none: Explained = { fields: {}, message: "", retry: false, verify: false };
  // Unreachable, unavailable, or a gateway's hiccup: sending the same again is safe (the
  // Idempotency-Key makes a repeat of an accepted comment answer with that comment).
  if ([0, 502, 503, 504].includes(failure.status))
    return { ...none, message: s.offline, retry: true };
  if (failure.code === "rate_limited") {
    return {
      ...none,
      message: fill(s.rateLimited, { time: inTime(failure.retryAfter || 60, lang) }),
    };
  }
  if (failure.code === "duplicate") return { ...none, message: s.duplicate };
  if (failure.code === "thread_closed") return { ...none, message: s.closed };
  if (failure.code === "payload_too_large") {
    return { ...none, fields: { body: fill(s.tooLong, { n: values.maxLength }) }, message: "" };
  }
  if (failure.code === "invalid_input") {
    const fields: FieldErrors = {};
    let message = "";
    let verify = false;
    let unfixable = false;
    const byField: Record<string, () => void> = {
      body: () =>
        (fields.body = values.body.trim() ? fill(s.tooLong, { n: values.maxLength }) : s.required),
      "author.name": () => (fields.name = s.required),
      "author.email": () => (fields.email = values.email.trim() ? s.badEmail : s.required),
      "author.website": () => (fields.website = s.badUrl),
      parentId: () => (message = s.parentGone),
      turnstileToken: () => ((verify = true), (message = s.verify)),
    };
    for (const path of Object.keys(failure.fields)) {
      if (byField[path]) byField[path]!();
      else unfixable = true;
    }
    if (!unfixable) return { fields, message, retry: false, verify };
  }
  // The site's configuration, the page's address, the server itself: nothing the reader
  // can change. Say so plainly, and leave the cause where a developer will look.
  console.error(`[parley] posting failed: ${failure.status} ${failure.code}: ${failure.message}`);
  return { ...none, message: s.cannotPost };
}

export const fieldOrder: Field[] = ["body", "name", "email", "website"];
