/**
 * The path `npm run import` and the desk share (importers/import-file.ts, send-import.ts):
 * a file's bytes read as its format, chunks of whole threads, and the sending loop against
 * the real import route on a real local D1. Where a failure is the point, only the outbound
 * call is replaced: the first answers are a 503 or a dropped connection, then the route's.
 */
import { describe, expect, it } from "vitest";
import wordpress from "../fixtures/import/wordpress-theme-unit-test.xml?raw";
import remark42Gzip from "../fixtures/import/remark42-native-backup.gz?inline";
import { detectFormatOfBytes, readExportFromBytes } from "../../importers/convert";
import { ImportFormatError } from "../../importers/errors";
import { readImportFile, serverRefusals } from "../../importers/import-file";
import {
  chunkThreads,
  countComments,
  freshProgress,
  importFingerprint,
  ImportStoppedError,
  sendChunks,
  type ImportProgress,
  type PostChunk,
} from "../../importers/send-import";
import type { ParleyThread } from "../../worker/schemas/parley-format";
import { asModerator, call, createSite } from "../helpers";
import { siteRows } from "../sql";
import { bytesOfDataUrl } from "./export-bytes";

const wordpressBytes = new TextEncoder().encode(wordpress);
const sqliteBytes = new TextEncoder().encode("SQLite format 3\0 and then pages");

/** The import route itself, as the CLI and the desk reach it. */
const routeOf =
  (site: string, sent: string[] = []): PostChunk =>
  (body) => {
    sent.push(body);
    return call(
      `/api/mod/import?site=${site}&format=parley`,
      asModerator({ method: "POST", headers: { "Content-Type": "application/json" }, body }),
    );
  };

const thread = (key: string, comments: number): ParleyThread =>
  ({ key, comments: Array.from({ length: comments }, () => ({})) }) as unknown as ParleyThread;

describe("reading a file for an import", () => {
  // SQLite files (Isso, Cusdis) are detected in Node: workerd compiles no WebAssembly at run
  // time (test/importers/node/sqlite-bytes.test.ts).
  it("detects text and gzip formats from the bytes, and names a SQLite file read as text", async () => {
    expect(await detectFormatOfBytes(wordpressBytes)).toBe("wordpress");
    expect(await detectFormatOfBytes(bytesOfDataUrl(remark42Gzip))).toBe("remark42");
    await expect(readExportFromBytes(sqliteBytes, "waline")).rejects.toThrow(
      "This is a SQLite database file, not a waline export.",
    );
  });

  it("converts a WordPress export to Parley's threads, with what it left out", async () => {
    const { threads, skippedComments } = await readImportFile(wordpressBytes, "blog", "wordpress");
    expect(threads).toHaveLength(7);
    expect(countComments(threads)).toBe(29);
    expect(skippedComments).toHaveLength(4);
    expect(serverRefusals(threads)).toEqual([]);
  });

  it("names the field of a Parley file that is not one", async () => {
    const broken = new TextEncoder().encode(
      JSON.stringify({ format: "parley", version: 1, threads: [{ key: "/a", comments: "no" }] }),
    );
    const reading = readImportFile(broken, "blog", "parley");
    await expect(reading).rejects.toBeInstanceOf(ImportFormatError);
    await expect(reading).rejects.toThrow(/^Not a Parley export: field threads\.0\.comments: /);
  });

  it("says which thread and field the server would refuse", async () => {
    const [first] = (await readImportFile(wordpressBytes, "blog", "wordpress")).threads;
    const broken = { ...first!, comments: [{ ...first!.comments[0]!, body: "" }] };
    expect(serverRefusals([broken])).toEqual([
      expect.stringMatching(new RegExp(`^thread ${first!.key}: comments\\.0\\.body: `)),
    ]);
  });

  it("fingerprints the file with where it goes, so progress resumes only the same import", async () => {
    const one = await importFingerprint(wordpressBytes, { site: "a", chunkSize: 5 });
    expect(await importFingerprint(wordpressBytes, { site: "a", chunkSize: 5 })).toBe(one);
    expect(await importFingerprint(wordpressBytes, { site: "b", chunkSize: 5 })).not.toBe(one);
    expect(await importFingerprint(sqliteBytes, { site: "a", chunkSize: 5 })).not.toBe(one);
  });
});

