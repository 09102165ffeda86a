/**
 * WordPress stores a comment as typed and adds the markup when it displays it (wpautop):
 * a blank line starts a paragraph, a single newline is a line break. HTML parsing would
 * collapse those newlines into spaces, so before converting we make them explicit <p> and
 * <br> elements in the parsed tree — on the tree rather than the string, so a blank line
 * inside <pre> or between list items is left alone.
 */
import type { Element, ElementContent, Root, Text } from "hast";

/** Elements that end a run of inline content, as in wpautop. */
const blockTags = new Set([
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]); // prettier-ignore

/** Block elements holding flow content, whose inline runs become paragraphs. */
const flowContainers = new Set([
  "article", "aside", "blockquote", "dd", "details", "div", "figure", "footer", "header",
  "li", "main", "section", "td", "th",
]); // prettier-ignore

/** Containers where a single paragraph stays bare, so a list stays a tight list. */
const tightContainers = new Set(["dd", "li", "td", "th"]);

/** Whose newlines mean what they say. */
const preformatted = new Set(["code", "pre", "script", "style", "textarea"]);

const blankLine = /\n[ \t\r]*\n\s*/;
const newline = /[ \t\r]*\n\s*/;

export function paragraphsFromNewlines(tree: Root): void {
  const children = tree.children.filter(
    (child): child is ElementContent => child.type !== "doctype",
  );
  tree.children = paragraphize(children, false);
}

function paragraphize(children: readonly ElementContent[], tight: boolean): ElementContent[] {
  const result: ElementContent[] = [];
  let run: ElementContent[] = [];
  const flush = () => {
    const paragraphs = splitParagraphs(run)
      .map((paragraph) => trimInline(breakLines(paragraph)))
      .filter((paragraph) => paragraph.length > 0);
    const [only] = paragraphs;
    if (tight && only && paragraphs.length === 1 && result.length === 0) result.push(...only);
    else for (const paragraph of paragraphs) result.push(element("p", paragraph));
    run = [];
  };
  for (const child of children) {
    if (child.type === "element" && blockTags.has(child.tagName)) {
      flush();
      transformBlock(child);
      result.push(child);
    } else {
      run.push(child);
    }
  }
  flush();
  return result;
}

function transformBlock(block: Element): void {
  if (preformatted.has(block.tagName)) return;
  if (flowContainers.has(block.tagName)) {
    block.children = paragraphize(block.children, tightContainers.has(block.tagName));
  } else if (
    block.children.some((child) => child.type === "element" && blockTags.has(child.tagName))
  ) {
    // Lists, tables and the like: only their block children hold text worth touching.
    for (const child of block.children) if (child.type === "element") transformBlock(child);
  } else {
    block.children = trimInline(breakLines(block.children));
  }
}

/** Splits a run of inline content at blank lines in its top-level text. */
function splitParagraphs(run: readonly ElementContent[]): ElementContent[][] {
  let current: ElementContent[] = [];
  const paragraphs = [current];
  for (const node of run) {
    if (node.type !== "text") {
      current.push(node);
      continue;
    }
    node.value.split(blankLine).forEach((part, index) => {
      if (index > 0) paragraphs.push((current = []));
      current.push(text(part));
    });
  }
  return paragraphs;
}

/** Turns every remaining newline into a <br>, descending into inline elements. */
function breakLines(nodes: readonly ElementContent[]): ElementContent[] {
  const result: ElementContent[] = [];
  for (const node of nodes) {
    if (node.type === "text") {
      node.value.split(newline).forEach((part, index) => {
        if (index > 0) result.push(element("br", []));
        if (part !== "") result.push(text(part));
      });
    } else {
      if (node.type === "element" && !preformatted.has(node.tagName)) {
        node.children = breakLines(node.children);
      }
      result.push(node);
    }
  }
  return result;
}

/** Drops whitespace and line breaks at either end; [] when nothing else is left. */
function trimInline(nodes: ElementContent[]): ElementContent[] {
  const isBlank = (node: ElementContent) =>
    (node.type === "text" && node.value.trim() === "") ||
    (node.type === "element" && node.tagName === "br") ||
    node.type === "comment";
  const start = nodes.findIndex((node) => !isBlank(node));
  if (start === -1) return [];
  const end = nodes.findLastIndex((node) => !isBlank(node));
  const trimmed = nodes.slice(start, end + 1);
  const first = trimmed[0];
  if (first?.type === "text") trimmed[0] = text(first.value.trimStart());
  const last = trimmed.at(-1);
  if (last?.type === "text") trimmed[trimmed.length - 1] = text(last.value.trimEnd());
  return trimmed;
}

function element(tagName: string, children: ElementContent[]): Element {
  return { type: "element", tagName, properties: {}, children };
}

function text(value: string): Text {
  return { type: "text", value };
}
