import * as z from "zod";

/** Site ids appear in URLs and embed snippets: short, lowercase, unambiguous. */
export const siteIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Use 1–63 lowercase letters, digits, - or _.");

/** A thread key: by default the path of the article's canonical URL. */
export const pageKeySchema = z
  .string()
  .min(1, "Give the page key.")
  .max(500, "A page key has at most 500 characters.")
  .refine((key) => !/\p{Cc}/u.test(key), "A page key cannot contain control characters.");

export const commentIdSchema = z.string().regex(/^c_[A-Za-z0-9_-]{8,40}$/, "Not a comment id.");

/**
 * Characters that are invisible or reorder text. Stripped from names so "Ann" cannot
 * be displayed as someone else, and no name can flip the direction of the page around it.
 */
const invisibleCharacters = /[\p{Cc}\u061C\u200B\u200E\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/gu; // ZWJ stays: emoji need it

/** Plain text for display: trimmed, control/format characters removed, spaces collapsed. */
export function cleanDisplayText(text: string): string {
  // Whitespace first, so "Ann<TAB>Lee" keeps its space before control characters go.
  return text.replace(/\s+/g, " ").replace(invisibleCharacters, "").trim();
}

/** An http(s) URL, stored as the URL parser's normalised href. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2000, "A URL has at most 2000 characters.")
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL starting with https://." });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Only http and https URLs are allowed." });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "A URL cannot carry a user name or password." });
      return z.NEVER;
    }
    return url.href;
  });

/** An origin such as `https://news.example` (scheme, host and port; nothing else). */
export const originSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter an origin such as https://news.example." });
      return z.NEVER;
    }
    const bare = url.pathname === "/" && !url.search && !url.hash && !url.username;
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) {
      ctx.addIssue({ code: "custom", message: "Enter an origin such as https://news.example." });
      return z.NEVER;
    }
    return url.origin;
  });

export const emailSchema = z
  .string()
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .pipe(z.email("Enter a valid email address."));

/** An opaque paging cursor as handed out in `nextCursor`. */
export const cursorSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/, "Not a valid cursor.");

export const isoTimeSchema = z.iso.datetime();
