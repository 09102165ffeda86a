import { describe, expect, it } from "vitest";
import issoComments from "../../fixtures/import/isso-comments.sql?raw";
import issoSchema from "../../fixtures/import/isso-schema.sql?raw";
import issoVersion3 from "../../fixtures/import/isso-v3-database.sql?raw";
import { detectFormatOfBytes, readExport, readExportFromBytes } from "../../../importers/convert";
import { describeImport, likesInSource } from "../../../importers/dry-run-report";
import { ImportFormatError } from "../../../importers/errors";
import { toParleyThreads } from "../../../importers/to-parley";
import { parleyThreadSchema } from "../../../worker/schemas/parley-format";
import { commentById } from "../find-comment";
import { databaseFile } from "./database-file";

// isso-schema.sql: the CREATE statements Isso runs (MIT, see the fixtures README);
// isso-comments.sql and isso-v3-database.sql: rows written for Parley from FORMATS.md.
const issoDatabase = () => databaseFile(issoSchema, issoComments);

describe("Isso's SQLite database", () => {
  it("is detected from its bytes and its tables", async () => {
    expect(await detectFormatOfBytes(await issoDatabase())).toBe("isso");
  });

  it("keys threads by uri the way the widget keys pages, titled from threads.title", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(result.threads.map((thread) => [thread.key, thread.title])).toEqual([
      ["/posts/0001/", "First post & more"],
      ["/release-notes", "Release notes"],
      ["/?p=12", null],
    ]);
  });

  it("maps a data-isso-id that is no path through --map", async () => {
    const pageMap = new Map([["release-notes", "/blog/release-notes/"]]);
    const result = await readExportFromBytes(await issoDatabase(), "isso", { pageMap });
    expect(result.threads.map((thread) => thread.key)).toContain("/blog/release-notes/");
  });

  it("reads float UNIX seconds as UTC, Markdown as written, and the author's fields", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(commentById(result, "isso:1")).toEqual({
      sourceId: "isso:1",
      parentSourceId: null,
      authorName: "Ann",
      authorEmail: "ann@example.com",
      authorWebsite: "https://ann.example/",
      networkAddress: "192.0.2.0",
      body: "Hello **world**, see `code`.\n\n> quoted",
      createdAt: "2020-01-01T00:00:00.123Z",
      status: "approved",
      likes: 3,
    });
  });

  it("holds mode 2 for review and reads an anonymous comment's NULLs as no author", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(commentById(result, "isso:2")).toMatchObject({
      parentSourceId: "isso:1",
      status: "pending",
      authorName: "",
      authorEmail: null,
      authorWebsite: null,
      networkAddress: "2001:db8::",
      createdAt: "2020-01-01T01:00:00.500Z",
    });
  });

  it("keeps the one-level nesting Isso stores: a reply to a reply sits under the top-level comment", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    const thread = result.threads[0]!;
    expect(thread.comments.map((comment) => [comment.sourceId, comment.parentSourceId])).toEqual([
      ["isso:1", null],
      ["isso:2", "isso:1"],
      ["isso:3", "isso:1"],
      ["isso:4", null],
      ["isso:5", "isso:4"],
    ]);
  });

  it("keeps a mode-4 comment with a reply as a tombstone, deleted at its modified time", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(commentById(result, "isso:4")).toMatchObject({
      deletedAt: "2020-01-02T01:53:20.750Z",
      body: "",
    });
    const [thread] = await toParleyThreads("blog", result);
    const tombstone = thread!.comments[3]!;
    // The e-mail Isso keeps on a deleted comment does not come across.
    expect(tombstone.author).toEqual({ name: "", email: null, website: null });
  });

  it("leaves out a bare tombstone, an orphan and an empty body, each with its reason", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(result.skippedComments).toEqual([
      { reason: "empty-body", sourceId: "isso:8", threadKey: "/posts/0001/" },
      { reason: "orphan", sourceId: "isso:7", threadKey: "/posts/0001/" },
      { reason: "deleted", sourceId: "isso:6", threadKey: "/posts/0001/" },
    ]);
  });

  it("never reads the preferences table, which holds Isso's session secret", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    expect(JSON.stringify(result)).not.toContain("f00dface");
  });

  it("converts to threads the import accepts, dropping an e-mail and a website the API would refuse", async () => {
    const threads = await toParleyThreads(
      "blog",
      await readExportFromBytes(await issoDatabase(), "isso"),
    );
    for (const thread of threads) expect(parleyThreadSchema.safeParse(thread).success).toBe(true);
    const onQueryPage = threads.find((thread) => thread.key === "/?p=12")!;
    expect(onQueryPage.comments[0]!.author).toEqual({ name: "Gus", email: null, website: null });
  });

  it("reads a schema-version-3 database, without notification and with a NULL text", async () => {
    const result = await readExportFromBytes(await databaseFile(issoVersion3), "isso");
    expect(result.threads[0]!.comments.map((comment) => comment.body)).toEqual(["From 2011."]);
    expect(result.skippedComments).toEqual([
      { reason: "empty-body", sourceId: "isso:2", threadKey: "/old/" },
    ]);
  });

  it("says in the dry run that likes are not carried over", async () => {
    const result = await readExportFromBytes(await issoDatabase(), "isso");
    const report = describeImport(
      "isso",
      result.threads,
      result.skippedComments,
      likesInSource(result),
    ).join("\n");
    expect(report).toContain("3 threads, 7 comments would be imported");
    expect(report).toContain("Likes and dislikes");
    // Ann's 3 and Fay's 1.
    expect(report).toContain("4 likes (or positive reactions) in the source are not carried over.");
  });

  it("is refused from text, and another system's database is refused as Isso's", async () => {
    expect(() => readExport("isso", "")).toThrow(ImportFormatError);
    const cusdisLike = await databaseFile("CREATE TABLE pages (id TEXT, slug TEXT);");
    await expect(readExportFromBytes(cusdisLike, "isso")).rejects.toThrow(/not Isso's database/);
    await expect(readExportFromBytes(new TextEncoder().encode("[]"), "isso")).rejects.toThrow(
      ImportFormatError,
    );
  });
});