describe("chunks of whole threads", () => {
  it("fills a chunk up to the size, never splitting a thread, a long thread alone", () => {
    const chunks = chunkThreads(
      [thread("/a", 2), thread("/b", 2), thread("/c", 7), thread("/d", 1)],
      4,
    );
    expect(chunks.map((chunk) => chunk.map((t) => t.key))).toEqual([["/a", "/b"], ["/c"], ["/d"]]);
  });
});

describe("sending an import in chunks", () => {
  async function wordpressChunks(site: string) {
    const { threads } = await readImportFile(wordpressBytes, site, "wordpress");
    return chunkThreads(threads, 5);
  }

  it("imports every chunk once; sent again, the same file adds nothing", async () => {
    const site = await createSite();
    const chunks = await wordpressChunks(site);
    const seen: ImportProgress[] = [];
    const first = await sendChunks(chunks, freshProgress(), {
      post: routeOf(site),
      onChunk: (progress) => void seen.push(progress),
    });
    expect(first).toEqual({ done: chunks.length, threads: 7, comments: 29, skipped: 0 });
    expect(seen.map((progress) => progress.done)).toEqual(chunks.map((_, index) => index + 1));
    const again = await sendChunks(chunks, freshProgress(), { post: routeOf(site) });
    expect(again).toMatchObject({ threads: 0, comments: 0 });
    expect(await siteRows("comments", site)).toBe(29);
  });

  it("resumes at the first chunk not done, adding to the counts so far", async () => {
    const site = await createSite();
    const chunks = await wordpressChunks(site);
    const sent: string[] = [];
    const partial = await sendChunks(chunks.slice(0, 2), freshProgress(), {
      post: routeOf(site),
    });
    const resumed = await sendChunks(chunks, partial, { post: routeOf(site, sent) });
    expect(sent).toHaveLength(chunks.length - 2);
    expect(resumed).toMatchObject({ done: chunks.length, threads: 7, comments: 29 });
  });

  it("retries a 503 and a dropped connection, then goes on", async () => {
    const site = await createSite();
    const chunks = await wordpressChunks(site);
    const route = routeOf(site);
    const failures: (() => Promise<Response>)[] = [
      async () => new Response("busy", { status: 503 }),
      async () => {
        throw new TypeError("fetch failed");
      },
    ];
    const result = await sendChunks(chunks, freshProgress(), {
      post: (body, signal) => failures.shift()?.() ?? route(body, signal),
      backoffMs: 1,
    });
    expect(failures).toHaveLength(0);
    expect(result.comments).toBe(29);
  });

  it("stops at a refusal with the server's message, sending nothing more", async () => {
    const chunks = await wordpressChunks("no-such-site");
    const sent: string[] = [];
    const sending = sendChunks(chunks, freshProgress(), { post: routeOf("no-such-site", sent) });
    await expect(sending).rejects.toBeInstanceOf(ImportStoppedError);
    await expect(sending).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/^The server refused a chunk \(404\): /),
    });
    expect(sent).toHaveLength(1);
  });

  it("gives up after five failures, saying the rest can be sent again", async () => {
    let attempts = 0;
    const sending = sendChunks([[thread("/a", 1)]], freshProgress(), {
      post: async () => {
        attempts += 1;
        return new Response("down", { status: 502 });
      },
      backoffMs: 1,
    });
    await expect(sending).rejects.toMatchObject({
      retryable: true,
      message: "The server kept failing (502).",
    });
    expect(attempts).toBe(5);
  });

  it("stops when cancelled: what was sent stays, nothing more goes", async () => {
    const site = await createSite();
    const chunks = await wordpressChunks(site);
    const stop = new AbortController();
    const sent: string[] = [];
    let last = freshProgress();
    const sending = sendChunks(chunks, freshProgress(), {
      post: routeOf(site, sent),
      signal: stop.signal,
      onChunk(progress) {
        last = progress;
        stop.abort();
      },
    });
    await expect(sending).rejects.toThrow();
    expect(sent).toHaveLength(1);
    expect(last.done).toBe(1);
    expect(await siteRows("comments", site)).toBe(last.comments);
  });
});
