import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../worker/domain/render";
import { htmlToMarkdown, htmlToPlainText } from "../../importers/html-to-markdown";

const wordpress = { newlinesAreBreaks: true };

describe("htmlToMarkdown", () => {
  it("drops a script and keeps a link as a Markdown link", () => {
    const html = `Nice post <script>alert("x")</script><a href="https://ann.example/post">my reply</a>`;
    expect(htmlToMarkdown(html)).toBe("Nice post [my reply](https://ann.example/post)");
    expect(htmlToMarkdown(html, wordpress)).toBe("Nice post [my reply](https://ann.example/post)");
  });

  it("drops styles, images and links that are not http(s) or mailto, keeping link text", () => {
    const html = `<style>p{color:red}</style><p>See <img src="https://t.example/pixel.gif" alt="x"> <a href="javascript:alert(1)">this</a></p>`;
    expect(htmlToMarkdown(html)).toBe("See this");
  });

  it("keeps the formatting Parley renders", () => {
    const html = [
      "<p><strong>bold</strong> <b>b</b> <em>it</em> <i>i</i> <code>x*y</code></p>",
      "<pre>line one\n\n  indented</pre>",
      "<blockquote><p>quoted</p></blockquote>",
      "<ul><li>one</li><li>two</li></ul>",
      "<ol><li>first</li></ol>",
    ].join("");
    expect(htmlToMarkdown(html)).toBe(
      "**bold** **b** *it* *i* `x*y`\n\n```\nline one\n\n  indented\n```\n\n> quoted\n\n- one\n- two\n\n1. first",
    );
  });

  it("turns headings into bold paragraphs and drops rules", () => {
    expect(htmlToMarkdown("<h2>Update</h2><hr><p>text</p>")).toBe("**Update**\n\ntext");
  });

  it("escapes text that would otherwise read as Markdown", () => {
    expect(htmlToMarkdown("<p>2 * 3 = 6, [not a link](x), # not a heading</p>")).toBe(
      "2 \\* 3 = 6, \\[not a link]\\(x), # not a heading",
    );
  });

  it("reads WordPress newlines as paragraphs and line breaks, except in <pre>", () => {
    const html = "First line\nsecond line\n\n\tNew paragraph\n<pre>a\n\nb</pre>";
    expect(htmlToMarkdown(html, wordpress)).toBe(
      "First line\\\nsecond line\n\nNew paragraph\n\n```\na\n\nb\n```",
    );
    // In Disqus messages and other real HTML, a newline is just a space.
    expect(htmlToMarkdown("a\nb")).toBe("a b");
  });

  it("splits paragraphs at a double <br>", () => {
    expect(htmlToMarkdown("<p>Hello<br><br>World<br>again</p>")).toBe("Hello\n\nWorld\\\nagain");
  });

  it("gives an empty string for a body that is only markup", () => {
    expect(htmlToMarkdown(`<img src="https://t.example/x.gif"><script>x</script>`)).toBe("");
  });

  it.each([
    "one line",
    "  a\n b\n\n\tc  \n\n\n",
    "no\u00a0break \u00a0space",
    "1. not a list\n- nor this\n> nor a quote *or* [link](x)",
    "a\r\nb\r\n\r\nc",
  ])("converts plain text %j exactly as the HTML path does", (text) => {
    // An empty <b> sends the same text through the HTML parser and is itself dropped.
    for (const options of [{}, wordpress]) {
      expect(htmlToMarkdown(text, options)).toBe(htmlToMarkdown(`${text}<b></b>`, options));
    }
  });

  it("produces Markdown that Parley renders back to the same structure", () => {
    const markdown = htmlToMarkdown(
      `<p>Hi <em>there</em>,<br>see <a href="https://docs.example/">the docs</a></p><ul><li>a</li></ul>`,
    );
    expect(renderMarkdown(markdown)).toBe(
      '<p>Hi <em>there</em>,<br>see <a href="https://docs.example/" rel="nofollow ugc noopener">the docs</a></p><ul><li>a</li></ul>',
    );
  });
});

describe("htmlToPlainText", () => {
  it("decodes entities but keeps angle brackets as text", () => {
    expect(htmlToPlainText("Ping 1 &laquo; What&#8217;s <b>new</b>")).toBe(
      "Ping 1 « What’s <b>new</b>",
    );
  });
});
