/**
 * docs/recipes.md, run: each recipe's code blocks, read out of the page, put into pages
 * the host origin serves, and opened in Chromium against the local Worker. The frameworks
 * are not installed, so what they would do is done here (docs/recipes.md says how, per
 * recipe): templates filled in as their engines would, Astro's page swap done as its
 * router does, React's and Svelte's calls to the recipes' effects made as they make them.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import * as esbuild from "esbuild";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { docBlocks, escapeHtml, fillTemplate, sectionBlocks } from "./doc-code";
import { browserForFile, env, newPage, seedComment, uniqueEmail, uniqueSlug } from "./helpers";
import { expectNothingLive, leakProbeScript } from "./leak-probe";
import { frameworkStandIns } from "./framework-stand-ins";

const browser = browserForFile();
const blocks = docBlocks("docs/recipes.md");
const site = "e2e-open";
const EXAMPLE_ORIGIN = "https://comments.example.com";
/** A title with what templates must escape. */
const TITLE = `Tom & "Jerry" <1>`;

/** The docs' address and site id, made the test's. */
const local = (code: string) =>
  code
    .replaceAll(EXAMPLE_ORIGIN, env().workerOrigin)
    .replaceAll('data-site="blog"', `data-site="${site}"`);

/** An article with a comment of its own, for a recipe to show. */
async function article(name: string) {
  const slug = uniqueSlug(name);
  const body = `A comment on ${slug}`;
  await seedComment(site, slug, body, { name: "Ann", email: uniqueEmail("ann") });
  return { slug, key: `/articles/${slug}`, body };
}

/** Serves `html` from the host origin; the probe first in <head>, what it sees noted. */
async function serve(name: string, head: string, body: string): Promise<string> {
  const file = `${uniqueSlug(name)}.html`;
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escapeHtml(TITLE)}</title>
  <script>${leakProbeScript}; window.__baseline = window.__live();</script>
  ${head}
</head>
<body>
${body}
</body>
</html>`;
  await writeFile(path.join(env().pagesDir, file), html);
  return `${env().hostOrigin}/pages/${file}`;
}

/** Waits until the page shows the thread holding `body` (and its form). */
async function expectThread(page: Page, body: string, other?: string) {
  await page.locator("form button[type=submit]").waitFor();
  await expect
    .poll(async () => {
      const shown = (await page.locator("article .body").allTextContents()).join(" | ");
      return shown.includes(body) && (!other || !shown.includes(other));
    })
    .toBe(true);
}

/** The value a config block gives `name` (`origin = "…"`, `origin: …`, `"origin": "…"`). */
function configValue(config: string, name: string): string {
  const match = new RegExp(`"?${name}"?\\s*[=:]\\s*"?([^"\\s,}]+)"?`).exec(config);
  if (!match) throw new Error(`the config block gives no ${name}`);
  return match[1]!;
}

