import { describe, expect, it } from "vitest";
import themeUnitTest from "../fixtures/import/wordpress-theme-unit-test.xml?raw";
import issoWordPress from "../fixtures/import/isso-wordpress.xml?raw";
import { parseWordPressExport } from "../../importers/wordpress";
import type { ImportedComment, ImportResult } from "../../importers/types";

function allComments(result: ImportResult): ImportedComment[] {
  return result.threads.flatMap((thread) => thread.comments);
}

function threadByKey(result: ImportResult, key: string) {
  const thread = result.threads.find((candidate) => candidate.key === key);
  if (!thread) throw new Error(`no thread ${key}`);
  return thread;
}

/** A minimal WXR document around the given <item>s. */
function wxr(items: string, namespace = "http://wordpress.org/export/1.2/"): string {
  return `<?xml version="1.0"?><rss version="2.0" xmlns:wp="${namespace}"><channel>${items}</channel></rss>`;
}

function comment(id: number, fields: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    comment_id: String(id),
    comment_author: `Author ${id}`,
    comment_date_gmt: "2020-01-02 03:04:05",
    comment_content: `Comment ${id}`,
    comment_approved: "1",
    comment_parent: "0",
    ...fields,
  };
  const children = Object.entries(values).map(
    ([name, value]) => `<wp:${name}>${value}</wp:${name}>`,
  );
  return `<wp:comment>${children.join("")}</wp:comment>`;
}

