/**
 * The code blocks of a page of docs/, by the section they are in: tests run what the
 * documentation shows, so the two cannot drift apart.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Code, Heading, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";

export interface DocBlock {
  /** The `##` heading above the block. */
  section: string;
  /** The fence's language (```jsx → "jsx"). */
  lang: string;
  code: string;
}

const textOf = (node: Nodes): string =>
  "value" in node ? node.value : "children" in node ? node.children.map(textOf).join("") : "";

export function docBlocks(file: string): DocBlock[] {
  const markdown = readFileSync(path.resolve(import.meta.dirname, "../..", file), "utf8");
  const blocks: DocBlock[] = [];
  let section = "";
  for (const node of fromMarkdown(markdown).children) {
    if (node.type === "heading" && (node as Heading).depth === 2) section = textOf(node);
    if (node.type === "code") {
      const { lang, value } = node as Code;
      blocks.push({ section, lang: lang ?? "", code: value });
    }
  }
  return blocks;
}

/** The blocks of one section, which must be there, in the languages asked for, in order. */
export function sectionBlocks(blocks: DocBlock[], section: string, langs: string[]): string[] {
  const found = blocks.filter((block) => block.section === section);
  const got = found.map((block) => block.lang);
  if (got.join() !== langs.join()) {
    throw new Error(
      `"${section}" should hold blocks of ${langs.join(", ")}; it holds ${got.join(", ")}`,
    );
  }
  return found.map((block) => block.code);
}

/**
 * A template with each of its expressions (what `syntax` captures) replaced by the value
 * the test gives it; an expression the test did not foresee fails the test rather than
 * pass unfilled.
 */
export function fillTemplate(template: string, syntax: RegExp, values: Record<string, string>) {
  return template.replace(syntax, (_, expression: string) => {
    if (!(expression in values)) throw new Error(`no value for the expression ${expression}`);
    return values[expression]!;
  });
}

export const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
