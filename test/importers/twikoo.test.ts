import { describe, expect, it } from "vitest";
import { commentById } from "./find-comment";
import adminExport from "../fixtures/import/twikoo-admin-export.json?raw";
import wrapped from "../fixtures/import/twikoo-backup-wrapped.json?raw";
import cloudBase from "../fixtures/import/twikoo-cloudbase.jsonl?raw";
import { detectFormat } from "../../importers/convert";
import { parseTwikooExport } from "../../importers/twikoo";

const id = (n: number) => `twikoo:a000000000000000000000000000000${n}`;

// twikoo-admin-export.json (written for Parley from FORMATS.md): 6 comments, the admin
// panel's JSON array; five on /post/1, one known only by its href.
describe("Twikoo's admin export", () => {
  const result = parseTwikooExport(adminExport);

  it("is detected from its records", () => {
    expect(detectFormat(adminExport)).toBe("twikoo");
  });

  it("keys threads by url, and by href's path (fragment dropped) when url is empty", () => {
    expect(result.threads.map((thread) => [thread.key, thread.comments.length])).toEqual([
      ["/post/1", 5],
      ["/post/2/", 1],
    ]);
  });

  it("reads created as epoch milliseconds", () => {
    expect(commentById(result, id(1)).createdAt).toBe("2024-03-09T16:00:00.000Z");
  });

  it("places a reply under pid, and under rid when pid is null", () => {
    expect(commentById(result, id(3)).parentSourceId).toBe(id(2));
    expect(commentById(result, id(5)).parentSourceId).toBe(id(1));
  });

  it("puts isSpam comments in the spam queue: Twikoo's manual review marks pending ones the same way", () => {
    expect(commentById(result, id(4)).status).toBe("spam");
    expect(result.skipped).toBe(0);
  });

  it("keeps an OwO emoji image's alt text", () => {
    // Escaped, so Parley's Markdown shows the brackets rather than reading a link.
    expect(commentById(result, id(2)).body).toBe("Nice \\[smile] post");
  });

  it("reads votes given as arrays, as a JSON string, or as the older like without failing", () => {
    expect(commentById(result, id(5)).body).toBe("A reply that names only its root.");
    expect(commentById(result, id(1)).authorWebsite).toBe("https://owner.example/");
  });
});

describe("Twikoo as JSON lines from CloudBase or mongoexport", () => {
  const result = parseTwikooExport(cloudBase);

  it("is detected, and reads $oid ids and $numberLong times", () => {
    expect(detectFormat(cloudBase)).toBe("twikoo");
    expect(commentById(result, "twikoo:65f0c0ffee0000000000b002")).toMatchObject({
      parentSourceId: "twikoo:b0000000000000000000000000000001",
      createdAt: "2023-11-14T22:15:00.000Z",
    });
  });

  it("imports a comment listed twice (plain id, then $oid) once", () => {
    expect(result.threads[0]?.comments).toHaveLength(2);
    expect(result.skippedComments).toEqual([
      {
        reason: "duplicate",
        sourceId: "twikoo:b0000000000000000000000000000001",
        threadKey: "/post/3",
      },
    ]);
  });
});

it("reads a backup wrapped as {code, data}", () => {
  expect(detectFormat(wrapped)).toBe("twikoo");
  expect(parseTwikooExport(wrapped).threads[0]?.key).toBe("/post/4");
});
