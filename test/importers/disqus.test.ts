import { describe, expect, it } from "vitest";
import issoDisqus from "../fixtures/import/isso-disqus.xml?raw";
import { parseDisqusExport } from "../../importers/disqus";
import type { ImportResult } from "../../importers/types";

function sourceIds(result: ImportResult): string[] {
  return result.threads.flatMap((thread) => thread.comments.map((comment) => comment.sourceId));
}

function disqus(body: string): string {
  return `<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">${body}</disqus>`;
}

function post(id: number, thread: number, extra = ""): string {
  return `<post dsq:id="${id}"><message><![CDATA[<p>Post ${id}</p>]]></message>
    <createdAt>2020-01-02T03:04:05Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Reader ${id}</name></author><thread dsq:id="${thread}"/>${extra}</post>`;
}

// Counts read off isso-disqus.xml: 6 <post>s. Imported: 4 and 5 (thread 2, 5 replying to
// 4) and 8 (thread 7, whose <id> is empty but whose <link> keys it). Skipped: 9 (deleted),
// 11 (its parent is 9) and 6 (thread 1337 does not exist). Threads 2 and 7 have comments;
// thread 3 has neither link nor posts.
describe("Isso's Disqus export", () => {
  const result = parseDisqusExport(issoDisqus);

  it("imports three comments in two threads and skips three", () => {
    expect(result.threads.map((thread) => [thread.key, thread.comments.length])).toEqual([
      ["/", 2],
      ["/blog/2013/02/12/redacted/index.html", 1],
    ]);
    expect(result.skipped).toBe(3);
    expect(result.skippedByReason).toMatchObject({ deleted: 1, orphan: 2 });
  });

  it("keeps the thread's link and title, null when empty", () => {
    expect(result.threads[0]).toMatchObject({
      url: "http://example.org/",
      title: "Hello, World!",
      closed: false,
    });
    expect(result.threads[1]?.title).toBeNull();
  });

  it("links a reply to its parent and converts HTML messages", () => {
    const [first, reply] = result.threads[0]?.comments ?? [];
    expect(first).toMatchObject({
      sourceId: "disqus:4",
      parentSourceId: null,
      authorName: "peter",
      authorEmail: "foo@bar.com",
      authorWebsite: null,
      networkAddress: "127.0.0.1",
      body: "...",
      createdAt: "2013-10-10T19:20:29.000Z",
      status: "approved",
    });
    expect(reply).toMatchObject({
      sourceId: "disqus:5",
      parentSourceId: "disqus:4",
      body: "Hello, World.",
      createdAt: "2013-10-11T06:51:33.000Z",
    });
  });
});

describe("Disqus edge cases", () => {
  it("skips spam and counts it", () => {
    const xml = disqus(`<thread dsq:id="1"><link>https://blog.example/a/</link></thread>
      ${post(10, 1)}${post(11, 1, "").replace("<isSpam>false", "<isSpam>true")}`);
    const result = parseDisqusExport(xml);
    expect(sourceIds(result)).toEqual(["disqus:10"]);
    expect(result.skippedByReason.spam).toBe(1);
  });

  it("treats a post whose thread reference is empty as an orphan", () => {
    const xml = disqus(`<thread dsq:id="1"><link>https://blog.example/a/</link></thread>
      ${post(10, 1)}${post(11, 1).replace('<thread dsq:id="1"/>', "<thread/>")}`);
    const result = parseDisqusExport(xml);
    expect(sourceIds(result)).toEqual(["disqus:10"]);
    expect(result.skippedByReason.orphan).toBe(1);
  });

  it("merges the http and https threads of one page, keeping parents per thread", () => {
    const xml =
      disqus(`<thread dsq:id="1"><link>http://blog.example/a/</link><title>A</title></thread>
      <thread dsq:id="2"><link>https://blog.example/a/?utm_source=feed</link></thread>
      ${post(10, 1)}${post(11, 2)}${post(12, 2, '<parent dsq:id="10"/>')}`);
    const result = parseDisqusExport(xml);
    expect(result.threads).toHaveLength(1);
    expect(result.threads[0]).toMatchObject({ key: "/a/", title: "A" });
    // 12 replies to a post of the other Disqus thread: not resolvable within its own.
    expect(sourceIds(result)).toEqual(["disqus:10", "disqus:11"]);
    expect(result.skippedByReason.orphan).toBe(1);
  });

  it("marks closed threads and holds posts Disqus had not approved", () => {
    const xml =
      disqus(`<thread dsq:id="1"><link>https://blog.example/a/</link><isClosed>true</isClosed></thread>
      ${post(10, 1, "<isApproved>false</isApproved>")}`);
    const [thread] = parseDisqusExport(xml).threads;
    expect(thread?.closed).toBe(true);
    expect(thread?.comments[0]?.status).toBe("pending");
  });
});
