/**
 * Replies from elsewhere as Parley Markdown: Mastodon's HTML and Bluesky's text with its
 * link facets. What comes out is the Markdown source of a comment, rendered and sanitised
 * by render.ts exactly like a reader's (raw HTML off, links allowlisted), so a hostile
 * server's markup can cost a reply its formatting, never a reader their safety.
 *
 * Not the importers' converter (importers/html-to-markdown.ts): its syntax-tree stack
 * (htmlparser2, hast-util-to-mdast, mdast-util-to-markdown) is about 30 KiB gzip, most of
 * what the Worker's budget has left. Mastodon sends a small, sanitised set of tags (p, br,
 * a, span, b/strong, i/em, code, pre, blockquote, ul/ol/li), which a tag walker covers;
 * anything else is read as its text. Entities are decoded by `entities`, which markdown-it
 * brings into the bundle already.
 */
import { decodeHTML } from "entities";

/** A plain-text URL, made an autolink so escaping never splits it. */
const bareUrl = /https?:\/\/[^\s<>"'`]+[^\s<>"'`.,:;!?)\]]/g;

/** Text as Markdown that renders to the same text: what would be markup is escaped. */
export function escapeMarkdownText(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(bareUrl)) {
    out += escapeInline(text.slice(last, match.index));
    out += `<${match[0]}>`;
    last = match.index + match[0].length;
  }
  return out + escapeInline(text.slice(last));
}

