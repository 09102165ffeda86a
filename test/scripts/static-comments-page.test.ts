/**
 * The static-site build step's page handling (scripts/static-comments-page.mjs): where the
 * fragment goes, that nothing else in the page changes, and which thread the widget would
 * show. Pure functions, so they run here with the other unit tests; the CLI itself runs
 * against the real Worker in test/e2e/static-build.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  formTokenAgeSeconds,
  readPage,
  servedAt,
  spliceFragment,
  widgetLanguage,
  widgetPage,
  // @ts-expect-error: a plain ES module script (JSDoc types, checked by scripts/tsconfig.json)
} from "../../scripts/static-comments-page.mjs";

const fragment = (tag: string, token = "t0ken.sig") =>
  `<section class="parley-thread" data-parley-fragment="&quot;${tag}-html&quot;">` +
  `<ol class="comments"><li><article id="comment-c_1">Hi</article></li></ol>` +
  `<form><input type="hidden" name="site" value="blog">` +
  `<input type="hidden" name="url" value="https://blog.example/a?x=1&amp;y=2">` +
  `<input type="hidden" name="formToken" value="${token}"></form></section>`;

/** The page with `fragment` in its comments element, as the build step writes it. */
function fill(html: string, with_: string): string {
  const page = readPage(html);
  expect(page.problem).toBeNull();
  expect(page.slot).not.toBeNull();
  return spliceFragment(html, page.slot, with_);
}

