/** Replies from elsewhere as Parley Markdown, rendered by the one renderer (render.ts). */
import { describe, expect, it } from "vitest";
import { blueskyTextToMarkdown, mastodonHtmlToMarkdown } from "../../worker/domain/remote-markdown";
import { renderMarkdown } from "../../worker/domain/render";

const rendered = (html: string) => renderMarkdown(mastodonHtmlToMarkdown(html));

describe("Mastodon's HTML as Markdown", () => {
  it("keeps paragraphs, line breaks, emphasis, code, links and mentions", () => {
    const html =
      '<p><span class="h-card"><a href="https://mastodon.social/@ann" class="u-url mention">@<span>ann</span></a></span> Yes, <strong>really</strong>, <em>so</em> <code>x()</code>.<br>New line</p><p>Second: <a href="https://example.org/a" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">example.org/a</span></a></p>';
    expect(rendered(html)).toBe(
      '<p><a href="https://mastodon.social/@ann" rel="nofollow ugc noopener">@ann</a> Yes, <strong>really</strong>, <em>so</em> <code>x()</code>.<br>New line</p><p>Second: <a href="https://example.org/a" rel="nofollow ugc noopener">https://example.org/a</a></p>',
    );
  });

  it("keeps quotes, lists and code blocks, and escapes what would be markup", () => {
    expect(
      rendered(
        "<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><pre><code>a ``` b\n*c*</code></pre><p># not a heading, *not em*, [not](a link)</p>",
      ),
    ).toBe(
      "<blockquote><p>quoted</p></blockquote><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol><pre><code>a ``` b\n*c*</code></pre><p># not a heading, *not em*, [not](a link)</p>",
    );
  });

  it("drops scripts and styles with their content, and unsafe links keep only their text", () => {
    expect(
      rendered(
        '<p>a<script>alert(1)</script><style>p{}</style> <a href="javascript:alert(2)">b</a></p>',
      ),
    ).toBe("<p>a b</p>");
  });

  it("flattens quotes nested past five levels", () => {
    const html = `${"<blockquote>".repeat(1000)}deep${"</blockquote>".repeat(1000)}`;
    expect(mastodonHtmlToMarkdown(html)).toBe(`${"> ".repeat(5)}deep`);
  });
});

describe("Bluesky's text as Markdown", () => {
  it("links facets by their byte range, in text with multi-byte characters", () => {
    const text = "Schön 🎉 see example.org/x…";
    const start = new TextEncoder().encode("Schön 🎉 see ").length;
    const end = start + new TextEncoder().encode("example.org/x…").length;
    expect(
      blueskyTextToMarkdown(text, [
        { byteStart: start, byteEnd: end, uri: "https://example.org/x/long" },
      ]),
    ).toBe("Schön 🎉 see [example.org/x…](https://example.org/x/long)");
  });

  it("ignores facets out of range or overlapping, and autolinks bare URLs", () => {
    const text = "https://example.org/a_b_c and more";
    expect(
      blueskyTextToMarkdown(text, [
        { byteStart: 0, byteEnd: 999, uri: "https://x.example" },
        { byteStart: 5, byteEnd: 3, uri: "https://y.example" },
      ]),
    ).toBe("<https://example.org/a_b_c> and more");
  });
});
