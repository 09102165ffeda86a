/**
 * Parley's comments in your pages at the edge, for sites already behind Cloudflare: a
 * Worker in front of the site fetches the server-rendered thread (GET /api/comments.html)
 * while the page itself comes from the origin, and HTMLRewriter streams it into the
 * comments element. Readers without JavaScript and crawlers get the comments in the page;
 * the widget, when it starts, takes the fragment over (docs/server-rendering.md).
 *
 * Copy this file into your own Worker (it imports nothing), or see edge/example.ts.
 */

export interface IncludeOptions {
  /** Where Parley runs: its Worker's address (https://comments.example.com). */
  parley: string;
  /** The Parley site id of these pages. */
  site: string;
  /** The element the comments go into (the widget's target): `#parley-comments` by default. */
  selector?: string;
  /** The page key of an address: its path by default, as the widget's default key. */
  pageKey?: (url: URL) => string;
  /** The pages' language (`de`, `fr-CA`…; the widget's data-lang): English by default. */
  lang?: string | ((url: URL) => string);
  /** A service binding to the Parley Worker, if you have one; `fetch` to `parley` otherwise. */
  service?: { fetch(request: Request): Promise<Response> };
  /** How long to wait for Parley before serving the page without the fragment (ms). */
  timeoutMs?: number;
}

/** The fragment's address for a page. */
export function fragmentUrl(pageUrl: URL, options: IncludeOptions): string {
  const page = new URL(pageUrl.href);
  page.hash = "";
  const query = new URLSearchParams({
    site: options.site,
    page: options.pageKey ? options.pageKey(page) : page.pathname,
    url: page.href,
  });
  const lang = typeof options.lang === "function" ? options.lang(page) : options.lang;
  if (lang) query.set("lang", lang);
  return `${options.parley.replace(/\/+$/, "")}/api/comments.html?${query}`;
}

/**
 * The page with the thread inside its comments element; pass the origin's answer while it
 * is still on its way, and both requests travel at once. Anything but a successful HTML
 * answer to a GET passes unchanged, and so does the page when Parley does not answer in
 * time: the widget then renders the comments itself, as on any page.
 */
export async function includeComments(
  request: Request,
  pageAnswer: Response | Promise<Response>,
  options: IncludeOptions,
): Promise<Response> {
  const fragmentAnswer =
    request.method === "GET" ? fetchFragment(new URL(request.url), options) : null;
  const page = await pageAnswer;
  const isHtml = /^text\/html\b/i.test(page.headers.get("Content-Type") ?? "");
  if (!fragmentAnswer || !page.ok || !isHtml) return page;
  const fragment = await fragmentAnswer;
  if (fragment === null) return page;
  let placed = false;
  return new HTMLRewriter()
    .on(options.selector ?? "#parley-comments", {
      element(element) {
        // One thread per page, in the first element that matches.
        if (placed) return;
        placed = true;
        element.setInnerContent(fragment, { html: true });
      },
    })
    .transform(page);
}

async function fetchFragment(pageUrl: URL, options: IncludeOptions): Promise<string | null> {
  const request = new Request(fragmentUrl(pageUrl, options), {
    headers: { Accept: "text/html" },
    signal: AbortSignal.timeout(options.timeoutMs ?? 1500),
  });
  try {
    const response = await (options.service ?? globalThis).fetch(request);
    if (!response.ok) return null;
    return await response.text();
  } catch {
    return null;
  }
}
