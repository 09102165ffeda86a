// @ts-check
/**
 * One built page, as the static-site build step (scripts/static-comments.mjs) sees it:
 * where its comments element is, which thread the widget would show on it, and what a
 * previous run left there. Pure: strings in, strings out, no I/O.
 *
 * The page is never re-serialised. htmlparser2 tokenises it and reports where each tag
 * starts and ends in the text (startIndex/endIndex); the fragment replaces exactly what lies
 * between the element's start tag and its end tag, so every other byte stays as the site's
 * generator wrote it, and a second run replaces the first run's fragment.
 */
import { Parser } from "htmlparser2";

/** The element the widget mounts in when its script names no `data-target`. */
export const defaultTargetId = "parley-comments";

/**
 * @typedef {{ site?: string, pageKey?: string, sort?: string, target?: string, lang?: string }} EmbedData
 *   The embed script's data-* attributes the widget reads for its thread (widget/options.ts).
 * @typedef {{ tag: string, fields: Record<string, string> }} PreviousFragment
 *   A fragment a previous run put into the element: its tag (data-parley-fragment, the
 *   ETag it came with) and its form's hidden fields.
 * @typedef {object} PageFacts
 * @property {EmbedData | null} embed  the first `<script src=".../embed.js">`, if any
 * @property {string | null} canonical  `<link rel="canonical">`'s href as written
 * @property {string | null} baseHref  `<base href>` as written
 * @property {string | null} htmlLang  `<html lang>`
 * @property {string} targetId  the id of the element the comments go into
 * @property {{ start: number, end: number } | null} slot  the element's content, as offsets
 *   into the page; null when the page has no such element or it cannot be filled
 * @property {string | null} problem  why an element that is there cannot be filled
 * @property {PreviousFragment | null} previous
 */

/**
 * Reads what the build step needs from a page. The widget's own `data-target` wins over
 * `targetId`, as it does in the browser; it must then be a plain `#id`.
 * @param {string} html
 * @param {string} [targetId]
 * @returns {PageFacts}
 */
export function readPage(html, targetId = defaultTargetId) {
  const head = readHead(html);
  const wanted = head.embed?.target;
  if (wanted && !/^#[\w-]+$/.test(wanted)) {
    const problem = `its embed script's data-target="${wanted}" is not a plain #id`;
    return { ...head, targetId, slot: null, problem, previous: null };
  }
  const id = wanted ? wanted.slice(1) : targetId;
  return { ...head, targetId: id, ...findSlot(html, id) };
}

/**
 * The element's new content: `fragment` in place of whatever was between its tags.
 * @param {string} html
 * @param {{ start: number, end: number }} slot
 * @param {string} fragment
 */
export function spliceFragment(html, slot, fragment) {
  return html.slice(0, slot.start) + fragment + html.slice(slot.end);
}

/**
 * @param {string} html
 * @returns {Pick<PageFacts, "embed" | "canonical" | "baseHref" | "htmlLang">}
 */
function readHead(html) {
  /** @type {EmbedData | null} */
  let embed = null;
  /** @type {string | null} */
  let canonical = null;
  let canonicalSeen = false;
  /** @type {string | null} */
  let baseHref = null;
  /** @type {string | null} */
  let htmlLang = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        // querySelector('link[rel="canonical"]') matches the attribute exactly and takes the
        // first; one without an href gives the widget no canonical address at all.
        if (name === "link" && attributes.rel === "canonical" && !canonicalSeen) {
          canonicalSeen = true;
          canonical = attributes.href ?? null;
        } else if (name === "base" && attributes.href !== undefined && baseHref === null) {
          baseHref = attributes.href;
        } else if (name === "html" && htmlLang === null) {
          htmlLang = attributes.lang ?? "";
        } else if (
          name === "script" &&
          !embed &&
          /(^|\/)embed\.js([?#]|$)/.test(attributes.src ?? "")
        ) {
          embed = {
            site: attributes["data-site"],
            pageKey: attributes["data-page-key"],
            sort: attributes["data-sort"],
            target: attributes["data-target"],
            lang: attributes["data-lang"],
          };
        }
      },
    },
    parserOptions,
  );
  parser.write(html);
  parser.end();
  return { embed, canonical, baseHref, htmlLang };
}

/**
 * The first element with the id, from just after its start tag to just before its end tag.
 * htmlparser2 reports every close, implied ones and void elements' included, so counting
 * opens and closes finds the element's own end tag however much nests inside it.
 * @param {string} html
 * @param {string} id
 * @returns {{ slot: { start: number, end: number } | null, problem: string | null, previous: PreviousFragment | null }}
 */
