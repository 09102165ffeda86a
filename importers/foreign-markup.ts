/**
 * Markup other comment systems write into bodies that means something only there, turned
 * into the text it shows before the body becomes Markdown (hast trees from html-tree.ts).
 */
import type { Element, ElementContent, Root } from "hast";
import { htmlToMarkdown } from "./html-to-markdown";

type Parent = Root | Element;

const hasClass = (element: Element, name: string) =>
  Array.isArray(element.properties.className) && element.properties.className.includes(name);

const textOf = (node: ElementContent): string =>
  node.type === "text"
    ? node.value
    : node.type === "element"
      ? node.children.map(textOf).join("")
      : "";

/**
 * Valine and old Waline start a reply with a link to the parent, `<a class="at"
 * href="#id">@nick </a> , `: an anchor on their page, nothing on Parley's, where the reply
 * sits under its parent anyway. It becomes the text "@nick", without the comma.
 */
export function unlinkReplyMentions(root: Root): void {
  replaceElements(root, (element, next) => {
    if (element.tagName !== "a" || !hasClass(element, "at")) return null;
    if (next?.type === "text") next.value = next.value.replace(/^\s*,\s*/, " ");
    return textOf(element).trim();
  });
}

/** Twikoo's OwO emoji are images (`<img class="tk-owo-emotion" alt="…">`): their alt text stays. */
export function emojiImagesToText(root: Root): void {
  replaceElements(root, (element) => {
    if (element.tagName !== "img" || !hasClass(element, "tk-owo-emotion")) return null;
    const alt = element.properties.alt;
    return typeof alt === "string" ? alt : "";
  });
}

/** Replaces each element `replacement` gives text for with that text, depth first. */
function replaceElements(
  parent: Parent,
  replacement: (element: Element, next: ElementContent | undefined) => string | null,
): void {
  parent.children.forEach((child, index) => {
    if (child.type !== "element") return;
    const text = replacement(child, parent.children[index + 1] as ElementContent | undefined);
    if (text === null) replaceElements(child, replacement);
    else parent.children[index] = { type: "text", value: text };
  });
}

/**
 * Bodies that are Markdown in one record and HTML in the next (Waline keeps raw Markdown
 * now, Valine and old Waline kept rendered HTML; Artalk converters carry the source's
 * HTML). Rendered HTML starts with a block or link tag; Markdown is kept as written, since
 * Parley renders Markdown itself.
 */
export function mixedBodyToMarkdown(body: string, transformTree?: (tree: Root) => void): string {
  if (/^\s*<(p|div|blockquote|pre|ul|ol|a|img|span|br|h[1-6])[\s/>]/i.test(body)) {
    return htmlToMarkdown(body, { transformTree });
  }
  return body.replace(/\r\n?/g, "\n").trim();
}
