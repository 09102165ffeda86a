import { describe, expect, it } from "vitest";
import { countLinks, renderMarkdown } from "../../worker/domain/render";
import { cleanDisplayText } from "../../worker/schemas/common";

const rel = 'rel="nofollow ugc noopener"';
const allowedTags = new Set([
  "p",
  "br",
  "strong",
  "em",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
]);

/**
 * Checks the HTML against the allowlist by reading it as a strict grammar: every `<` must
 * open an allowed tag whose only attributes are an http(s)/mailto href and our rel on <a>,
 * or a numeric start on <ol>. Anything else (a stray `<`, an event handler, another tag, a
 * script URL) fails.
 */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  const tagPattern = /<(\/?)([a-z]+)((?:\s[a-z]+="[^"<>]*")*)>/g;
  for (const [, closing, name, attributes] of html.matchAll(tagPattern)) {
    expect(allowedTags, `tag <${name}> in ${html}`).toContain(name);
    if (closing) expect(attributes).toBe("");
    for (const [, attribute, value] of attributes!.matchAll(/\s([a-z]+)="([^"]*)"/g)) {
      expect(attribute, html).not.toMatch(/^on/);
      if (attribute === "href") {
        expect(name).toBe("a");
        expect(value, html).toMatch(/^(https?:\/\/|mailto:)/);
      } else if (attribute === "rel") {
        expect(`rel="${value}"`).toBe(rel);
      } else {
        expect([name, attribute], html).toEqual(["ol", "start"]);
        expect(value).toMatch(/^\d+$/);
      }
    }
  }
  const rest = html.replace(tagPattern, "");
  expect(rest, `stray markup in ${html}`).not.toMatch(/[<>]/);
  expect(rest).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
}

describe("renderMarkdown: the formatting readers expect", () => {
  it.each([
    ["paragraphs", "one\n\ntwo", "<p>one</p><p>two</p>"],
    ["line breaks as typed", "one\ntwo", "<p>one<br>two</p>"],
    ["hard line breaks", "one  \ntwo", "<p>one<br>two</p>"],
    [
      "bold and italic",
      "**b** *i* __b__ _i_",
      "<p><strong>b</strong> <em>i</em> <strong>b</strong> <em>i</em></p>",
    ],
    ["inline code, escaped", "use `a < b`", "<p>use <code>a &lt; b</code></p>"],
    ["fenced code blocks", "```js\nif (a < b) {}\n```", "<pre><code>if (a &lt; b) {}</code></pre>"],
    ["indented code blocks", "    x = 1", "<pre><code>x = 1</code></pre>"],
    ["quotes", "> said\n> it", "<blockquote><p>said<br>it</p></blockquote>"],
    ["bullet lists", "- a\n- b", "<ul><li>a</li><li>b</li></ul>"],
    ["numbered lists keep their start", "3. c\n4. d", '<ol start="3"><li>c</li><li>d</li></ol>'],
    ["loose lists", "- a\n\n- b", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"],
    [
      "links",
      "[docs](https://a.example/x?y=1&z=2)",
      `<p><a href="https://a.example/x?y=1&amp;z=2" ${rel}>docs</a></p>`,
    ],
    [
      "angle autolinks",
      "<https://a.example>",
      `<p><a href="https://a.example/" ${rel}>https://a.example</a></p>`,
    ],
    [
      "bare URLs",
      "see https://a.example/x.",
      `<p>see <a href="https://a.example/x" ${rel}>https://a.example/x</a>.</p>`,
    ],
    [
      "www. addresses",
      "www.example.com",
      `<p><a href="http://www.example.com/" ${rel}>www.example.com</a></p>`,
    ],
    [
      "mailto links",
      "[me](mailto:me@x.example)",
      `<p><a href="mailto:me@x.example" ${rel}>me</a></p>`,
    ],
  ])("renders %s", (_, source, html) => {
    expect(renderMarkdown(source)).toBe(html);
    expectInert(html);
  });

  it.each([
    ["headings", "# Big news", "<p># Big news</p>"],
    ["setext headings", "Title\n===", "<p>Title<br>===</p>"],
    ["thematic breaks", "---", "<p>---</p>"],
    ["raw inline HTML", "<b>bold</b>", "<p>&lt;b&gt;bold&lt;/b&gt;</p>"],
    ["raw block HTML", "<div>\nx\n</div>", "<p>&lt;div&gt;<br>x<br>&lt;/div&gt;</p>"],
    ["tables", "| a |\n|---|", "<p>| a |<br>|---|</p>"],
  ])("keeps %s as text", (_, source, html) => {
    expect(renderMarkdown(source)).toBe(html);
  });

  it("never renders an image, so no tracking pixel can load", () => {
    const html = renderMarkdown("![pixel](https://tracker.example/p.gif)");
    expect(html).not.toContain("<img");
    expectInert(html);
  });

  it("counts the links a body renders to", () => {
    expect(
      countLinks(renderMarkdown("[a](https://a.example) <https://b.example> www.c.example")),
    ).toBe(3);
    expect(countLinks(renderMarkdown("[a](javascript:x) no links"))).toBe(0);
  });
});

const xssPayloads = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
  "<scr<script>ipt>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<body onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x]( javascript:alert(1) )",
  "[x](<java\tscript:alert(1)>)",
  "[x](jav&#x09;ascript:alert(1))",
  "[x](&#106;&#97;vascript:alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](DATA:text/html,<script>alert(1)</script>)",
  "[x](vbscript:msgbox(1))",
  "[x](VbScRiPt:msgbox(1))",
  "<javascript:alert(1)>",
  "<JAVASCRIPT:alert(1)>",
  "<data:text/html,<script>alert(1)</script>>",
  '[x](https://a.example "t\\" onmouseover=\\"alert(1)")',
  '[x](https://a.example/"onmouseover="alert(1))',
  "[x](https://a.example/'onmouseover='alert(1))",
  "[x](https://a.example/><script>alert(1)</script>)",
  '"><script>alert(1)</script>',
  "'\"><img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<math><maction actiontype="statusline#" xlink:href="javascript:alert(1)">x</maction></math>',
  "<iframe src=javascript:alert(1)></iframe>",
  "<style>@import 'https://evil.example/x.css';</style>",
  '<a href="https://a.example" onclick="alert(1)">x</a>',
  "[<img src=x onerror=alert(1)>](https://a.example)",
  "[x](https://a.example)<img src=x onerror=alert(1)>",
  "`<script>alert(1)</script>`",
  "```\n</code></pre><script>alert(1)</script>\n```",
  "> <script>alert(1)</script>",
  "- <img src=x onerror=alert(1)>",
  "https://a.example/<script>alert(1)</script>",
  'www.a.example/"onmouseover="alert(1)',
  "[x](//evil.example/path)",
  "[x](/relative/path)",
  "[x]: javascript:alert(1)\n\n[x]",
  "<!-- --><script>alert(1)</script><!-- -->",
  "<![CDATA[<script>alert(1)</script>]]>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  '[x](mailto:a@b.example?body=<script>"x")',
];