function findSlot(html, id) {
  let depth = 0;
  /** @type {number | null} where the element opened: the depth inside it */
  let inside = null;
  let start = 0;
  /** @type {{ start: number, end: number } | null} */
  let slot = null;
  /** @type {string | null} */
  let problem = null;
  /** @type {PreviousFragment | null} */
  let previous = null;
  /** @type {Partial<import("htmlparser2").Handler>} */
  const handler = {
    onopentag(name, attributes) {
      depth++;
      if (slot || problem) return;
      if (inside === null) {
        if (attributes.id !== id) return;
        inside = depth;
        start = parser.endIndex + 1;
      } else if (attributes["data-parley-fragment"] !== undefined && !previous) {
        previous = { tag: attributes["data-parley-fragment"], fields: {} };
      } else if (previous && name === "input" && attributes.type === "hidden" && attributes.name) {
        previous.fields[attributes.name] ??= attributes.value ?? "";
      }
    },
    onclosetag(_name, isImplied) {
      if (inside !== null && depth === inside && !slot && !problem) {
        // A void element (`<input id=…>`), `<div id=… />` (an open tag in HTML) or an
        // element its parent closes has no end tag of its own to write before.
        if (isImplied) problem = `#${id} has no end tag of its own`;
        else slot = { start, end: parser.startIndex };
      }
      depth--;
    },
  };
  const parser = new Parser(handler, parserOptions);
  parser.write(html);
  parser.end();
  return { slot, problem, previous: slot ? previous : null };
}

/** Attributes as the DOM has them: names lowercased, character references decoded. */
const parserOptions = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

/**
 * Where a built file is served: its path under the site's root, below `baseUrl`. An
 * `index.html` is its folder's address (`posts/a/index.html` → `/posts/a/`); with
 * `cleanUrls`, as hosts such as Cloudflare Pages serve them, `about.html` is `/about`.
 * @param {string[]} segments  the file's path under the root, one folder per entry
 * @param {string} baseUrl
 * @param {boolean} cleanUrls
 */
export function servedAt(segments, baseUrl, cleanUrls) {
  const parts = [...segments];
  const last = parts.pop() ?? "";
  if (/^index\.html?$/i.test(last)) parts.push("");
  else parts.push(cleanUrls ? last.replace(/\.html?$/i, "") : last);
  // What a browser would put in location.pathname: the URL parser percent-encodes the
  // rest; %, ? and # would otherwise read as an escape, a query or a fragment.
  const path = parts.map((part) => part.replace(/[%?#\\]/g, encodeURIComponent)).join("/");
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  base.search = "";
  base.hash = "";
  return new URL(path, base);
}

/**
 * The thread the widget shows on this page, and the address its form comes back to,
 * exactly as widget/options.ts picks them: `data-page-key`, else the canonical link's
 * path, else the page's own; the canonical address when it is on the page's origin.
 * @param {PageFacts} page
 * @param {URL} location  where the page is served
 */
export function widgetPage(page, location) {
  const documentBase = page.baseHref === null ? location : tryUrl(page.baseHref, location);
  const canonical =
    page.canonical === null || !documentBase ? null : tryUrl(page.canonical, documentBase);
  const here = new URL(location.href);
  here.hash = "";
  return {
    key: page.embed?.pageKey || (canonical ? canonical.pathname : here.pathname),
    url: canonical?.origin === here.origin ? canonical.href : here.href,
  };
}

/**
 * The language the widget speaks on this page (data-lang, else `<html lang>`), which the
 * fragment is asked for; the Worker picks the nearest it has.
 * @param {PageFacts} page
 */
export function widgetLanguage(page) {
  return page.embed?.lang || page.htmlLang || null;
}

/**
 * @param {string} href
 * @param {URL} base
 */
function tryUrl(href, base) {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

/**
 * Seconds since a form token was issued: it starts with its issue time, in seconds and
 * base 36 (worker/domain/privacy.ts, issueFormToken). Null for anything else.
 * @param {string | undefined} token
 * @param {Date} now
 */
export function formTokenAgeSeconds(token, now) {
  const issuedAt = /^([0-9a-z]{1,10})\./.exec(token ?? "")?.[1];
  return issuedAt ? now.getTime() / 1000 - parseInt(issuedAt, 36) : null;
}
