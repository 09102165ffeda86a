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

type Repository = string | { url?: string } | undefined;

/** GitHub's web address of package.json's `repository` ("owner/name", "github:owner/name", a git URL). */
function repositoryUrl(repository: Repository): string | null {
  const given = typeof repository === "string" ? repository : repository?.url;
  if (!given) return null;
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(given);
  if (shorthand) return `https://github.com/${shorthand[1]}`;
  return given.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** The README's button: Cloudflare's deploy flow for the repository, or nothing without one. */
function deployButton(repository: Repository): string {
  const url = repositoryUrl(repository);
  return url
    ? `[![Deploy to Cloudflare](https://deploy.workers.cloudflare.com/button)](https://deploy.workers.cloudflare.com/?url=${url})`
    : "";
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
    const sources = ["widget/options.ts", "widget/index.tsx", "widget/loader.ts"].filter((file) =>
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

  it("gives <parley-comments> every setting of the script tag but data-target, as its docs say", () => {
    const tag = [...read("docs/embedding.md").matchAll(/^\| `data-([a-z-]+)` +\|/gm)]
      .map((m) => m[1]!)
      .filter((name) => name !== "target");
    const watched = /watchedAttributes = \[([^\]]*)\]/.exec(read("widget/mount/attributes.ts"))!;
    const element = [...watched[1]!.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]!);
    expect(new Set(element)).toEqual(new Set(tag));
    const documented =
      /attributes are the tag's `data-\*` attributes without `data-` \(([^)]*)\)/.exec(
        read("docs/embedding.md").replace(/\s+/g, " "),
      )!;
    expect(new Set([...documented[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!))).toEqual(
      new Set(tag),
    );
  });

  it("shows the Deploy to Cloudflare button for package.json's repository, and none without one", () => {
    const expected = deployButton(JSON.parse(read("package.json")).repository);
    const block = /<!-- deploy-button:[^>]*-->\n([\s\S]*?)<!-- \/deploy-button -->/.exec(
      read("README.md"),
    );
    expect(block, "README.md keeps the deploy-button markers").not.toBeNull();
    // Without a repository there is no address to deploy from: no button, never a made-up one.
    expect(block![1]!.trim()).toBe(expected);
  });

  it("builds the button's address from every shape npm allows for `repository`", () => {
    const address = "https://deploy.workers.cloudflare.com/?url=https://github.com/owner/parley)";
    for (const repository of [
      "owner/parley",
      "github:owner/parley",
      "https://github.com/owner/parley",
      { type: "git", url: "git+https://github.com/owner/parley.git" },
    ]) {
      expect(deployButton(repository)).toContain(address);
    }
    expect(deployButton(undefined)).toBe("");
  });

  it("names every attribute recent.js reads", () => {
    const attributes = [...read("widget/recent.ts").matchAll(/\bdata\.([a-z][A-Za-z]*)/g)].map(
      (m) => `\`data-${m[1]!}\``,
    );
    const section = read("docs/embedding.md").split("**Recent comments in a sidebar.**")[1]!;
    expect(attributes.length).toBeGreaterThanOrEqual(5);
    for (const attribute of attributes) expect(section).toContain(attribute);
  });
});
