/**
 * What a Webmention's source page says, read without an HTML parser (the Worker carries
 * none): whether it links to the target (W3C Webmention §3.2.2: an `href` equal to the
 * target), its title, and its author where the page names one. Everything read here is
 * text: it becomes a comment's Markdown and is rendered and sanitised like any other.
 */
import { decodeHTML } from "entities";
import { escapeMarkdownText } from "./remote-markdown";

/** Whether the page has a link (`<a href>`) to the target, relative links resolved. */
export function linksTo(html: string, sourceUrl: string, target: string): boolean {
  const wanted = withoutFragment(target);
  for (const match of html.matchAll(
    /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi,
  )) {
    const href = decodeHTML(match[1] ?? match[2] ?? match[3] ?? "").trim();
    try {
      if (withoutFragment(new URL(href, sourceUrl).href) === wanted) return true;
    } catch {
      // Not a URL: not a link to the target.
    }
  }
  return false;
}

function withoutFragment(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  return parsed.href;
}

/** The page's `<title>` (or its first `<h1>`), as plain text; "" when it has none. */
export function titleOf(html: string): string {
  const match =
    /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  return match ? textOf(match[1]!) : "";
}

/** `<meta name="author" content="…">`, or null. */
export function authorOf(html: string): string | null {
  for (const match of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = match[0];
    if (!/\bname\s*=\s*["']?author["'\s/>]/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const text = content ? textOf(content[1] ?? content[2] ?? "") : "";
    if (text) return text;
  }
  return null;
}

/** The comment a mention becomes: a line saying where the page was mentioned. */
export function mentionBody(title: string, source: string): string {
  return `Mentioned this page in ${title ? `“${escapeMarkdownText(title)}”` : "a post"}: <${source}>`;
}

function textOf(fragment: string): string {
  return decodeHTML(fragment.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}
