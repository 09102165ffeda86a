import { describe, expect, it } from "vitest";
import cusdisDatabase from "../../fixtures/import/cusdis-database.sql?raw";
import { detectFormatOfBytes, readExportFromBytes } from "../../../importers/convert";
import { describeImport } from "../../../importers/dry-run-report";
import { toParleyThreads } from "../../../importers/to-parley";
import { parleyThreadSchema } from "../../../worker/schemas/parley-format";
import { commentById } from "../find-comment";
import { databaseFile } from "./database-file";

// cusdis-database.sql: Cusdis's tables on SQLite with rows written for Parley from FORMATS.md.
const blog = "My blog";
const cusdisFile = () => databaseFile(cusdisDatabase);

describe("Cusdis's SQLite database", () => {
  it("is detected from its bytes and its tables", async () => {
    expect(await detectFormatOfBytes(await cusdisFile())).toBe("cusdis");
  });

  it("refuses to mix two projects (sites) and names them, then imports the one chosen", async () => {
    await expect(readExportFromBytes(await cusdisFile(), "cusdis")).rejects.toThrow(
      /2 Cusdis projects.*My blog.*Other site.*--project/,
    );
    const byTitle = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    const byId = await readExportFromBytes(await cusdisFile(), "cusdis", {
      project: "8d2f3a4e-0000-4000-8000-000000000002",
    });
    expect(byTitle.threads.map((thread) => thread.key)).not.toContain("/elsewhere/");
    expect(byId.threads.map((thread) => thread.key)).toEqual(["/elsewhere/"]);
    await expect(
      readExportFromBytes(await cusdisFile(), "cusdis", { project: "nope" }),
    ).rejects.toThrow(/no Cusdis project "nope"/);
  });

  it("keys a page by its URL's path when Cusdis has one, by its slug otherwise, and by --map first", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    expect(result.threads.map((thread) => [thread.key, thread.url, thread.title])).toEqual([
      ["/posts/42/", "https://blog.example/posts/42/?utm_source=feed", "Post 42"],
      ["/about/", null, null],
      ["/hello-world", null, "Hello, world"],
    ]);
    const pageMap = new Map([
      ["post-42", "/p/42/"],
      ["hello-world", "https://blog.example/2021/hello-world/"],
    ]);
    const mapped = await readExportFromBytes(await cusdisFile(), "cusdis", {
      project: blog,
      pageMap,
    });
    expect(mapped.threads.map((thread) => thread.key)).toEqual([
      "/p/42/",
      "/about/",
      "/2021/hello-world/",
    ]);
  });

  it("reads Prisma's epoch milliseconds and CURRENT_TIMESTAMP's text as UTC, whatever --timezone says", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", {
      project: blog,
      timeZone: "Asia/Shanghai",
    });
    expect(commentById(result, "cusdis:c0000001-0000-4000-8000-000000000001").createdAt).toBe(
      "2021-04-17T10:28:02.123Z",
    );
    expect(commentById(result, "cusdis:c0000002-0000-4000-8000-000000000002").createdAt).toBe(
      "2021-04-17T10:28:21.000Z",
    );
  });

  it("nests replies to any depth, holds unapproved comments, and keeps Markdown as written", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    expect(
      result.threads[0]!.comments.map((comment) => [
        comment.sourceId.slice(7, 15),
        comment.parentSourceId?.slice(7, 15) ?? null,
        comment.status,
      ]),
    ).toEqual([
      ["c0000001", null, "approved"],
      ["c0000002", "c0000001", "pending"],
      ["c0000003", "c0000002", "approved"],
    ]);
    expect(commentById(result, "cusdis:c0000001-0000-4000-8000-000000000001")).toMatchObject({
      authorName: "Reader",
      authorEmail: "reader@example.com",
      authorWebsite: null,
      networkAddress: null,
      body: "Nice **post**, thanks.\n\n![an image](https://blog.example/a.png)",
    });
  });

  it("keeps a soft-deleted comment with a reply as a tombstone and leaves out the rest with reasons", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    expect(commentById(result, "cusdis:c0000004-0000-4000-8000-000000000004").deletedAt).toBe(
      "2021-04-19T02:40:00.000Z",
    );
    expect(
      result.skippedComments.map((skip) => [skip.reason, skip.sourceId?.slice(7, 15)]),
    ).toEqual([
      ["empty-body", "c0000008"],
      ["orphan", "c0000007"],
      ["deleted", "c0000006"],
    ]);
  });

  it("converts to threads the import accepts; an e-mail that is no address is dropped", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    const threads = await toParleyThreads("blog", result);
    for (const thread of threads) expect(parleyThreadSchema.safeParse(thread).success).toBe(true);
    const disqusPage = threads.find((thread) => thread.key === "/hello-world")!;
    expect(disqusPage.comments[0]!.author).toEqual({ name: "Typo", email: null, website: null });
  });

  it("says in the dry run that the owner's replies lose their badge", async () => {
    const result = await readExportFromBytes(await cusdisFile(), "cusdis", { project: blog });
    const report = describeImport("cusdis", result.threads, result.skippedComments).join("\n");
    expect(report).toContain("3 threads, 6 comments would be imported");
    expect(report).toMatch(/owner's replies/);
  });
});