function escapeInline(text: string): string {
  return (
    text
      .replace(/[\\`*_[\]<>~|]/g, "\\$&")
      // What starts a block at a line's start: a heading, a quote, a list, a fence.
      .replace(
        /^([ \t]*)([#>+-]|\d+[.)])/gm,
        (_, space: string, mark: string) => `${space}\\${mark}`,
      )
  );
}

/** A link's destination as Markdown takes it: http(s) only, with nothing that ends it early. */
function linkDestination(href: string): string | null {
  try {
    const url = new URL(href);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.href.replace(/[()\s<>]/g, (char) => encodeURIComponent(char));
  } catch {
    return null;
  }
}

function markdownLink(text: string, href: string): string {
  const destination = linkDestination(href);
  const label = text.trim() || href;
  return destination ? `[${label}](${destination})` : label;
}

/** Bluesky's link facet: a byte range of the text, and the full URL it stands for. */
export interface LinkFacet {
  byteStart: number;
  byteEnd: number;
  uri: string;
}

/**
 * A Bluesky post's text: plain, with links given as facets over its UTF-8 bytes (the text
 * shows "example.com/lo…", the facet holds the whole URL). Facets out of range or
 * overlapping are ignored.
 */
export function blueskyTextToMarkdown(text: string, facets: LinkFacet[]): string {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const sorted = facets
    .filter((facet) => facet.byteStart >= 0 && facet.byteEnd <= bytes.length)
    .filter((facet) => facet.byteStart < facet.byteEnd)
    .sort((a, b) => a.byteStart - b.byteStart);
  let out = "";
  let at = 0;
  for (const facet of sorted) {
    if (facet.byteStart < at) continue;
    out += escapeMarkdownText(decoder.decode(bytes.slice(at, facet.byteStart)));
    const label = decoder.decode(bytes.slice(facet.byteStart, facet.byteEnd));
    out += markdownLink(escapeInline(label), facet.uri);
    at = facet.byteEnd;
  }
  return (out + escapeMarkdownText(decoder.decode(bytes.slice(at)))).trim();
}

/** How deep quotes nest: a hostile post nesting thousands would repeat "> " on every line. */
const maxNesting = 5;

/**
 * Mastodon's status HTML as Markdown. Blocks become blank-line separated paragraphs, quotes
 * `> ` lines, list items `- `/`1. ` lines; inline tags their Markdown; links with an http(s)
 * href `[text](href)`; every other tag (span, u, del, anything unknown) only its text.
 * Scripts and styles are dropped with their content.
 */
export function mastodonHtmlToMarkdown(html: string): string {
  const writer = new MarkdownWriter();
  let skipping: string | null = null;
  for (const match of html.matchAll(
    /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--[\s\S]*?-->|([^<]+|<)/g,
  )) {
    const [, closing, rawName, attributes, text] = match;
    if (text !== undefined) {
      if (!skipping) writer.text(decodeHTML(text));
      continue;
    }
    if (!rawName) continue;
    const name = rawName.toLowerCase();
    if (skipping) {
      if (closing && name === skipping) skipping = null;
    } else if (name === "script" || name === "style" || name === "template") {
      if (!closing) skipping = name;
    } else {
      writer.tag(name, Boolean(closing), attributes ?? "");
    }
  }
  return writer.finish();
}

/** The Markdown being written: finished blocks, the line under way, and what is open. */
class MarkdownWriter {
  /** Finished blocks; list items (`tight`) follow each other on the next line, a tight list. */
  private blocks: { text: string; tight: boolean }[] = [];
  private line = "";
  private quoteDepth = 0;
  private lists: { ordered: boolean; next: number }[] = [];
  private links: { href: string; start: number }[] = [];
  private inPre = false;

  text(decoded: string) {
    this.line += this.inPre ? decoded : escapeMarkdownText(decoded.replace(/\s+/g, " "));
  }

  tag(name: string, closing: boolean, attributes: string) {
    switch (name) {
      case "p":
        return this.endBlock();
      case "br":
        this.line += this.inPre ? "\n" : "\\\n";
        return;
      case "blockquote":
        this.endBlock();
        this.quoteDepth = Math.min(maxNesting, Math.max(0, this.quoteDepth + (closing ? -1 : 1)));
        return;
      case "ul":
      case "ol":
        this.endBlock();
        if (closing) this.lists.pop();
        else this.lists.push({ ordered: name === "ol", next: 1 });
        return;
      case "li": {
        this.endBlock();
        const list = this.lists.at(-1);
        if (!closing) this.line = list?.ordered ? `${list.next++}. ` : "- ";
        return;
      }
      case "pre":
        if (closing) return this.endCode();
        this.endBlock();
        this.inPre = true;
        return;
      case "strong":
      case "b":
        return this.inline("**");
      case "em":
      case "i":
        return this.inline("*");
      case "code":
        return this.inline("`");
      case "a":
        return closing ? this.endLink() : this.startLink(attributes);
    }
  }

  finish(): string {
    this.endBlock();
    return this.blocks
      .map(
        ({ text, tight }, i) =>
          (i === 0 ? "" : tight && this.blocks[i - 1]!.tight ? "\n" : "\n\n") + text,
      )
      .join("");
  }

  private inline(mark: string) {
    if (!this.inPre) this.line += mark;
  }

  private startLink(attributes: string) {
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attributes);
    this.links.push({
      href: decodeHTML(href?.[1] ?? href?.[2] ?? href?.[3] ?? ""),
      start: this.line.length,
    });
  }

  private endLink() {
    const link = this.links.pop();
    if (!link || this.inPre) return;
    const label = this.line.slice(link.start);
    this.line = this.line.slice(0, link.start) + markdownLink(label, link.href);
  }

  /** A fence longer than any run of backticks in the code, so none of it ends it. */
  private endCode() {
    if (!this.inPre) return;
    const runs = [...this.line.matchAll(/`+/g)].map((run) => run[0].length + 1);
    const fence = "`".repeat(Math.max(3, ...runs));
    this.push([fence, ...this.line.replace(/\n+$/, "").split("\n"), fence]);
    this.line = "";
    this.inPre = false;
  }

  private endBlock() {
    const text = this.line.replace(/[ \t]+\n/g, "\n").trim();
    if (text) this.push(text.split("\n"));
    this.line = "";
  }

  private push(lines: string[]) {
    const prefix = "> ".repeat(this.quoteDepth);
    const text = lines.map((part) => prefix + part).join("\n");
    this.blocks.push({ text, tight: this.lists.length > 0 });
  }
}
