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
 * Characters that are invisible or reorder text: controls, bidi embeddings, overrides and
 * isolates, and every "default ignorable" code point (zero-width spaces, Hangul fillers,
 * tag characters, variation selectors…), except the joiners and emoji presentation
 * selectors that names in Persian or with emoji need. Stripped from names and titles so
 * "Ann" cannot be displayed as someone else, and no name can flip the page around it.
 */
const invisibleCharacters =
  /(?!\u200C|\u200D|\uFE0E|\uFE0F)[\p{Cc}\p{Default_Ignorable_Code_Point}\u061C\u2028\u2029]/gu;

/** Marks beyond this many on one letter are dropped ("Zalgo" text spills over its line). */
const maxMarksPerLetter = 4;
const markPile = new RegExp(`(\\p{M}{${maxMarksPerLetter}})\\p{M}+`, "gu");

/**
 * Something a reader can see: a letter, digit, symbol or punctuation that is not itself a
 * blank (the braille blank U+2800 and the Hangul fillers look like nothing).
 */
const visibleCharacter = /(?![\u2800\u3164\u115F\u1160\uFFA0])[\p{L}\p{N}\p{S}\p{P}]/u;

/**
 * Plain text for display: trimmed, invisible characters removed, spaces collapsed, piles of
 * combining marks cut down. Text with nothing visible left becomes "", so a name made of
 * fillers counts as no name at all.
 */
export function cleanDisplayText(text: string): string {
  // Whitespace first, so "Ann<TAB>Lee" keeps its space before control characters go.
  const cleaned = text
    .replace(/\s+/g, " ")
    .replace(invisibleCharacters, "")
    .replace(markPile, "$1")
    .replace(/ {2,}/g, " ")
    .trim();
  return visibleCharacter.test(cleaned) ? cleaned : "";
}

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) in a comment body
 * could make the text around them read backwards ("price: 0001$"), so bodies lose them; the
 * marks that right-to-left writing legitimately uses (LRM, RLM, ALM) stay.
 */
export function cleanBodyText(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, "");
}

/**
 * A name the owner gives (a site's, a mail sender's): it reaches mail headers, so line
 * breaks and other control characters are refused rather than cleaned away unseen.
 */
export const ownerNameSchema = z
  .string()
  .trim()
  .min(1, "Give a name.")
  .max(200)
  .regex(/^\P{Cc}*$/u, "A name cannot hold line breaks or other control characters.");

/** A reader's name as published: plain text, cleaned; "" when nothing visible is left. */
export const authorNameSchema = z
  .string()
  .max(100, "A name has at most 100 characters.")
  .transform(cleanDisplayText);

export const pageTitleSchema = z
  .string()
  .max(300, "A page title has at most 300 characters.")
  .transform(cleanDisplayText);

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
