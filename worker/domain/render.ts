/**
 * Comment bodies: Markdown in, safe HTML out, once, when a comment is written.
 *
 * Parsing is markdown-it's, with raw HTML off: its cost grows linearly with the input
 * (micromark, used before, took seconds on 10,000 characters of nested quotes and lists;
 * see bench/RESULTS.md). Version 14, whose plain constructors build tokens several times
 * faster than 15's compiled classes; package.json `overrides` gives it the same `entities`
 * as htmlparser2, so the Worker carries one HTML entity table, not two. Its own HTML renderer is not used: the HTML is *built* from the token
 * stream by an allowlist, so only the tokens below produce tags, every text is escaped, and
 * a link exists only with an absolute http(s) or mailto URL. Nothing is filtered out of an
 * HTML string afterwards, so there is no sanitizer to bypass.
 */
import markdownIt, { type MarkdownIt, type Token } from "markdown-it";

/**
 * How deep quotes and lists may nest. markdown-it stops parsing (and drops the rest of the
 * text) at this depth, so a body that reaches it is shown as the plain text it is.
 */
const maxNesting = 100;

/**
 * markdown-it is linear on most input, but a few constructs cost more the more of them a
 * body piles up: thousands of `[` (each one starts a search for its label's end), of `*`/`_`
 * and of links (each one normalised and checked). Past these counts, which no real comment
 * comes near, that construct stays plain text, so the worst 10,000 characters render in a
 * few milliseconds (bench/render.ts measures them).
 */
const limits = { brackets: 500, emphasisMarkers: 500, autolinkCandidates: 100 };

type Feature = "link" | "emphasis" | "linkify";

/** One parser per set of turned-off features, made when first needed. */
const parsers = new Map<string, MarkdownIt>();

function parserWithout(off: Feature[]): MarkdownIt {
  const key = off.join(",");
  let parser = parsers.get(key);
  if (!parser) {
    parser = createParser(off);
    parsers.set(key, parser);
  }
  return parser;
}

function createParser(off: Feature[]): MarkdownIt {
  const parser = markdownIt("commonmark", { html: false, linkify: true })
    // Constructs a comment has no use for stay plain text: "# 1 fan" is not a heading, "---"
    // not a rule, `![x](y)` not an image (no tracking pixels), `[x]: y` not a definition.
    .disable(["heading", "lheading", "hr", "html_block", "html_inline", "image", "reference"])
    // Bare URLs become links, as in every blog's comments.
    .enable(["linkify"]);
  if (off.length > 0) parser.disable(off);
  // The commonmark preset nests 20 deep; quotes in quotes in lists go further. (An option
  // markdown-it reads, though its type declarations leave it out.)
  Object.assign(parser.options, { maxNesting });
  // Like GitHub's autolinks: URLs with their scheme, "www." addresses and email addresses,
  // but not every "README.md" or "node.js" that ends in a top-level domain.
  parser.linkify.set({ fuzzyLink: false, fuzzyIP: false });
  parser.linkify
    .add("ftp:", null)
    .add("//", null)
    .add("www.", {
      validate: (text, pos) => wwwAddressLength(text.slice(pos)),
      normalize: (match) => {
        match.url = `http://${match.url}`;
      },
    });
  // A link's URL is normalised once, by the URL parser, when the HTML is built (safeHref);
  // here only its scheme is checked, so a disallowed link stays the text it was.
  parser.normalizeLink = (url) => url;
  parser.validateLink = (url) => allowedScheme.test(url);
  return parser;
}

/**
 * The length of the host (and port and path) after "www.": dot-separated labels ending in a
 * top-level domain of letters, then anything up to a space; punctuation that ends a sentence
 * is not part of the address.
 */
