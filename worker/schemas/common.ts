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
  .regex(/^\P{Cc}*$/u, "A page key cannot contain control characters.");

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

/**
 * The host (and port) of the URLs and origins taken, written so JSON Schema can say it:
 * a name in ASCII labels whose last one starts with a letter (a numeric one would be read
 * as an IPv4 address), or an IPv4 address. A browser's location.href is already in this
 * form (an IDN host as punycode); IPv6 literals are not taken.
 */
const octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const port = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})";
const host = `(?:(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*|${octet}(?:\\.${octet}){3})(?::${port})?`;

/** An http(s) URL, stored as the URL parser's normalised href. */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2000, "A URL has at most 2000 characters.")
  .regex(
    new RegExp(`^[Hh][Tt][Tt][Pp][Ss]?://${host}(?:[/?#]\\S*)?$`),
    "Enter a full URL starting with https://.",
  )
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL starting with https://." });
      return z.NEVER;
    }
    return url.href;
  });

/** An origin such as `https://news.example` (scheme, host and port; nothing else). */
export const originSchema = z
  .string()
  .trim()
  .regex(
    new RegExp(`^[Hh][Tt][Tt][Pp][Ss]?://${host}/?$`),
    "Enter an origin such as https://news.example.",
  )
  .transform((value) => new URL(value).origin);

/**
 * An email address: zod's own rule for the part before @, and host labels that neither
 * start nor end with a hyphen, so every address taken also fits JSON Schema's `email`
 * format as validators check it (an answer that echoes it fits its documented schema).
 */
export const emailPattern =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

export const emailSchema = z
  .string()
  .trim()
  .max(254, "An email address has at most 254 characters.")
  .regex(emailPattern, "Enter a valid email address.");

/** An opaque paging cursor as handed out in `nextCursor`. */
export const cursorSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9_-]+$/, "Not a valid cursor.");

export const isoTimeSchema = z.iso.datetime();
