/**
 * Normalising the loose fields of exports into what ImportedComment promises. Shared by
 * every importer; pure functions, no I/O.
 */
import { htmlToPlainText } from "./html-to-markdown";

export interface ThreadLocation {
  key: string;
  url: string | null;
}

/**
 * Query parameters that name the page itself on sites without pretty permalinks
 * (WordPress's `/?p=4`, `/?page_id=2`, `/?attachment_id=9`).
 */
const pageParameters = ["p", "page_id", "attachment_id"];

/**
 * Keys a thread like the widget does: the path of the page's URL. The query is kept only
 * when the path alone cannot tell pages apart — the site root or a script such as
 * `/index.php`, or a WordPress page parameter — so a stray `?utm_source=` on a Disqus link
 * does not split one page's discussion in two.
 */
export function locateThread(link: string): ThreadLocation | null {
  const trimmed = link.trim();
  if (trimmed === "") return null;
  let url: URL;
  try {
    // A base lets a path-only link ("/2014/test/") still yield its key; it has no url then.
    url = new URL(trimmed, "http://relative.invalid");
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const absolute = url.hostname !== "relative.invalid";
  const key = queryNamesPage(url) ? url.pathname + url.search : url.pathname;
  return { key, url: absolute ? url.href : null };
}

function queryNamesPage(url: URL): boolean {
  if (url.search === "") return false;
  return (
    url.pathname === "/" ||
    url.pathname.endsWith(".php") ||
    pageParameters.some((name) => url.searchParams.has(name))
  );
}

const wordpressTime = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * WordPress writes "2014-01-14 17:32:12" without a zone; the `_gmt` fields are UTC, the
 * others site-local (and the export does not say which zone that is). Unset dates are
 * "0000-00-00 00:00:00", which yields null.
 */
export function fromWordPressTime(value: string): string | null {
  const match = wordpressTime.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  if (year === 0) return null;
  const date = new Date(Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0));
  // Date.UTC rolls "02-30" over into March; a date that does not survive is not a date.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString();
}

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Disqus writes "2013-10-10T19:20:29Z". A time without a zone is read as UTC explicitly,
 * because Date.parse would read it in the machine's zone (UTC in Workers, not in Node).
 */
export function fromIsoTime(value: string): string | null {
  const trimmed = value.trim();
  const match = isoDate.exec(trimmed);
  if (!match) return null;
  const milliseconds = Date.parse(match[3] ? trimmed : `${trimmed}Z`);
  return Number.isNaN(milliseconds) ? null : new Date(milliseconds).toISOString();
}

export function normalizeEmail(value: string): string | null {
  const email = value.trim().toLowerCase();
  return email === "" ? null : email;
}

/** An http(s) URL or null, as the public API promises for `website`. */
export function normalizeWebsite(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Comment forms that do not check the website field (Waline, Twikoo) hold hosts without a
 * scheme ("blog.example"); those are read as https, the scheme a browser would try today.
 */
export function normalizeLooseWebsite(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "" || /^[a-z][a-z\d+.-]*:/i.test(trimmed)) return normalizeWebsite(trimmed);
  return normalizeWebsite(`https://${trimmed.replace(/^\/\//, "")}`);
}

export function normalizeAddress(value: string): string | null {
  const address = value.trim();
  return address === "" ? null : address;
}

/**
 * The author of a comment from a JSON export, whose name may hold HTML entities and whose
 * website may lack a scheme; absent values are "".
 */
export function readAuthor(name: string, email: string, website: string, address: string) {
  return {
    authorName: htmlToPlainText(name),
    authorEmail: normalizeEmail(email),
    authorWebsite: normalizeLooseWebsite(website),
    networkAddress: normalizeAddress(address),
  };
}
