import { describe, expect, it } from "vitest";
import emptyV1 from "../fixtures/import/comentario-ok-empty-v1.json.gz?inline";
import emptyV3 from "../fixtures/import/comentario-ok-empty-v3.json.gz?inline";
import singleV1 from "../fixtures/import/comentario-ok-single-v1.json.gz?inline";
import singleV3 from "../fixtures/import/comentario-ok-single-v3.json.gz?inline";
import anonymous from "../fixtures/import/commento-export-remark42-anonymous.json?raw";
import migrator from "../fixtures/import/commento-export-remark42-migrator.json?raw";
import states from "../fixtures/import/commento-export-states.json?raw";
import { parseCommentoExport } from "../../importers/commento";
import { detectFormat } from "../../importers/convert";
import { readExportBytes } from "../../importers/export-file";
import type { ImportResult } from "../../importers/types";
import { bytesOfDataUrl } from "./export-bytes";

const gunzip = (dataUrl: string) => readExportBytes(bytesOfDataUrl(dataUrl));

const shape = (result: ImportResult) =>
  result.threads.map((thread) => [thread.key, thread.comments.map((c) => c.sourceId)]);

// Commento's export as Remark42's migrator tests hold it (MIT): domain + url, "root",
// an anonymous comment without commenter row, microsecond and whole-second UTC dates.
describe("Commento's export (version 1)", () => {
  const result = parseCommentoExport(migrator);

  it("is detected and keys pages by url, linking a reply through parentHex", () => {
    expect(detectFormat(migrator)).toBe("commento");
    expect(result.threads.map((thread) => thread.key)).toEqual(["/blog/post/2", "/blog/post/1"]);
    const [parent, reply] = result.threads[1]!.comments;
    expect(reply?.parentSourceId).toBe(parent?.sourceId);
    expect(parent?.parentSourceId).toBeNull();
  });

  it("joins commenters by commenterHex; an anonymous comment has none", () => {
    expect(result.threads[0]?.comments[0]).toMatchObject({ authorName: "", authorEmail: null });
    expect(result.threads[1]?.comments[0]).toMatchObject({
      authorName: "User5276",
      authorEmail: "somegreatmail@gmail.com",
      authorWebsite: "https://example.com/profile/257",
      createdAt: "2021-03-17T12:09:47.722Z",
      body: "Example 2 comment created by user.",
    });
  });

  it("reads empty Markdown as deleted, as Comentario does: the anonymous-only export imports nothing", () => {
    const empty = parseCommentoExport(anonymous);
    expect(empty.threads).toEqual([]);
    expect(empty.skippedByReason.deleted).toBe(7);
  });
});

// commento-export-states.json (written for Parley from FORMATS.md).
describe("Commento states and deletions", () => {
  const result = parseCommentoExport(states);
  const comments = result.threads[0]?.comments ?? [];

  it('keeps a "[deleted]" comment that has a reply as a tombstone', () => {
    expect(comments[0]).toMatchObject({ deletedAt: "2021-01-01T00:00:00.000Z" });
    expect(comments[1]?.parentSourceId).toBe(comments[0]?.sourceId);
  });

  it("holds unapproved comments for review and puts flagged ones in the spam queue", () => {
    expect(comments.map((comment) => comment.status)).toEqual([
      "approved",
      "approved",
      "pending",
      "spam",
    ]);
  });

  it('reads the string "undefined" as no value', () => {
    expect(comments[1]).toMatchObject({ authorName: "Commenter", authorWebsite: null });
  });
});

// Comentario's e2e import fixtures (MIT), gzip as Comentario writes them.
describe("Comentario's exports", () => {
  it("reads version 1 with host + path", async () => {
    const text = await gunzip(singleV1);
    expect(detectFormat(text)).toBe("commento");
    const result = parseCommentoExport(text);
    expect(shape(result)).toEqual([
      ["/", ["commento:0a34d928db9f5d55f34558048c79874587dc938906d3087a781d192f526447e6"]],
    ]);
    expect(result.threads[0]?.comments[0]).toMatchObject({
      authorName: "Bugs Bunny",
      body: "Yay, imported",
      createdAt: "2021-11-02T19:03:37.088Z",
    });
  });

  it("reads version 3 with separate pages and commenters, and zero times as none", async () => {
    const text = await gunzip(singleV3);
    expect(detectFormat(text)).toBe("commento");
    const result = parseCommentoExport(text);
    expect(result.threads[0]).toMatchObject({ key: "/", title: "Home" });
    expect(result.threads[0]?.comments[0]).toMatchObject({
      sourceId: "comentario:881e132c-21b5-4b20-ad69-3223b9974d01",
      authorName: "Bugs Bunny",
      status: "approved",
      createdAt: "2023-11-14T20:15:12.000Z",
    });
    expect(result.threads[0]?.comments[0]?.deletedAt).toBeUndefined();
  });

  it("reads the empty exports, which have no lists at all", async () => {
    for (const file of [emptyV1, emptyV3]) {
      const text = await gunzip(file);
      expect(detectFormat(text)).toBe("commento");
      expect(parseCommentoExport(text)).toMatchObject({ threads: [], skipped: 0 });
    }
  });
});
