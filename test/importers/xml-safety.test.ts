import { describe, expect, it } from "vitest";
import billionLaughs from "../fixtures/import/billion-laughs.xml?raw";
import { parseDisqusExport } from "../../importers/disqus";
import { ImportFormatError } from "../../importers/errors";
import { parseWordPressExport } from "../../importers/wordpress";
import { readXmlRecords, type XmlElement } from "../../importers/xml";

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
    ["an element never closed", "<rss><channel>"],
    ["a closing tag without an opening one", "<rss></channel></rss>"],
    ["text after the root", "<rss></rss>trailing"],
    ["text before the root", "hello<rss></rss>"],
    ["a second root", "<rss></rss><rss></rss>"],
    ["an unquoted attribute", "<rss version=2></rss>"],
    ["an attribute without a value", "<rss checked></rss>"],
    ["an attribute given twice", '<rss a="1" a="2"></rss>'],
    ["an unbound namespace prefix", "<rss><wp:comment></wp:comment></rss>"],
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

  it("refuses any other entity reference, in text and in attributes", () => {
    expect(() => parseWordPressExport(wxr("&laquo;"))).toThrow(ImportFormatError);
    const inAttribute = wxr("t").replace("<channel>", '<channel a="&laquo;">');
    expect(() => parseWordPressExport(inAttribute)).toThrow(ImportFormatError);
  });

  it("keeps CDATA as it is, references and markup included, and resolves namespaces", () => {
    const records: XmlElement[] = [];
    readXmlRecords(
      `<root xmlns="urn:a" xmlns:b="urn:b"><b:item xml:lang="en" b:kind="x" plain="y">` +
        `<![CDATA[a &lt; <b>b</b> & c]]> &amp; d</b:item></root>`,
      {
        expected: "a test document",
        checkRoot: (root, namespaces) =>
          root.uri === "urn:a" && namespaces.includes("urn:b") ? null : "wrong root",
        isRecord: (name) => name.local === "item",
        onRecord: (record) => records.push(record),
      },
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      uri: "urn:b",
      local: "item",
      text: "a &lt; <b>b</b> & c & d",
    });
    expect(records[0]!.attributes).toEqual([
      { uri: "http://www.w3.org/XML/1998/namespace", local: "lang", value: "en" },
      { uri: "urn:b", local: "kind", value: "x" },
      { uri: "", local: "plain", value: "y" },
    ]);
  });

  it("says where the fault is, without quoting the file", () => {
    const secret = wxr("t").replace("<item>", "\n\n<item>s3cret-text</channel>");
    const error = (() => {
      try {
        parseWordPressExport(secret);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ImportFormatError);
    expect(error?.message).toMatch(/line 3/);
    expect(error?.message).not.toContain("s3cret");
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
