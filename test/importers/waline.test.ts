import { describe, expect, it } from "vitest";
import { commentById } from "./find-comment";
import adminExport from "../fixtures/import/waline-admin-export-sqlite.json?raw";
import leanCloudLines from "../fixtures/import/leancloud-valine-comment.jsonl?raw";
import leanCloudResults from "../fixtures/import/leancloud-valine-comment-results.json?raw";
import leanCloudArray from "../fixtures/import/waline-leancloud-array.json?raw";
import { detectFormat } from "../../importers/convert";
import { likesInSource } from "../../importers/dry-run-report";
import { ImportFormatError } from "../../importers/errors";
import { parseWalineExport } from "../../importers/waline";

// waline-admin-export-sqlite.json (written for Parley from FORMATS.md): 8 comments with
// integer ids on two pages; 6 is spam, 7 replies to a comment not in the file, 8 is empty.
describe("Waline's admin export from SQLite storage", () => {
  const result = parseWalineExport(adminExport, { timeZone: "Asia/Shanghai" });

  it("is detected from its type, tab indentation and all", () => {
    expect(detectFormat(adminExport)).toBe("waline");
  });

  it("keys threads by the page path in url, and reads only the Comment table", () => {
    expect(result.threads.map((thread) => [thread.key, thread.comments.length])).toEqual([
      ["/2024/03/hello/", 4],
      ["/about/", 1],
    ]);
  });

  it("uses integer ids as ids, placing a reply under pid (its direct parent), not rid", () => {
    expect(commentById(result, "waline:3").parentSourceId).toBe("waline:1");
    // Comment 4 answers comment 3; its rid names the thread's root, comment 1.
    expect(commentById(result, "waline:4").parentSourceId).toBe("waline:3");
  });

  it('reads sticky as 1, "0", false or "false" without failing, and counts likes for the report', () => {
    // Sticky has no place in Parley; the like counts (3 and 1 on imported comments) are reported.
    expect(commentById(result, "waline:1").likes).toBe(3);
    expect(likesInSource(result)).toBe(4);
  });

  it("reads offset-less SQLite times in the zone given with --timezone", () => {
    expect(commentById(result, "waline:1").createdAt).toBe("2024-03-02T12:15:00.000Z");
    const utc = parseWalineExport(adminExport);
    expect(commentById(utc, "waline:1").createdAt).toBe("2024-03-02T20:15:00.000Z");
  });

  it("keeps Markdown bodies as written and converts HTML bodies from the Valine era", () => {
    expect(commentById(result, "waline:1").body).toBe(
      "Welcome! **Markdown**, as Waline stores comments now.",
    );
    expect(commentById(result, "waline:2").body).toBe("An old body, rendered to HTML by Valine.");
  });

  it("turns the @nick link that starts a Valine reply into text", () => {
    expect(commentById(result, "waline:4").body).toBe("@Second agreed with you.");
  });

  it("holds waiting comments for review and skips spam, replies without a parent and empty bodies", () => {
    expect(commentById(result, "waline:5").status).toBe("pending");
    expect(result.skippedComments).toEqual([
      { reason: "spam", sourceId: "waline:6", threadKey: "/about/" },
      { reason: "empty-body", sourceId: "waline:8", threadKey: "/about/" },
      { reason: "orphan", sourceId: "waline:7", threadKey: "/2024/03/hello/" },
    ]);
    expect(result.skipped).toBe(3);
  });

  it("gives a website without a scheme https, and lowercases e-mails", () => {
    expect(commentById(result, "waline:2").authorWebsite).toBe("https://reader.example/");
    expect(commentById(result, "waline:1")).toMatchObject({
      authorEmail: "owner@blog.example",
      networkAddress: "203.0.113.7",
    });
  });
});

describe("LeanCloud exports of the Comment class (Valine, Waline on LeanCloud)", () => {
  it("reads the console's JSON lines with insertedAt as a LeanCloud Date object", () => {
    expect(detectFormat(leanCloudLines)).toBe("waline");
    const result = parseWalineExport(leanCloudLines);
    const first = commentById(result, "waline:5e1a2b3c4d5e6f7a8b9c0d1e");
    expect(first).toMatchObject({
      createdAt: "2019-05-06T07:08:09.000Z",
      body: "First! Written with Valine.",
      status: "approved",
    });
    const reply = commentById(result, "waline:5e1a2b3c4d5e6f7a8b9c0d2f");
    expect(reply.parentSourceId).toBe(first.sourceId);
    expect(reply.body).toBe("@Valine Reader welcome aboard.");
  });

  it("treats rows without status as approved unless Valine marked them isSpam", () => {
    const result = parseWalineExport(leanCloudLines);
    expect(result.skippedComments).toEqual([
      { reason: "spam", sourceId: "waline:5e1a2b3c4d5e6f7a8b9c0d3a", threadKey: "/posts/valine/" },
    ]);
  });

  it("reads the console's other shape, one document with a results list", () => {
    expect(detectFormat(leanCloudResults)).toBe("waline");
    const [thread] = parseWalineExport(leanCloudResults).threads;
    expect(thread?.key).toBe("/posts/results/");
    expect(thread?.comments[0]?.createdAt).toBe("2020-01-01T00:00:00.000Z");
  });

  it("reads a plain array with status and flattened insertedAt strings", () => {
    expect(detectFormat(leanCloudArray)).toBe("waline");
    const result = parseWalineExport(leanCloudArray);
    expect(result.threads[0]?.comments.map((comment) => comment.status)).toEqual([
      "approved",
      "pending",
    ]);
  });
});

describe("a broken Waline export", () => {
  it("names the record and the field it cannot read", () => {
    const broken = JSON.stringify({
      type: "waline",
      data: {
        Comment: [
          { objectId: 1, url: "/a/", comment: "ok" },
          { url: "/a/", comment: "x" },
        ],
      },
    });
    expect(() => parseWalineExport(broken)).toThrow(ImportFormatError);
    expect(() => parseWalineExport(broken)).toThrow(/^Comment 2: field objectId:/);
  });

  it("names the line of JSON lines that is not JSON", () => {
    const lines = `${JSON.stringify({ objectId: "a", url: "/a/", comment: "x" })}\n{"objectId": "b",\n`;
    expect(() => parseWalineExport(lines)).toThrow(/^Line 2 is not valid JSON/);
  });
});