// Counts read off wordpress-theme-unit-test.xml: `grep -c "<wp:comment>"` → 33 comments;
// 4 of them have <wp:comment_type> pingback or trackback; `<wp:comment_approved>0` → 3
// pending; the 33 sit in 7 of the 186 <item>s (one per distinct post with a <wp:comment>).
describe("WordPress theme unit test data (https namespace, WXR 1.2)", () => {
  const result = parseWordPressExport(themeUnitTest);

  it("imports every post with comments as a thread and skips only the pingbacks", () => {
    expect(result.threads).toHaveLength(7);
    expect(allComments(result)).toHaveLength(29);
    expect(result.skipped).toBe(4);
    expect(result.skippedByReason.pingback).toBe(4);
  });

  it("keeps pending comments as pending", () => {
    const pending = allComments(result).filter((comment) => comment.status === "pending");
    expect(pending.map((comment) => comment.sourceId).sort()).toEqual([
      "wordpress:1148:1015",
      "wordpress:155:1017",
      "wordpress:703:1016",
    ]);
  });

  it("keeps a reply chain ten levels deep, each comment under the one before", () => {
    const thread = threadByKey(result, "/2012/01/03/template-comments/");
    const byId = new Map(thread.comments.map((comment) => [comment.sourceId, comment]));
    const deepest = byId.get("wordpress:1148:915");
    const chain: string[] = [];
    for (let current = deepest; current;) {
      chain.unshift(current.body.split("\n")[0] ?? "");
      current = current.parentSourceId ? byId.get(current.parentSourceId) : undefined;
    }
    expect(chain).toEqual([
      "Comment Depth 01",
      "Comment Depth 02",
      "Comment Depth 03",
      "Comment Depth 04",
      "Comment Depth 05",
      "Comment Depth 06 has some more text than some of the other comments on this post.",
      "Comment Depth 07 has a little bit.",
      "Comment Depth 08",
      "Comment Depth 09 is way nested, but there are a lot of sites with very nested comments.",
      "Comment Depth 10",
    ]);
  });

  it("lists every parent before its replies", () => {
    for (const thread of result.threads) {
      const seen = new Set<string>();
      for (const comment of thread.comments) {
        if (comment.parentSourceId) expect(seen.has(comment.parentSourceId)).toBe(true);
        seen.add(comment.sourceId);
      }
    }
  });

  it("keys threads by the path of the post link and keeps title and closed state", () => {
    const thread = threadByKey(result, "/2012/01/01/template-pingbacks-an-trackbacks/");
    expect(thread).toMatchObject({
      url: "https://wpthemetestdata.wordpress.com/2012/01/01/template-pingbacks-an-trackbacks/",
      title: "Template: Pingbacks And Trackbacks",
      closed: true,
    });
    expect(threadByKey(result, "/about/page-with-comments/").closed).toBe(false);
  });

  it("takes the time from comment_date_gmt, as ISO UTC", () => {
    const thread = threadByKey(result, "/about/page-with-comments/");
    // comment 169: comment_date 2007-09-04 10:48:51, comment_date_gmt 2007-09-04 17:48:51
    const author = thread.comments.find((comment) => comment.sourceId === "wordpress:155:169");
    expect(author?.createdAt).toBe("2007-09-04T17:48:51.000Z");
    for (const comment of allComments(result)) {
      expect(comment.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it("converts HTML bodies to Markdown, dropping images", () => {
    const thread = threadByKey(result, "/2012/01/03/template-comments/");
    const image = thread.comments.find((comment) => comment.sourceId === "wordpress:1148:917");
    expect(image?.body).toBe("Image comment.\n\nIf the image imports...");
    const anonymous = thread.comments.find((comment) => comment.sourceId === "wordpress:1148:899");
    expect(anonymous?.body).toContain("[Gravatar](https://gravatar.com//)");
    expect(anonymous?.body).not.toContain("<");
  });

  it("imports pingbacks and trackbacks when asked to, with decoded names", () => {
    const withPings = parseWordPressExport(themeUnitTest, { includePingbacks: true });
    expect(allComments(withPings)).toHaveLength(33);
    expect(withPings.skipped).toBe(0);
    const thread = threadByKey(withPings, "/2012/01/01/template-pingbacks-an-trackbacks/");
    expect(thread.comments).toHaveLength(5);
    expect(thread.comments[0]?.authorName).toBe("Ping 1 « What’s a tellyworth?");
  });
});

// Counts read off isso-wordpress.xml: two <item>s hold <wp:comment>s (7 and 1); the third
// has none and so yields no thread. Comment id 11 appears in both items.
describe("Isso's WordPress export (WXR 1.0, http namespace)", () => {
  const result = parseWordPressExport(issoWordPress);

  it("imports both commented posts, resolving repeated ids within their post", () => {
    expect(result.threads.map((thread) => [thread.key, thread.comments.length])).toEqual([
      ["/2014/test/", 7],
      ["/?p=4", 1],
    ]);
    expect(result.skipped).toBe(0);
    const ids = allComments(result).map((comment) => comment.sourceId);
    expect(new Set(ids).size).toBe(8);
    expect(ids).toContain("wordpress:18:11");
    expect(ids).toContain("wordpress:/?p=4:11");
  });

  it("links replies to their parents in the same post", () => {
    const thread = threadByKey(result, "/2014/test/");
    const parents = Object.fromEntries(
      thread.comments.map((comment) => [comment.sourceId, comment.parentSourceId]),
    );
    expect(parents).toMatchObject({
      "wordpress:18:7": "wordpress:18:6",
      "wordpress:18:8": "wordpress:18:7",
      "wordpress:18:9": "wordpress:18:7",
      "wordpress:18:11": null,
    });
  });

  it("keeps a multi-line body's line break and trims the email", () => {
    const thread = threadByKey(result, "/2014/test/");
    const multiline = thread.comments.find((comment) => comment.sourceId === "wordpress:18:10");
    expect(multiline).toMatchObject({
      body: "When you have a comment with multiple lines:\\\nWordPress exports it like this.",
      authorEmail: "multiline@example.org",
      networkAddress: "::ffff:86.52.1.0",
      // comment_date is 12:13:14 local; the GMT field wins.
      createdAt: "2022-06-06T02:13:14.000Z",
    });
  });
});

describe("WordPress edge cases", () => {
  it("skips spam and trash and counts them", () => {
    const xml = wxr(`<item><link>https://blog.example/a/</link>
      ${comment(1)}${comment(2, { comment_approved: "spam" })}
      ${comment(3, { comment_approved: "trash" })}${comment(4, { comment_approved: "post-trashed" })}
      ${comment(5, { comment_approved: "0" })}</item>`);
    const result = parseWordPressExport(xml);
    expect(allComments(result).map((c) => [c.sourceId, c.status])).toEqual([
      ["wordpress:/a/:1", "approved"],
      ["wordpress:/a/:5", "pending"],
    ]);
    expect(result.skippedByReason).toMatchObject({ spam: 1, deleted: 2 });
    expect(result.skipped).toBe(3);
  });

  it("keeps a trashed comment with replies as a tombstone, dated by its trash time", () => {
    const trashedAt =
      "<wp:commentmeta><wp:meta_key>_wp_trash_meta_time</wp:meta_key><wp:meta_value>1700000000</wp:meta_value></wp:commentmeta>";
    const xml = wxr(`<item><link>https://blog.example/a/</link>
      ${comment(1, { comment_approved: "trash" }).replace("</wp:comment>", `${trashedAt}</wp:comment>`)}
      ${comment(2, { comment_parent: "1" })}
      ${comment(3, { comment_approved: "trash" })}${comment(4, { comment_parent: "3" })}
      ${comment(5, { comment_approved: "post-trashed" })}${comment(6, { comment_parent: "5" })}
      ${comment(7, { comment_approved: "trash" })}</item>`);
    const result = parseWordPressExport(xml);
    expect(allComments(result).map((c) => [c.sourceId, c.deletedAt ?? null])).toEqual([
      ["wordpress:/a/:1", "2023-11-14T22:13:20.000Z"],
      ["wordpress:/a/:2", null],
      // Without the trash time, its own date stands in.
      ["wordpress:/a/:3", "2020-01-02T03:04:05.000Z"],
      ["wordpress:/a/:4", null],
    ]);
    // A trashed post's comments go with it; a trashed comment without replies is left out.
    expect(result.skippedByReason).toMatchObject({ deleted: 2, orphan: 1 });
  });

  it("keys a thread by Parley's own page key when the item names one", () => {
    const xml = wxr(`<item><link>https://blog.example/post-42</link>
      <wp:postmeta><wp:meta_key>parley_page_key</wp:meta_key><wp:meta_value><![CDATA[post-42]]></wp:meta_value></wp:postmeta>
      ${comment(1)}</item>`);
    expect(threadByKey(parseWordPressExport(xml), "post-42").url).toBe(
      "https://blog.example/post-42",
    );
  });

  it("skips replies whose parent is missing or skipped, and replies to those", () => {
    const xml = wxr(`<item><link>https://blog.example/a/</link>
      ${comment(1, { comment_approved: "spam" })}${comment(2, { comment_parent: "1" })}
      ${comment(3, { comment_parent: "2" })}${comment(4, { comment_parent: "99" })}
      ${comment(5)}</item>`);
    const result = parseWordPressExport(xml);
    expect(allComments(result).map((c) => c.sourceId)).toEqual(["wordpress:/a/:5"]);
    expect(result.skippedByReason).toMatchObject({ spam: 1, orphan: 3 });
  });

  it("orders a parent exported after its reply before it", () => {
    const xml = wxr(`<item><link>https://blog.example/a/</link>
      ${comment(2, { comment_parent: "1" })}${comment(1)}</item>`);
    const ids = allComments(parseWordPressExport(xml)).map((c) => c.sourceId);
    expect(ids).toEqual(["wordpress:/a/:1", "wordpress:/a/:2"]);
  });

  it("reads the https namespace of any 1.x version", () => {
    const xml = wxr(
      `<item><link>https://blog.example/a/</link>${comment(1)}</item>`,
      "https://wordpress.org/export/1.1/",
    );
    expect(allComments(parseWordPressExport(xml))).toHaveLength(1);
  });

  it("skips comment types other than comments and pings", () => {
    const xml = wxr(`<item><link>https://shop.example/order/</link>
      ${comment(1, { comment_type: "order_note" })}${comment(2, { comment_type: "comment" })}</item>`);
    const result = parseWordPressExport(xml);
    expect(allComments(result)).toHaveLength(1);
    expect(result.skippedByReason["unsupported-type"]).toBe(1);
  });

  it("falls back to the local time, then the post's, and skips a comment with none", () => {
    const xml = wxr(`<item><link>https://blog.example/a/</link><wp:post_id>7</wp:post_id>
      <wp:post_date_gmt>2019-05-06 07:08:09</wp:post_date_gmt>
      ${comment(1, { comment_date_gmt: "0000-00-00 00:00:00", comment_date: "2020-02-03 04:05:06" })}
      ${comment(2, { comment_date_gmt: "" })}</item>
      <item><link>https://blog.example/b/</link>${comment(3, { comment_date_gmt: "" })}</item>`);
    const result = parseWordPressExport(xml);
    expect(allComments(result).map((c) => c.createdAt)).toEqual([
      "2020-02-03T04:05:06.000Z",
      "2019-05-06T07:08:09.000Z",
    ]);
    expect(result.skippedByReason["no-date"]).toBe(1);
  });

  it("keys a post without a link by its id, as WordPress serves it", () => {
    const xml = wxr(`<item><wp:post_id>42</wp:post_id>${comment(1)}</item>`);
    expect(parseWordPressExport(xml).threads[0]).toMatchObject({ key: "/?p=42", url: null });
  });

  it("keeps only http(s) websites and lowercases emails", () => {
    const xml = wxr(`<item><link>https://blog.example/a/</link>
      ${comment(1, { comment_author_url: "javascript:alert(1)", comment_author_email: " Ann@Example.ORG " })}
      ${comment(2, { comment_author_url: "https://ann.example" })}</item>`);
    const [first, second] = allComments(parseWordPressExport(xml));
    expect(first).toMatchObject({ authorWebsite: null, authorEmail: "ann@example.org" });
    expect(second?.authorWebsite).toBe("https://ann.example/");
  });

  it("gives the same source ids on a second parse, so re-import adds nothing", () => {
    const ids = (xml: string) => allComments(parseWordPressExport(xml)).map((c) => c.sourceId);
    expect(ids(themeUnitTest)).toEqual(ids(themeUnitTest));
  });
});