function wwwAddressLength(tail: string): number {
  const match =
    /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}(?::\d{1,5})?(?:[/?#][^\s<>"]*)?/u.exec(
      tail,
    );
  return match ? match[0].replace(/[.,:;!?'")\]]+$/, "").length : 0;
}

function countOf(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

const allowedProtocols = new Set(["http:", "https:", "mailto:"]);
const allowedScheme = /^\s*(?:https?:|mailto:)/i;

export const linkRel = "nofollow ugc noopener";

export function renderMarkdown(source: string): string {
  const off: Feature[] = [];
  if (countOf(source, /\[/g) > limits.brackets) off.push("link");
  if (countOf(source, /[*_]/g) > limits.emphasisMarkers) off.push("emphasis");
  if (countOf(source, /:\/\/|www\.|@/gi) > limits.autolinkCandidates) off.push("linkify");
  const tokens = parserWithout(off).parse(source, {});
  if (tokens.some((token) => token.level >= maxNesting - 1)) return renderPlainText(source);
  return renderBlocks(tokens);
}

function renderPlainText(source: string): string {
  return `<p>${escapeHtml(source).replace(/\r\n?|\n/g, "<br>")}</p>`;
}

/** Counts the links a body renders to (explicit, `<…>` and bare URLs alike). */
export function countLinks(html: string): number {
  return html.split("<a href=").length - 1;
}

function renderBlocks(tokens: Token[]): string {
  let html = "";
  for (const token of tokens) {
    switch (token.type) {
      case "paragraph_open":
        // In a tight list an item's text sits directly in the <li>, as CommonMark renders it.
        if (!token.hidden) html += "<p>";
        break;
      case "paragraph_close":
        if (!token.hidden) html += "</p>";
        break;
      case "inline":
        html += renderInline(token.children ?? []);
        break;
      case "code_block":
      case "fence":
        html += `<pre><code>${escapeHtml(token.content.replace(/\n$/, ""))}</code></pre>`;
        break;
      case "blockquote_open":
        html += "<blockquote>";
        break;
      case "blockquote_close":
        html += "</blockquote>";
        break;
      case "bullet_list_open":
        html += "<ul>";
        break;
      case "bullet_list_close":
        html += "</ul>";
        break;
      case "ordered_list_open": {
        const start = Number(token.attrGet("start") ?? 1);
        html += start !== 1 ? `<ol start="${start}">` : "<ol>";
        break;
      }
      case "ordered_list_close":
        html += "</ol>";
        break;
      case "list_item_open":
        html += "<li>";
        break;
      case "list_item_close":
        html += "</li>";
        break;
      // Anything else (the disabled constructs cannot produce one) adds no markup.
    }
  }
  return html;
}

function renderInline(tokens: Token[]): string {
  let html = "";
  // Whether the current link was dropped (an unsafe URL): its text still shows, unlinked.
  const links: boolean[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case "text":
        html += escapeHtml(token.content);
        break;
      case "code_inline":
        html += `<code>${escapeHtml(token.content)}</code>`;
        break;
      // Readers expect the line breaks they typed to stay, as in every blog's comments.
      case "softbreak":
      case "hardbreak":
        html += "<br>";
        break;
      case "strong_open":
        html += "<strong>";
        break;
      case "strong_close":
        html += "</strong>";
        break;
      case "em_open":
        html += "<em>";
        break;
      case "em_close":
        html += "</em>";
        break;
      case "link_open": {
        const href = safeHref(String(token.attrGet("href") ?? ""));
        links.push(href !== null);
        if (href) html += `<a href="${escapeHtml(href)}" rel="${linkRel}">`;
        break;
      }
      case "link_close":
        if (links.pop()) html += "</a>";
        break;
      default:
        // Anything else is shown as its text.
        html += escapeHtml(token.content);
    }
  }
  return html;
}

/** The URL parser's normalised href, for absolute http(s)/mailto URLs only. */
function safeHref(url: string): string | null {
  // Checked before parsing: URL throws on most other input, and throwing costs ~20 µs a time.
  if (!allowedScheme.test(url)) return null;
  try {
    const parsed = new URL(url);
    return allowedProtocols.has(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

const htmlEscapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text as HTML: the one escape for everything the Worker writes as HTML. The renderer calls
 * it token by token; every other page and mail gets it through html.ts's templates.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}
