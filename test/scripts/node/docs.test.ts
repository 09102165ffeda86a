/**
 * The README and docs/ are the first thing a site owner reads: what they point at must
 * exist. Every relative link reaches a file (and its heading, when it names one), every
 * `npm run` they mention is a script, and the embed's attribute table lists exactly the
 * attributes the widget reads.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import GithubSlugger from "github-slugger";
import type { Heading, Link, Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const pages = [
  "README.md",
  "SECURITY.md",
  "THIRD-PARTY-NOTICES.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

function nodesOf<T extends Nodes>(tree: Nodes, type: T["type"]): T[] {
  const found: T[] = [];
  const visit = (node: Nodes) => {
    if (node.type === type) found.push(node as T);
    if ("children" in node) node.children.forEach(visit);
  };
  visit(tree);
  return found;
}

/** A heading's text as GitHub reads it for its anchor: the words, code included. */
const textOf = (node: Nodes): string =>
  "value" in node ? node.value : "children" in node ? node.children.map(textOf).join("") : "";

/** The anchors GitHub gives a page's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  const headings = nodesOf<Heading>(fromMarkdown(read(file)), "heading");
  return new Set(headings.map((heading) => slugger.slug(textOf(heading))));
}

describe("the documentation", () => {
  it.each(pages)("%s: every relative link reaches a file and its heading", (page) => {
    const broken: string[] = [];
    for (const { url } of nodesOf<Link>(fromMarkdown(read(page)), "link")) {
      if (/^[a-z]+:/i.test(url)) continue;
      const [target, anchor] = url.split("#") as [string, string | undefined];
      const file = target ? path.normalize(path.join(path.dirname(page), target)) : page;
      if (!existsSync(path.join(root, file))) broken.push(`${url} (no ${file})`);
      else if (anchor && file.endsWith(".md") && !anchorsOf(file).has(anchor)) {
        broken.push(`${url} (no heading #${anchor} in ${file})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("mentions only npm scripts that exist", () => {
    const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
    const mentioned = new Set(
      pages.flatMap((page) => [...read(page).matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!)),
    );
    expect([...mentioned].filter((name) => !scripts.includes(name))).toEqual([]);
    expect(mentioned.size).toBeGreaterThan(10);
  });

  it("lists exactly the script tag's attributes the widget reads", () => {
    const sources = ["widget/options.ts", "widget/loader.ts"].filter((file) =>
      existsSync(path.join(root, file)),
    );
    const read_ = sources.flatMap((file) =>
      [...read(file).matchAll(/\b(?:data|dataset)\.([a-z][A-Za-z]*)/g)].map(
        (m) => "data-" + m[1]!.replace(/[A-Z]/g, (letter) => "-" + letter.toLowerCase()),
      ),
    );
    const table = [...read("docs/embedding.md").matchAll(/^\| `(data-[a-z-]+)` +\|/gm)].map(
      (m) => m[1]!,
    );
    expect(new Set(table)).toEqual(new Set(read_));
    expect(table.length).toBeGreaterThanOrEqual(8);
  });
});
