/**
 * Exported comment bodies are HTML; Parley stores Markdown and renders it itself. The
 * conversion goes through syntax trees (hast → mdast → Markdown), never string
 * replacement, and keeps only what Parley renders: paragraphs, line breaks, bold,
 * italic, code, code blocks, quotes, lists and links. Headings become bold paragraphs,
 * table rows paragraphs; images, scripts, styles, raw HTML and rules are dropped.
 */
import type { Root as HtmlRoot } from "hast";
import type { BlockContent, ListItem, Paragraph, PhrasingContent, RootContent } from "mdast";
import { toMdast } from "hast-util-to-mdast";
import { toMarkdown, type Options as MarkdownOptions } from "mdast-util-to-markdown";
import { htmlFragmentToTree } from "./html-tree";
import { paragraphsFromNewlines } from "./paragraphs";

export interface HtmlToMarkdownOptions {
  /** WordPress bodies: blank lines are paragraphs, single newlines line breaks. */
  newlinesAreBreaks?: boolean;
  /** Rewrites a system's own markup before conversion (foreign-markup.ts). */
  transformTree?: (tree: HtmlRoot) => void;
}

const markdownOptions: MarkdownOptions = {
  bullet: "-",
  emphasis: "*",
  strong: "*",
  fences: true,
  listItemIndent: "one",
};

const linkProtocols = new Set(["http:", "https:", "mailto:"]);

export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): string {
  const source = html.replace(/\r\n?/g, "\n");
  const children = /[<&]/.test(source)
    ? htmlToBlocks(source, options)
    : plainTextToBlocks(source, options);
  return toMarkdown({ type: "root", children }, markdownOptions).trim();
}

function htmlToBlocks(html: string, options: HtmlToMarkdownOptions): BlockContent[] {
  const hast = htmlFragmentToTree(html);
  options.transformTree?.(hast);
  if (options.newlinesAreBreaks) paragraphsFromNewlines(hast);
  const mdast = toMdast(hast);
  return toBlocks(mdast.type === "root" ? mdast.children : [mdast]);
}

/**
 * Most comments are plain text. Without a tag or entity there is nothing for an HTML
 * parser to do, and skipping it makes a large import several times faster; the result is
 * the one the HTML path gives (HTML whitespace collapsed, NBSP kept).
 */
function plainTextToBlocks(text: string, options: HtmlToMarkdownOptions): BlockContent[] {
  const collapse = (line: string): PhrasingContent => ({
    type: "text",
    value: line.replace(/[ \t\n\f\r]+/g, " "),
  });
  if (!options.newlinesAreBreaks) return toParagraphs([collapse(text)]);
  return text
    .split(/\n[ \t]*\n\s*/)
    .flatMap((paragraph) =>
      toParagraphs(
        paragraph
          .split(/[ \t]*\n\s*/)
          .flatMap((line, index) =>
            index === 0 ? [collapse(line)] : [{ type: "break" }, collapse(line)],
          ),
      ),
    );
}

/**
 * Names and titles: WordPress stores them HTML-escaped ("Ping 1 &laquo; What&#8217;s"),
 * so entities are decoded, but a "<" is kept as text rather than read as a tag.
 */
export function htmlToPlainText(value: string): string {
  let text = value;
  // Only an entity needs the parser; most names have none.
  if (value.includes("&")) {
    const tree = htmlFragmentToTree(value.replaceAll("<", "&lt;"));
    text = tree.children.map((child) => (child.type === "text" ? child.value : "")).join("");
  }
  return text.replace(/\s+/g, " ").trim();
}

