import { describe, expect, it } from "vitest";
import deletedBackup from "../fixtures/import/remark42-backup-deleted.jsonl?raw";
import nativeGzip from "../fixtures/import/remark42-native-backup.gz?inline";
import nativeBackup from "../fixtures/import/remark42-native-backup.jsonl?raw";
import { detectFormat } from "../../importers/convert";
import { ImportFormatError } from "../../importers/errors";
import { readExportBytes } from "../../importers/export-file";
import { parseRemark42Backup } from "../../importers/remark42";
import { bytesOfDataUrl } from "./export-bytes";

// remark42-native-backup.jsonl: Remark42's own importer test input (MIT), verbatim; .gz
// is the same bytes gzipped, as Remark42 writes its backups.
describe("Remark42's backup", () => {
  it("is gunzipped from its bytes and detected from the meta line", async () => {
    const text = await readExportBytes(bytesOfDataUrl(nativeGzip));
    expect(text).toBe(nativeBackup);
    expect(detectFormat(text)).toBe("remark42");
  });

  it("reads lines that start with a tab, keys the full locator URL, and skips a reply whose pid is absent", () => {
    const result = parseRemark42Backup(nativeBackup);
    expect(result.threads.map((thread) => thread.key)).toEqual(["/"]);
    const [comment] = result.threads[0]!.comments;
    expect(comment).toMatchObject({
      sourceId: "remark42:efbc17f177ee1a1c0ee6e1e025749966ec071adc",
      authorName: "user name",
      body: "some text, [link](http://radio-t.com)",
      createdAt: "2017-12-20T21:18:22.000Z",
    });
    expect(result.skippedComments).toEqual([
      {
        reason: "orphan",
        sourceId: "remark42:f863bd79-fec6-4a75-b308-61fe5dd02aa1",
        threadKey: "/2",
      },
    ]);
  });

  it("never takes the hashed user.ip for an address, and has no e-mail to take", () => {
    const [comment] = parseRemark42Backup(nativeBackup).threads[0]!.comments;
    expect(comment).toMatchObject({ networkAddress: null, authorEmail: null });
  });

  it("closes the threads of read-only posts", () => {
    expect(parseRemark42Backup(nativeBackup).threads[0]?.closed).toBe(true);
  });

  it("refuses a file that starts like gzip but is not", async () => {
    await expect(readExportBytes(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).rejects.toThrow(
      ImportFormatError,
    );
  });
});

// remark42-backup-deleted.jsonl (written for Parley from FORMATS.md).
describe("deleted comments and split objects in a Remark42 backup", () => {
  const result = parseRemark42Backup(deletedBackup);
  const comments = result.threads[0]?.comments ?? [];

  it("reads an object split over several lines and nanosecond times with an offset", () => {
    expect(comments[1]).toMatchObject({
      sourceId: "remark42:22222222-2222-4222-8222-222222222222",
      createdAt: "2019-06-01T09:00:00.000Z",
      body: "The reply that keeps its parent's place.",
    });
    expect(comments[0]?.createdAt).toBe("2019-06-01T08:00:00.123Z");
  });

  it("keeps a deleted comment with a reply as a tombstone and skips one without", () => {
    expect(comments.map((comment) => [comment.sourceId, comment.deletedAt ?? null])).toEqual([
      ["remark42:11111111-1111-4111-8111-111111111111", "2019-06-01T08:00:00.123Z"],
      ["remark42:22222222-2222-4222-8222-222222222222", null],
    ]);
    expect(result.skippedComments).toEqual([
      {
        reason: "deleted",
        sourceId: "remark42:33333333-3333-4333-8333-333333333333",
        threadKey: "/closed/",
      },
    ]);
  });

  it("takes the page title from the comments and decodes it", () => {
    expect(result.threads[0]?.title).toBe("Closed & done");
  });

  it('reads a backup that is only {"version":1} as empty', () => {
    expect(parseRemark42Backup('{"version":1,"users":[],"posts":[]}').threads).toEqual([]);
  });
});

// Written for Parley from FORMATS.md: what Remark42's stream decoder accepts beyond the fixtures.
describe("the edges of a Remark42 backup", () => {
  const comment = {
    id: "8b5f1f9e-7a4e-4c57-9d0a-0b3f1d2c3e4f",
    pid: "",
    text: "<p>Shown <b>HTML</b></p>",
    orig: "**orig is never rendered**",
    user: {
      name: "Ann",
      id: "github_1",
      ip: "9c2a0f3e8d7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c",
      admin: true,
    },
    locator: { site: "blog", url: "https://blog.example/p/1/" },
    time: "2020-02-01T10:00:00.5-05:00",
    score: 3,
    votes: { github_2: true },
    pin: true,
    edit: { time: "2020-02-01T11:00:00Z", summary: "typo" },
  };

  it("reads a version-0 meta line without users or posts, and takes text, never orig", () => {
    const result = parseRemark42Backup(`{"version":0}\n${JSON.stringify(comment)}`);
    expect(result.threads[0]!.comments[0]).toMatchObject({
      body: "Shown **HTML**",
      createdAt: "2020-02-01T15:00:00.500Z",
      networkAddress: null,
    });
  });

  it("reads a backup without a meta line", () => {
    expect(parseRemark42Backup(JSON.stringify(comment)).threads[0]!.key).toBe("/p/1/");
  });
});
