/**
 * The edge include (edge/include.ts, edge/example.ts): a Worker in front of a site puts
 * Parley's server-rendered thread into its pages with HTMLRewriter. Parley here is the real
 * Worker, reached as a service binding; only the site's origin is a stand-in.
 */
import { exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import example from "../../edge/example";
import { fragmentUrl, includeComments } from "../../edge/include";
import { openSite, origin, postOk, unique } from "../helpers";

const parley = { fetch: (request: Request) => exports.default.fetch(request) };

const articleHtml = `<!doctype html><html><body><article><h1>Post</h1></article>
<div id="parley-comments"></div><script src="https://parley.test/embed.js" data-site="x" async></script>
<footer>end</footer></body></html>`;

const htmlPage = (body = articleHtml, status = 200) =>
  new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the edge include", () => {
  it("puts the thread into the comments element of the page", async () => {
    const site = await openSite();
    const page = unique("/posts/edge");
    const posted = await postOk({ site, page, body: "Seen without script" });
    const request = new Request(`${origin}${page}?utm=1#top`);
    const res = await includeComments(request, htmlPage(), {
      parley: "https://parley.test",
      site,
      service: parley,
    });
    const html = await res.text();
    expect(html).toMatch(
      new RegExp(
        `<div id="parley-comments"><section class="parley-thread"[^]*comment-${posted.comment.id}[^]*</section></div>`,
      ),
    );
    expect(html).toContain("<p>Seen without script</p>");
    expect(html).toContain("<footer>end</footer>");
    // The form brings the reader back to the page's own address.
    expect(html).toContain(`name="url" value="${origin}${page}?utm=1"`);
  });

  it("leaves anything but an HTML page alone, and the page when Parley fails", async () => {
    const options = { parley: "https://parley.test", site: "nosuchsite", service: parley };
    const image = new Response("GIF89a", { headers: { "Content-Type": "image/gif" } });
    expect(await includeComments(new Request(`${origin}/a.gif`), image, options)).toBe(image);
    const missing = htmlPage("gone", 404);
    expect(await includeComments(new Request(`${origin}/x`), missing, options)).toBe(missing);
    // The site does not exist: Parley answers 404, and the page goes out as it came.
    const unknownSite = htmlPage();
    expect(await includeComments(new Request(`${origin}/x`), unknownSite, options)).toBe(
      unknownSite,
    );
    const down = { fetch: () => Promise.reject(new Error("unreachable")) };
    const page = htmlPage();
    expect(
      await includeComments(new Request(`${origin}/x`), page, { ...options, service: down }),
    ).toBe(page);
  });

  it("names the page by its path, or by the site's own key", () => {
    const url = new URL(`${origin}/posts/one?ref=feed#c`);
    const byPath = new URL(fragmentUrl(url, { parley: "https://c.example/", site: "blog" }));
    expect(byPath.origin + byPath.pathname).toBe("https://c.example/api/comments.html");
    expect(byPath.searchParams.get("page")).toBe("/posts/one");
    expect(byPath.searchParams.get("url")).toBe(`${origin}/posts/one?ref=feed`);
    const byKey = new URL(
      fragmentUrl(url, {
        parley: "https://c.example",
        site: "blog",
        pageKey: (u) => u.pathname.split("/")[2]!,
      }),
    );
    expect(byKey.searchParams.get("page")).toBe("one");
    expect(byKey.searchParams.has("lang")).toBe(false);
    const inGerman = new URL(
      fragmentUrl(url, { parley: "https://c.example", site: "blog", lang: () => "de" }),
    );
    expect(inGerman.searchParams.get("lang")).toBe("de");
  });

  it("works as the worked example does: articles only, the origin's page and Parley fetched at once", async () => {
    const site = await openSite();
    const page = unique("/posts/example");
    await postOk({ site, page, body: "From the example" });
    const originFetch = vi.spyOn(globalThis, "fetch").mockImplementation(async () => htmlPage());
    const env = { PARLEY_URL: "https://parley.test", PARLEY_SITE: site, PARLEY: parley };
    const article = await example.fetch(new Request(`https://blog.example${page}`), env);
    expect(await article.text()).toContain("<p>From the example</p>");
    const other = await example.fetch(new Request("https://blog.example/about"), env);
    expect(await other.text()).not.toContain("parley-thread");
    expect(originFetch).toHaveBeenCalledTimes(2);
  });
});