describe("filling a page's comments element", () => {
  it("writes between the element's tags and leaves every other byte as it was", async () => {
    const before =
      "<!DOCTYPE html>\r\n<HTML><head><meta charset=utf-8><title>Ünïcode &amp; more</title></head>\r\n" +
      "<body><main data-x='a>b'><DIV class=comments data-note=\"<div>\" ID='parley-comments'  >";
    const after =
      "</DIV>\n<p>After</p>   <script>let a = '</div>';</script></main></body></HTML>\n";
    const html = fill(`${before}Loading comments…${after}`, fragment("one"));
    expect(html).toBe(`${before}${fragment("one")}${after}`);
  });

  it("replaces what a previous run put there, so a second run with the same answer changes nothing", async () => {
    const page = `<body><div id="parley-comments"></div><footer>f</footer></body>`;
    const once = fill(page, fragment("one"));
    expect(fill(once, fragment("one"))).toBe(once);
    const twice = fill(once, fragment("two"));
    expect(twice).toBe(fill(page, fragment("two")));
    expect(twice).not.toContain('"one-html"');
  });

  it("finds the element's own end tag past nested elements, void ones and self-closing syntax", async () => {
    const inner =
      "<div><div>deep</div></div><br><img src=x.png><br/><hr />" +
      "<p>unclosed paragraph<div>closes it</div><template><div></div></template>";
    const html = `<div id="outer"><div id="parley-comments">${inner}</div><div>sibling</div></div>`;
    const page = readPage(html);
    expect(html.slice(page.slot.start, page.slot.end)).toBe(inner);
  });

  it("reads the fragment a previous run left: its tag and its form's hidden fields", async () => {
    const page = readPage(
      `<div id="parley-comments">${fragment("one", "abc.def")}</div><input type="hidden" name="site" value="other">`,
    );
    expect(page.previous).toEqual({
      tag: '"one-html"',
      fields: { site: "blog", url: "https://blog.example/a?x=1&y=2", formToken: "abc.def" },
    });
    expect(readPage(`<div id="parley-comments"><p>placeholder</p></div>`).previous).toBeNull();
  });

  it("leaves a page without the element alone, wherever else its id is written", async () => {
    const html =
      `<!-- <div id="parley-comments"></div> --><a href="#parley-comments">Comments</a>` +
      `<p data-x='<div id="parley-comments">'>text</p><div id="parley-comments-count"></div>` +
      `<script>document.body.innerHTML = '<div id="parley-comments"></div>';</script>` +
      `<textarea><div id="parley-comments"></div></textarea>`;
    const page = readPage(html);
    expect(page.slot).toBeNull();
    expect(page.problem).toBeNull();
  });

  it("refuses an element it cannot write inside: a void one, or one with no end tag", async () => {
    expect(readPage(`<input id="parley-comments"><p>x</p>`).problem).toMatch(/no end tag/);
    // `/>` means nothing on a div in HTML: the browser reads an open div running on.
    expect(readPage(`<div id="parley-comments" /><p>x</p></body>`).problem).toMatch(/no end tag/);
    expect(readPage(`<section><div id="parley-comments"></section>`).problem).toMatch(/no end tag/);
    expect(readPage(`<input id="parley-comments">`).slot).toBeNull();
  });

  it("uses the element the embed script names in data-target, as the widget does", async () => {
    const html =
      `<div id="parley-comments">not this</div><div id="talk">this</div>` +
      `<script src="https://c.example/embed.js" data-site="blog" data-target="#talk"></script>`;
    const page = readPage(html);
    expect(page.targetId).toBe("talk");
    expect(html.slice(page.slot.start, page.slot.end)).toBe("this");
    expect(readPage(html.replace("#talk", "main .talk")).problem).toMatch(/not a plain #id/);
    expect(readPage(`<div id="talk"></div>`, "talk").slot).not.toBeNull();
  });
});

describe("the thread the widget shows on a built page", () => {
  const at = new URL("https://blog.example/posts/a/");
  const script = (attributes = "") =>
    `<script src="https://comments.example/embed.js" data-site="blog" ${attributes} async></script>`;

  it("is the page's path when nothing says otherwise, and the form comes back to the page", async () => {
    expect(widgetPage(readPage(script()), at)).toEqual({
      key: "/posts/a/",
      url: "https://blog.example/posts/a/",
    });
  });

  it("follows the canonical link's path, and its address where it is on the page's origin", async () => {
    const same = `<link rel="canonical" href="/posts/a-renamed/">${script()}`;
    expect(widgetPage(readPage(same), at)).toEqual({
      key: "/posts/a-renamed/",
      url: "https://blog.example/posts/a-renamed/",
    });
    const elsewhere = `<link rel="canonical" href="https://www.blog.example/posts/a/?amp=0">`;
    expect(widgetPage(readPage(elsewhere), at)).toEqual({
      key: "/posts/a/",
      url: "https://blog.example/posts/a/",
    });
    // A relative canonical link resolves against <base href>, as link.href does.
    const based = `<base href="https://blog.example/en/"><link rel="canonical" href="a/">`;
    expect(widgetPage(readPage(based), at).key).toBe("/en/a/");
    // Only the first canonical link counts, even one without an address.
    const first = `<link rel="canonical"><link rel="canonical" href="/other/">`;
    expect(widgetPage(readPage(first), at).key).toBe("/posts/a/");
  });

  it("takes data-page-key over everything, and reads the script's site and sort", async () => {
    const page = readPage(
      `<link rel="canonical" href="/b/">${script('data-page-key="post-42" data-sort="newest"')}`,
    );
    expect(widgetPage(page, at)).toEqual({ key: "post-42", url: "https://blog.example/b/" });
    expect(page.embed).toMatchObject({ site: "blog", sort: "newest" });
    expect(readPage(`<script src="/js/app.js" data-site="x"></script>`).embed).toBeNull();
  });

  it("speaks the script's data-lang, else the page's <html lang>", async () => {
    expect(widgetLanguage(readPage(`<html lang="de-AT"><body>${script()}`))).toBe("de-AT");
    expect(widgetLanguage(readPage(`<html lang="de">${script('data-lang="fr"')}`))).toBe("fr");
    expect(widgetLanguage(readPage(`<html><body>${script()}`))).toBeNull();
  });
});

describe("where a built file is served", () => {
  const base = "https://blog.example/";

  it("serves index.html as its folder and keeps other names, or drops .html with clean URLs", async () => {
    expect(servedAt(["index.html"], base, false).href).toBe("https://blog.example/");
    expect(servedAt(["posts", "a", "index.html"], base, false).href).toBe(
      "https://blog.example/posts/a/",
    );
    expect(servedAt(["about.html"], base, false).href).toBe("https://blog.example/about.html");
    expect(servedAt(["about.html"], base, true).href).toBe("https://blog.example/about");
  });

  it("puts the files below the base address's path and encodes names as a browser would", async () => {
    expect(servedAt(["a b", "ü?#%.html"], "https://user.example/project", false).href).toBe(
      "https://user.example/project/a%20b/%C3%BC%3F%23%25.html",
    );
  });
});

it("reads a form token's age from the time it starts with", async () => {
  const now = new Date("2026-12-02T12:00:00Z");
  const issued = Math.floor(now.getTime() / 1000 - 90).toString(36);
  expect(formTokenAgeSeconds(`${issued}.signature`, now)).toBe(90);
  expect(formTokenAgeSeconds("not a token", now)).toBeNull();
  expect(formTokenAgeSeconds(undefined, now)).toBeNull();
});