describe("the recipes for pages built on the server", () => {
  /**
   * Each template's expressions for the config's address and site id, the page's path and
   * its title (escaped, as each engine escapes what goes into an attribute), and those that
   * print nothing (Hugo's `with … end` around the partial).
   */
  const cases = [
    { section: "Plain HTML", langs: ["html"], syntax: null, names: {} },
    {
      section: "WordPress theme",
      langs: ["php"],
      syntax: /<\?php echo (.+?); \?>/g,
      names: {
        key: "esc_attr( wp_parse_url( get_permalink(), PHP_URL_PATH ) )",
        title: "esc_attr( get_the_title() )",
      },
    },
    {
      section: "Hugo",
      langs: ["toml", "go-html-template"],
      syntax: /\{\{ (.+?) \}\}/g,
      names: { origin: ".origin", site: ".site", key: "$.RelPermalink", title: "$.Title" },
      silent: ["with site.Params.parley", "end"],
    },
    {
      section: "Jekyll",
      langs: ["yaml", "liquid"],
      syntax: /\{\{ (.+?) \}\}/g,
      names: {
        origin: "site.parley.origin",
        site: "site.parley.site",
        key: "page.url",
        title: "page.title | escape",
      },
    },
    {
      section: "Eleventy",
      langs: ["json", "njk"],
      syntax: /\{\{ (.+?) \}\}/g,
      names: {
        origin: "parley.origin",
        site: "parley.site",
        key: "page.url",
        title: "title | escape",
      },
    },
  ];

  /** What the engine prints for each of a case's expressions, for the article at `key`. */
  function printed(
    { names, silent = [] }: { names: Partial<Record<string, string>>; silent?: string[] },
    key: string,
    config: string,
  ): Record<string, string> {
    const values: Record<string, string> = Object.fromEntries(silent.map((name) => [name, ""]));
    const given = {
      origin: () => configValue(config, "origin"),
      site: () => configValue(config, "site"),
      key: () => escapeHtml(key),
      title: () => escapeHtml(TITLE),
    };
    for (const [what, expression] of Object.entries(names)) {
      values[expression!] = given[what as keyof typeof given]();
    }
    return values;
  }

  it.each(cases)("$section: shows the article's thread", async (recipe) => {
    const { section, langs, syntax } = recipe;
    const code = sectionBlocks(blocks, section, langs);
    const template = code.at(-1)!;
    const config = code.length > 1 ? code[0]! : "";
    const { slug, key, body } = await article(section.split(" ")[0]!.toLowerCase());
    const html = syntax ? fillTemplate(template, syntax, printed(recipe, key, config)) : template;
    // The docs' address and site id (also those of the config blocks) made the test's.
    const url = await serve(
      slug,
      `<link rel="canonical" href="${env().hostOrigin}${key}">`,
      `<h1>An article</h1>\n${local(html)}`,
    );
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(url);
    await expectThread(page, body);
    // The title went into the page as text, escaped: the script tag still has its data-site.
    expect(await page.locator(`script[data-site="${site}"]`).count()).toBe(1);
    await context.close();
  });
});

