import { describe, expect, it } from "vitest";
import billionLaughs from "../fixtures/import/billion-laughs.xml?raw";
import { parseDisqusExport } from "../../worker/importers/disqus";
import { ImportFormatError } from "../../worker/importers/errors";
import { parseWordPressExport } from "../../worker/importers/wordpress";

const parsers = { wordpress: parseWordPressExport, disqus: parseDisqusExport };

describe.each(Object.entries(parsers))("the %s parser", (_format, parse) => {
  it("refuses a billion-laughs document without expanding it", () => {
    expect(() => parse(billionLaughs)).toThrow(ImportFormatError);
    expect(() => parse(billionLaughs)).toThrow(/DOCTYPE/);
  });

  it("refuses an external entity", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
      <rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&xxe;</title></channel></rss>`;
    expect(() => parse(xxe)).toThrow(ImportFormatError);
  });

  it.each([
    ["an unclosed element", "<rss><channel></rss>"],
    ["text after the root", "<rss></rss>trailing"],
    ["an empty file", ""],
    ["JSON", '{"threads": []}'],
  ])("refuses malformed XML: %s", (_case, xml) => {
    expect(() => parse(xml)).toThrow(ImportFormatError);
  });
});

describe("XML reading", () => {
  const wxr = (title: string) =>
    `<rss xmlns:wp="https://wordpress.org/export/1.2/"><channel><item><title>${title}</title>
    <link>https://blog.example/a/</link><wp:comment><wp:comment_id>1</wp:comment_id>
    <wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt><wp:comment_approved>1</wp:comment_approved>
    <wp:comment_content>x</wp:comment_content></wp:comment></item></channel></rss>`;

  it("decodes the five predefined entities and numeric references", () => {
    const [thread] = parseWordPressExport(wxr("&lt;&gt;&amp;&quot;&apos; &#233;&#x2014;")).threads;
    expect(thread?.title).toBe("<>&\"' é—");
  });

  it("refuses any other entity reference", () => {
    expect(() => parseWordPressExport(wxr("&laquo;"))).toThrow(ImportFormatError);
  });

  it("refuses a document of the other format, saying what it expected", () => {
    const disqus = `<disqus xmlns="http://disqus.com"></disqus>`;
    expect(() => parseWordPressExport(disqus)).toThrow(/not a WordPress export/);
    expect(() => parseDisqusExport(wxr("t"))).toThrow(/not a Disqus export/);
  });

  it("refuses an RSS feed that is not a WordPress export", () => {
    const feed = `<rss version="2.0"><channel><item><title>t</title></item></channel></rss>`;
    expect(() => parseWordPressExport(feed)).toThrow(/WordPress export namespace/);
  });
});
