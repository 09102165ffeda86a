/**
 * A single-page site for the browser tests: one document whose router moves between
 * articles with history.pushState, as Astro's view transitions, Next.js and SvelteKit do,
 * and shows each article's thread in one of four ways (`SpaMode`). The leak probe
 * (leak-probe.ts) runs before embed.js, and the router notes what was live before its
 * first thread (`window.__baseline`).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { leakProbeScript } from "./leak-probe";
import { env, uniqueSlug } from "./helpers";

/**
 * - `swap`: each page brings a new container, the old thread destroyed first (Astro's view
 *   transitions, Next.js pages): Parley.mount() and destroy().
 * - `keep`: one container for every page, the thread updated (a SvelteKit layout).
 * - `element`: each page brings its own <parley-comments> (removed with the old page).
 * - `element-keep`: one <parley-comments> whose page-key the router changes.
 */
export type SpaMode = "swap" | "keep" | "element" | "element-keep";

declare global {
  interface Window {
    /** What the router does on a link click: pushState, then the new article. */
    go(slug: string): Promise<void>;
    /** Leaves the articles: every thread taken down, the view emptied. */
    leave(): void;
  }
}

function routerScript(mode: SpaMode, site: string, refresh: string): string {
  return `
const mode = ${JSON.stringify(mode)};
const site = ${JSON.stringify(site)};
const view = document.getElementById("view");
let thread = null;
const whenParley = () =>
  new Promise((resolve) =>
    window.Parley ? resolve(window.Parley) : addEventListener("parley:ready", () => resolve(window.Parley), { once: true }));

async function show(slug) {
  document.title = "Article " + slug;
  window.__baseline ??= window.__live();
  const settings = { site, pageKey: "/articles/" + slug, pageTitle: document.title, refresh: ${JSON.stringify(refresh)} };
  const heading = '<h1 id="title">Article ' + slug + '</h1>';
  if (mode === "swap") {
    thread?.destroy();
    view.innerHTML = heading + '<div class="comments"></div>';
    const target = view.querySelector(".comments");
    const Parley = await whenParley();
    if (target.isConnected) thread = Parley.mount(target, settings);
  } else if (mode === "keep") {
    view.querySelector("h1")?.remove();
    view.insertAdjacentHTML("afterbegin", heading);
    if (thread) return thread.update(settings);
    const Parley = await whenParley();
    thread = Parley.mount(view.querySelector(".comments"), settings);
  } else if (mode === "element") {
    view.innerHTML = heading + '<parley-comments site="' + site + '" page-key="/articles/' + slug +
      '" page-title="Article ' + slug + '" refresh="${refresh}"></parley-comments>';
  } else {
    const element = view.querySelector("parley-comments");
    if (element) {
      view.querySelector("h1").outerHTML = heading;
      element.setAttribute("page-key", "/articles/" + slug);
      element.setAttribute("page-title", "Article " + slug);
    } else {
      view.innerHTML = heading + '<parley-comments site="' + site + '" page-key="/articles/' + slug +
        '" refresh="${refresh}"></parley-comments>';
    }
  }
}

window.go = (slug) => {
  const url = new URL(location.href);
  url.searchParams.set("article", slug);
  history.pushState({ slug }, "", url);
  return show(slug);
};
window.leave = () => {
  thread?.destroy();
  thread = null;
  view.replaceChildren();
};
document.querySelector("nav").addEventListener("click", (event) => {
  const link = event.target.closest("a[data-to]");
  if (!link) return;
  event.preventDefault();
  window.go(link.dataset.to);
});
addEventListener("popstate", () => show(new URL(location.href).searchParams.get("article")));
show(new URL(location.href).searchParams.get("article"));
`;
}

export interface SpaSite {
  /** The first article's address on the host origin. */
  url: (slug: string) => string;
}

/**
 * Writes a single-page site into the host's pages and gives its address. Its links name
 * `slugs`; every article's thread is `/articles/<slug>` on `site`.
 */
export async function writeSpaSite(
  mode: SpaMode,
  site: string,
  slugs: string[],
  { refresh = "1", containerHtml = "" } = {},
): Promise<SpaSite> {
  const { workerOrigin, pagesDir, hostOrigin } = env();
  const name = `${uniqueSlug(`spa-${mode}`)}.html`;
  const links = slugs.map((slug) => `<a href="?article=${slug}" data-to="${slug}">${slug}</a>`);
  // `keep` holds its container (with anything the test puts in it) across pages.
  const view = mode === "keep" ? `<div class="comments">${containerHtml}</div>` : containerHtml;
  const html = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A single-page site</title>
  <script>${leakProbeScript}</script>
  <script src="${workerOrigin}/embed.js" async></script>
</head>
<body>
  <nav>${links.join(" · ")}</nav>
  <main id="view">${view}</main>
  <script>${routerScript(mode, site, refresh)}</script>
</body>
</html>`;
  await writeFile(path.join(pagesDir, name), html);
  return { url: (slug) => `${hostOrigin}/pages/${name}?article=${slug}` };
}