describe("the recipes for single-page sites", () => {
  it("Astro: the component's element follows view transitions' page swaps, and leaves nothing behind", async () => {
    const [headScript, component] = sectionBlocks(blocks, "Astro (with view transitions)", [
      "astro",
      "astro",
    ]);
    const [a, b] = [await article("astro-a"), await article("astro-b")];
    // Astro drops is:inline from what it prints; the frontmatter's default site is the docs'.
    const head = local(headScript!.replace(" is:inline", ""));
    const markup = component!.replace(/^---[\s\S]*?---\s*/, "");
    const render = (key: string) =>
      markup.replace(/([\w-]+)=\{([^}]+)\}/g, (_, name: string, expression: string) => {
        const values: Record<string, string> = {
          site,
          "Astro.url.pathname": key,
          "Astro.props.title": TITLE,
        };
        if (!(expression in values)) throw new Error(`no value for {${expression}}`);
        return `${name}="${escapeHtml(values[expression]!)}"`;
      });
    const urlA = await serve("astro-a", head, `<h1>A</h1>${render(a.key)}`);
    const urlB = await serve("astro-b", head, `<h1>B</h1>${render(b.key)}`);
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(urlA);
    await expectThread(page, a.body);
    const html = await (await fetch(urlB)).text();
    // What <ClientRouter /> does on a link click: the new page's body in, the head kept.
    await page.evaluate(
      ([next, url]) => {
        const incoming = new DOMParser().parseFromString(next!, "text/html");
        document.dispatchEvent(new Event("astro:before-preparation"));
        document.dispatchEvent(new Event("astro:after-preparation"));
        history.pushState({}, "", url);
        document.dispatchEvent(new Event("astro:before-swap"));
        document.body.replaceWith(incoming.body);
        document.dispatchEvent(new Event("astro:after-swap"));
        document.dispatchEvent(new Event("astro:page-load"));
      },
      [html, urlB],
    );
    await expectThread(page, b.body, a.body);
    await page.evaluate(() => document.body.replaceChildren());
    await expectNothingLive(page);
    await context.close();
  });

  /** A recipe's modules, bundled for the page: its imports of the framework are stand-ins. */
  async function bundle(entry: string, lib: string, globalName: string): Promise<string> {
    const libCode = local(lib);
    const result = await esbuild.build({
      stdin: { contents: entry, loader: "jsx", resolveDir: import.meta.dirname },
      bundle: true,
      write: false,
      format: "iife",
      globalName,
      jsx: "automatic",
      target: "es2022",
      plugins: [
        {
          name: "recipe-imports",
          setup(build) {
            build.onResolve({ filter: /^(@\/lib\/parley|\$lib\/parley\.js)$/ }, () => ({
              path: "parley",
              namespace: "recipe",
            }));
            build.onResolve(
              { filter: /^(react|react\/jsx-runtime|next\/navigation|svelte|\$app\/navigation)$/ },
              (args) => ({ path: args.path, namespace: "stand-in" }),
            );
            build.onLoad({ filter: /.*/, namespace: "recipe" }, () => ({
              contents: libCode,
              loader: "js",
            }));
            build.onLoad({ filter: /.*/, namespace: "stand-in" }, (args) => ({
              contents: `export const { ${frameworkStandIns.exports[args.path]!.join(", ")} } = window.__framework;`,
              loader: "js",
            }));
          },
        },
      ],
    });
    return result.outputFiles[0]!.text;
  }

  /** Two articles, and a page that runs a recipe's bundle over a framework's stand-in. */
  async function openRecipePage(name: string, standIn: string, code: string) {
    const [a, b] = [await article(`${name}-a`), await article(`${name}-b`)];
    const url = await serve(
      name,
      "",
      `<main id="view"></main>
<script>${standIn}</script>
<script>${code}</script>`,
    );
    const context = await browser.current.newContext();
    const page = await newPage(context);
    await page.goto(url);
    return { a, b, context, page };
  }

  /** Moves to `key` and mounts the Next.js component there, as a new page of the app does. */
  const mountNext = (page: Page, key: string) =>
    page.evaluate(
      ([key, site]) => {
        history.pushState({}, "", key);
        window.__framework.router.pathname = key;
        window.__mounted = window.__framework.mount(
          window.__recipe.default,
          { site },
          document.getElementById("view")!,
        );
      },
      [key, site] as const,
    );

  it("Next.js: the effect shows each pathname's thread, its cleanup takes each down", async () => {
    const [lib, component] = sectionBlocks(blocks, "Next.js", ["js", "jsx"]);
    const code = await bundle(component!, lib!, "__recipe");
    const { a, b, context, page } = await openRecipePage("next", frameworkStandIns.react, code);
    await mountNext(page, a.key);
    await expectThread(page, a.body);
    // In a layout: the component stays, and the new pathname re-runs its effect.
    await page.evaluate((key) => {
      history.pushState({}, "", key);
      window.__framework.router.pathname = key;
      window.__mounted.rerender!();
    }, b.key);
    await expectThread(page, b.body, a.body);
    // In a page: the old page's component unmounts, the new one's mounts.
    await page.evaluate(() => window.__mounted.unmount());
    await mountNext(page, a.key);
    await expectThread(page, a.body, b.body);
    await page.evaluate(() => window.__mounted.unmount());
    await expectNothingLive(page);
    await context.close();
  });

  it("SvelteKit: onMount shows the thread, afterNavigate the next page's, onMount's cleanup takes it down", async () => {
    const [lib] = sectionBlocks(blocks, "Next.js", ["js", "jsx"]);
    const [component] = sectionBlocks(blocks, "SvelteKit", ["svelte"]);
    const script = /<script>([\s\S]*?)<\/script>/.exec(component!)![1]!;
    const markup = component!.split("</script>")[1]!;
    const [, tag, bound] = /<(\w+) bind:this=\{(\w+)\}/.exec(markup)!;
    // Svelte runs the script once per component, with its props; bind:this sets the variable.
    const imports = script.match(/^\s*import .*;$/gm) ?? [];
    const body = script
      .replace(/^\s*import .*;$/gm, "")
      .replace(/export let (\w+) = (.+);/g, "let $1 = props.$1 ?? $2;");
    const entry = `${imports.join("\n")}
export const tag = ${JSON.stringify(tag)};
export function create(props) {
  ${body}
  return { bind: (element) => { ${bound} = element; } };
}`;
    const code = await bundle(entry, lib!, "__recipe");
    const { a, b, context, page } = await openRecipePage("svelte", frameworkStandIns.svelte, code);
    await page.evaluate(
      ([key, props]) => {
        history.pushState({}, "", key);
        window.__mounted = window.__framework.mountSvelte(
          window.__recipe,
          props,
          document.getElementById("view")!,
        );
      },
      [a.key, { site }] as const,
    );
    await expectThread(page, a.body);
    await page.evaluate((key) => {
      history.pushState({}, "", key);
      window.__mounted.navigated!();
    }, b.key);
    await expectThread(page, b.body, a.body);
    await page.evaluate(() => window.__mounted.unmount());
    await expectNothingLive(page);
    await context.close();
  });
});