function toBlocks(nodes: readonly RootContent[]): BlockContent[] {
  const blocks: BlockContent[] = [];
  let inline: PhrasingContent[] = [];
  const push = (...next: BlockContent[]) => {
    blocks.push(...toParagraphs(inline), ...next);
    inline = [];
  };
  for (const node of nodes) {
    switch (node.type) {
      case "paragraph":
        push(...toParagraphs(toInline(node.children)));
        break;
      case "heading": {
        const children = toInline(node.children);
        push(...toParagraphs(children.length > 0 ? [{ type: "strong", children }] : []));
        break;
      }
      case "blockquote": {
        const children = toBlocks(node.children);
        if (children.length > 0) push({ type: "blockquote", children });
        break;
      }
      case "list": {
        const items = node.children.map(toListItem).filter((item) => item.children.length > 0);
        const { ordered, start, spread } = node;
        if (items.length > 0) push({ type: "list", ordered, start, spread, children: items });
        break;
      }
      case "listItem":
        push(...toBlocks(node.children));
        break;
      case "code":
        // The language is dropped: Parley does not highlight, and it is text from the export.
        if (node.value.trim() !== "") push({ type: "code", value: node.value });
        break;
      case "table":
        push();
        for (const row of node.children) {
          const cells = row.children.map((cell) => toInline(cell.children));
          const separated = cells
            .filter((cell) => cell.length > 0)
            .flatMap((cell, index) =>
              index === 0 ? cell : [{ type: "text" as const, value: " | " }, ...cell],
            );
          push(...toParagraphs(separated));
        }
        break;
      case "thematicBreak":
      case "html":
      case "definition":
      case "footnoteDefinition":
        push();
        break;
      default:
        inline.push(...toInline([node]));
    }
  }
  push();
  return blocks;
}

function toListItem(item: ListItem): ListItem {
  return { type: "listItem", spread: item.spread, children: toBlocks(item.children) };
}

function toInline(nodes: readonly RootContent[]): PhrasingContent[] {
  const result: PhrasingContent[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case "text": {
        // Merged with a preceding text, which a dropped image may have left behind, so
        // "See <img> this" does not become "See  this".
        const previous = result.at(-1);
        if (previous?.type !== "text") result.push({ type: "text", value: node.value });
        else if (/\s$/.test(previous.value)) previous.value += node.value.trimStart();
        else previous.value += node.value;
        break;
      }
      case "inlineCode":
        result.push({ type: node.type, value: node.value });
        break;
      case "break":
        result.push({ type: "break" });
        break;
      case "strong":
      case "emphasis": {
        const children = toInline(node.children);
        if (children.some(hasContent)) result.push({ type: node.type, children });
        break;
      }
      case "link": {
        const children = toInline(node.children);
        if (!isAllowedUrl(node.url)) result.push(...children);
        else
          result.push({
            type: "link",
            url: node.url,
            children: children.length > 0 ? children : [{ type: "text", value: node.url }],
          });
        break;
      }
      case "delete":
      case "linkReference":
      case "paragraph":
      case "heading":
      case "tableCell":
        result.push(...toInline(node.children));
        break;
      default:
      // Images (no tracking pixels), raw HTML, footnotes and block content that cannot
      // sit inside a line are left out.
    }
  }
  return result;
}

/**
 * Paragraphs without blank edges; none when nothing but whitespace is left. Two line
 * breaks in a row (`<br><br>`, or a dropped image between breaks) separate paragraphs,
 * which is what they looked like.
 */
function toParagraphs(children: readonly PhrasingContent[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: PhrasingContent[] = [];
  let breaks = 0;
  const flush = () => {
    const start = current.findIndex(hasContent);
    const end = current.findLastIndex(hasContent);
    if (start !== -1)
      paragraphs.push({ type: "paragraph", children: trimEdges(current.slice(start, end + 1)) });
    current = [];
  };
  for (const node of children) {
    if (node.type === "break") breaks++;
    else if (hasContent(node)) breaks = 0;
    if (breaks >= 2) flush();
    else current.push(node);
  }
  flush();
  return paragraphs;
}

/** Leading and trailing spaces would otherwise be written out as `&#x20;`. */
function trimEdges(children: PhrasingContent[]): PhrasingContent[] {
  const first = children[0];
  if (first?.type === "text") children[0] = { type: "text", value: first.value.trimStart() };
  const last = children.at(-1);
  if (last?.type === "text")
    children[children.length - 1] = { type: "text", value: last.value.trimEnd() };
  return children;
}

function hasContent(node: PhrasingContent): boolean {
  if (node.type === "break") return false;
  if (node.type === "text") return node.value.trim() !== "";
  return true;
}

function isAllowedUrl(url: string): boolean {
  try {
    return linkProtocols.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