describe("renderMarkdown: hostile input renders inert", () => {
  it.each(xssPayloads)("%s", (payload) => {
    const html = renderMarkdown(payload);
    expectInert(html);
    expect(html.toLowerCase()).not.toMatch(/href="(javascript|data|vbscript):/);
  });

  it("renders every payload at once inert too", () => {
    expectInert(renderMarkdown(xssPayloads.join("\n\n")));
    expectInert(renderMarkdown(xssPayloads.join("\n")));
  });

  it("checks at least 20 payloads", () => {
    expect(xssPayloads.length).toBeGreaterThanOrEqual(20);
  });

  it("uses a check that rejects what it must", () => {
    for (const bad of [
      '<p onclick="x">a</p>',
      "<img src=x>",
      "<span>a</span>",
      `<a href="javascript:alert(1)" ${rel}>a</a>`,
      `<a href="data:x" ${rel}>a</a>`,
      '<a href="https://a.example" rel="opener">a</a>',
      "<p>a</p><",
      '<ol start="1" onclick="x"><li>a</li></ol>',
    ]) {
      expect(() => expectInert(bad), bad).toThrow();
    }
  });
});

describe("renderMarkdown: absurd nesting", () => {
  it("renders a quote nested 40 deep as quotes", () => {
    const html = renderMarkdown(`${"> ".repeat(40)}deep`);
    expect(html.match(/<blockquote>/g)).toHaveLength(40);
    expectInert(html);
  });

  it.each([
    ["quotes", ">".repeat(10000)],
    ["lists", "- ".repeat(5000)],
    ["numbered lists", "1. ".repeat(3000)],
    ["indented lists", Array.from({ length: 99 }, (_, i) => `${" ".repeat(i * 2)}- x`).join("\n")],
    ["emphasis", `${"*".repeat(600)}a${"*".repeat(600)}`],
  ])("shows %s nested thousands deep as plain text instead of failing", (_, source) => {
    const html = renderMarkdown(source);
    expectInert(html);
    expect(html.length).toBeGreaterThan(0);
  });
});

describe("author names", () => {
  it("are plain text: markup kept as typed, for the widget to escape", () => {
    expect(cleanDisplayText("<img src=x onerror=alert(1)>")).toBe("<img src=x onerror=alert(1)>");
  });

  it("lose control, zero-width and bidi-override characters", () => {
    expect(cleanDisplayText("\u202eAnn\u202c \u200bLee\u0007\u2066\u2069 ")).toBe("Ann Lee");
    expect(cleanDisplayText(" \u202e\u2067 ")).toBe("");
    expect(cleanDisplayText("Ann\tLee\nSmith")).toBe("Ann Lee Smith");
  });
});

describe("bodies built to make the parser slow", () => {
  it("keeps piles of emphasis markers as plain characters, and still renders code", () => {
    const pile = "*_".repeat(5000);
    const html = renderMarkdown(`${pile}\n\n\`a_b\``);
    expect(html).toContain("*_*_");
    expect(html).not.toContain("<em>");
    expect(html).toContain("<code>a_b</code>");
  });

  it("still renders emphasis in an ordinary comment", () => {
    expect(renderMarkdown("*a* and **b** and _c_")).toBe(
      "<p><em>a</em> and <strong>b</strong> and <em>c</em></p>",
    );
  });
});
