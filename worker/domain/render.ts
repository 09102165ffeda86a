/**
 * Comment bodies: Markdown in, safe HTML out, once, when a comment is written.
 *
 * Parsing is micromark's (via mdast-util-from-markdown), which never passes raw HTML
 * through. The HTML is then *built* from the syntax tree by an allowlist: only the node
 * types below produce tags, every text is escaped, and a link survives only with an
 * http(s) or mailto URL. Nothing is filtered out of an HTML string afterwards, so there is
 * no sanitizer to bypass.
 */
import type { Nodes, Parents } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmAutolinkLiteralFromMarkdown } from "mdast-util-gfm-autolink-literal";
import { gfmAutolinkLiteral } from "micromark-extension-gfm-autolink-literal";

/**
 * Markdown constructs a comment has no use for. Turned off in the parser, they stay plain
 * text: "# 1 fan" is not a heading, "---" not a rule, `![x](y)` not an image (no tracking
 * pixels), and HTML is never parsed as HTML.
 */
const disabledConstructs = [
  "headingAtx",
  "setextUnderline",
  "thematicBreak",
  "htmlFlow",
  "htmlText",
  "labelStartImage",
  "definition",
];

const allowedProtocols = new Set(["http:", "https:", "mailto:"]);

export const linkRel = "nofollow ugc noopener";

/**
 * How deep a comment may nest before it is shown as the plain text it is. Quotes and lists
 * nest through the markers that open a line (`> > - 1. …`), and each level costs the parser
 * time (quadratic: 10,000 characters of "- " took half a minute), so they are measured on
 * the source, before parsing; emphasis nests as deep as the body is long ("***…a…***"), and
 * each level costs this renderer a stack frame (a few thousand overflow it). No comment
 * needs more than a few levels.
 */
const maxNesting = 100;
const containerPrefix = /^(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)))+/gm;

/**
 * Emphasis delimiters cost micromark quadratic time when they pile up unmatched (10,000
 * characters of "*_*_…" took seconds), so past this many `*`/`_` a comment keeps them as
 * plain characters. Real comments stay far below it; code spans and blocks are unaffected.
 */
const maxEmphasisDelimiters = 500;

export function renderMarkdown(source: string): string {
  for (const [prefix] of source.matchAll(containerPrefix)) {
    if (prefix.length > maxNesting) return renderPlainText(source);
  }
  const delimiters = source.length - source.replace(/[*_]/g, "").length;
  const disabled =
    delimiters > maxEmphasisDelimiters ? [...disabledConstructs, "attention"] : disabledConstructs;
  const tree = fromMarkdown(source, {
    extensions: [gfmAutolinkLiteral(), { disable: { null: disabled } }],
    mdastExtensions: [gfmAutolinkLiteralFromMarkdown()],
  });
  if (depthOf(tree) > maxNesting) return renderPlainText(source);
  return renderNode(tree, false);
}

function renderPlainText(source: string): string {
  return `<p>${escapeHtml(source).replace(/\r\n?|\n/g, "<br>")}</p>`;
}

/** The depth of the deepest node, found without recursion (the tree may be thousands deep). */
function depthOf(root: Nodes): number {
  let deepest = 0;
  const pending: [Nodes, number][] = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    deepest = Math.max(deepest, depth);
    if ("children" in node) for (const child of node.children) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** Counts the links a body renders to (explicit, `<…>` and bare URLs alike). */
export function countLinks(html: string): number {
  return html.split("<a href=").length - 1;
}

function renderNode(node: Nodes, tight: boolean): string {
  switch (node.type) {
    case "root":
      return renderChildren(node, false);
    case "paragraph":
      // In a tight list an item's text sits directly in the <li>, as CommonMark renders it.
      return tight ? renderChildren(node, false) : `<p>${renderChildren(node, false)}</p>`;
    case "text":
      // Readers expect the line breaks they typed to stay, as in every blog's comments.
      return escapeHtml(node.value).replaceAll("\n", "<br>");
    case "break":
      return "<br>";
    case "strong":
      return `<strong>${renderChildren(node, false)}</strong>`;
    case "emphasis":
      return `<em>${renderChildren(node, false)}</em>`;
    case "inlineCode":
      return `<code>${escapeHtml(node.value)}</code>`;
    case "code":
      return `<pre><code>${escapeHtml(node.value)}</code></pre>`;
    case "blockquote":
      return `<blockquote>${renderChildren(node, false)}</blockquote>`;
    case "list": {
      const tag = node.ordered ? "ol" : "ul";
      const start =
        node.ordered && node.start != null && node.start !== 1 ? ` start="${node.start}"` : "";
      return `<${tag}${start}>${renderChildren(node, !node.spread)}</${tag}>`;
    }
    case "listItem":
      return `<li>${renderChildren(node, tight && !node.spread)}</li>`;
    case "link": {
      const href = safeHref(node.url);
      const text = renderChildren(node, false);
      return href ? `<a href="${escapeHtml(href)}" rel="${linkRel}">${text}</a>` : text;
    }
    default:
      // Anything the disabled constructs might still let through is shown as its text.
      if ("children" in node) return renderChildren(node, false);
      if ("value" in node && typeof node.value === "string") return escapeHtml(node.value);
      return "";
  }
}

function renderChildren(node: Parents, tight: boolean): string {
  return node.children.map((child) => renderNode(child, tight)).join("");
}

/** The URL parser's normalised href, for absolute http(s)/mailto URLs only. */
function safeHref(url: string): string | null {
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}
