import { describe, expect, it } from "vitest";
import { commentById } from "./find-comment";
import converted from "../fixtures/import/artalk-artrans-converted.json?raw";
import docsExample from "../fixtures/import/artalk-artrans-docs-example.json?raw";
import artalkExport from "../fixtures/import/artalk-artrans-export.json?raw";
import { parseArtransExport } from "../../importers/artalk";
import { detectFormat } from "../../importers/convert";

// artalk-artrans-export.json (written for Parley from FORMATS.md): as Artalk's Go
// exporter writes it, one line, every value a string.
describe("Artrans as Artalk exports it", () => {
  const result = parseArtransExport(artalkExport, { timeZone: "Asia/Shanghai" });

  it("is detected and keys the full page_key URL by its path, with the page title", () => {
    expect(detectFormat(artalkExport)).toBe("artalk");
    expect(result.threads).toHaveLength(1);
    expect(result.threads[0]).toMatchObject({
      key: "/posts/artalk/",
      url: "https://blog.example/posts/artalk/",
      title: "Artalk & me",
    });
  });

  it('reads rid as the direct parent, "0" as none', () => {
    expect(commentById(result, "artalk:1").parentSourceId).toBeNull();
    expect(commentById(result, "artalk:3").parentSourceId).toBe("artalk:2");
  });

  it("treats a comment naming itself as parent as top-level", () => {
    expect(commentById(result, "artalk:4").parentSourceId).toBeNull();
  });

  it("reads Go's time with its offset, the old doubled offset, and offset-less times in --timezone", () => {
    expect(commentById(result, "artalk:1").createdAt).toBe("2023-05-01T02:00:00.000Z");
    expect(commentById(result, "artalk:2").createdAt).toBe("2023-05-01T03:00:00.000Z");
    expect(commentById(result, "artalk:3").createdAt).toBe("2023-05-01T04:00:00.000Z");
  });

  it('reads "true"/"false" strings as flags and keeps Markdown content', () => {
    expect(commentById(result, "artalk:3").status).toBe("pending");
    expect(commentById(result, "artalk:1")).toMatchObject({
      status: "approved",
      body: "Hello **Artalk**",
    });
  });
});

// artalk-artrans-converted.json (written for Parley from FORMATS.md): as converters write
// Artrans, real booleans and numbers, ISO times, "" for a root, HTML content, a path key.
describe("Artrans as converters write it", () => {
  const result = parseArtransExport(converted);
  const root = `artalk:9f2c${"0".repeat(60)}`;

  it("is detected and reads typed values, ISO times and a path page_key", () => {
    expect(detectFormat(converted)).toBe("artalk");
    expect(result.threads[0]?.key).toBe("/2020/02/converted/");
    expect(commentById(result, root)).toMatchObject({
      parentSourceId: null,
      createdAt: "2020-02-03T04:05:06.000Z",
      body: "Converted from **WordPress**.",
      authorWebsite: "https://wp-reader.example/",
    });
  });

  it("reads an HTML reply under its rid, pending from a real boolean", () => {
    const reply = commentById(result, `artalk:9f2c${"0".repeat(59)}1`);
    expect(reply).toMatchObject({ parentSourceId: root, status: "pending" });
    expect(reply.body).toBe("Second line\\\nwith a break");
  });
});

describe("the single Artran of Artalk's docs (a lone object, not an array)", () => {
  it("is detected and read; its parent 233 is not in the file, so it is skipped as an orphan", () => {
    expect(detectFormat(docsExample)).toBe("artalk");
    const result = parseArtransExport(docsExample);
    expect(result.threads).toEqual([]);
    expect(result.skippedComments).toEqual([
      { reason: "orphan", sourceId: "artalk:123", threadKey: "/guide/transfer.html" },
    ]);
  });
});

// Written for Parley from FORMATS.md: Artalk v1 (PHP) records carry `date`, not `created_at`.
it("reads an Artalk v1 record's date where Artrans has created_at", () => {
  const v1 = JSON.stringify([
    {
      id: "1",
      rid: "0",
      content: "From Artalk v1.",
      nick: "Ann",
      email: "ann@example.com",
      link: "",
      page_key: "/old-post/",
      ip: "192.0.2.1",
      date: "2019-05-01 08:00:00",
    },
  ]);
  const result = parseArtransExport(v1, { timeZone: "Asia/Shanghai" });
  expect(result.threads[0]!.comments[0]!.createdAt).toBe("2019-05-01T00:00:00.000Z");
});
