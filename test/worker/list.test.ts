import { describe, expect, it } from "vitest";
import { sql } from "../sql";
import {
  call,
  createSite,
  listComments,
  postComment,
  postOk,
  unique,
  openSite,
  expectError,
} from "../helpers";

const publicCommentKeys = [
  "author",
  "createdAt",
  "editedAt",
  "html",
  "id",
  "parentId",
  "replies",
].sort();
/** A top-level comment also says where its replies go on. */
const topCommentKeys = [...publicCommentKeys, "moreReplies", "repliesCursor"].sort();

function list(site: string, page: string, query = "") {
  return call(`/api/comments?site=${site}&page=${encodeURIComponent(page)}${query}`);
}

/** Posts `count` roots one after another; returns their ids, oldest first. */
async function postRoots(site: string, page: string, count: number): Promise<string[]> {
  const roots: { id: string; createdAt: string }[] = [];
  for (let index = 0; index < count; index += 1) {
    const posted = await postOk({
      site,
      page,
      body: `root ${index}`,
      email: `r${index}@x.example`,
    });
    roots.push({ id: posted.comment.id, createdAt: posted.comment.createdAt as string });
  }
  // Two posts may share a millisecond; the list breaks such ties by id.
  roots.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1));
  return roots.map((root) => root.id);
}

async function visitAll(site: string, page: string, query: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages += 1) {
    const after: string = cursor ? `&cursor=${cursor}` : "";
    const body = await listComments(site, page, `${query}${after}`);
    expect(body.comments.length).toBeLessThanOrEqual(10);
    seen.push(...body.comments.map((comment: { id: string }) => comment.id));
    cursor = body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error("pagination did not end");
}

describe("GET /api/comments", () => {
  it("answers exactly the contract's keys for the list, the thread, the config and each comment", async () => {
    const site = await openSite();
    const page = unique("/shape");
    const root = await postOk({ site, page, website: "https://ann.example" });
    await postOk({ site, page, parentId: root.comment.id });

    const body = await listComments(site, page);
    expect(Object.keys(body).sort()).toEqual(["comments", "config", "nextCursor", "thread"]);
    expect(Object.keys(body.thread).sort()).toEqual([
      "closed",
      "count",
      "key",
      "reactions",
      "title",
      "url",
    ]);
    expect(Object.keys(body.config).sort()).toEqual(
      [
        "editWindowSeconds",
        "formToken",
        "likes",
        "maxDepth",
        "maxLength",
        "notifications",
        "reactions",
        "reports",
        "requireEmail",
        "requireName",
        "signIn",
        "turnstileSiteKey",
        "verification",
      ].sort(),
    );
    const [comment] = body.comments;
    expect(Object.keys(comment).sort()).toEqual(topCommentKeys);
    expect(comment).toMatchObject({ repliesCursor: null, moreReplies: 0 });
    expect(Object.keys(comment.author).sort()).toEqual(["avatar", "name", "website"]);
    expect(Object.keys(comment.replies[0]).sort()).toEqual(publicCommentKeys);
    expect(comment.author).toEqual({
      name: "Ann",
      website: "https://ann.example/",
      avatar: expect.stringMatching(/^[0-9a-f]{16,}$/),
    });
    expect(body.thread).toEqual({
      key: page,
      url: `https://blog.example${page}`,
      title: "A post",
      count: 2,
      closed: false,
      reactions: {},
    });
    expect(new Date(comment.createdAt).toISOString()).toBe(comment.createdAt);
    expect(comment.editedAt).toBeNull();
  });

  it("treats an unknown page as an empty thread, not an error", async () => {
    const site = await createSite({ maxDepth: 3, maxLength: 500, requireEmail: false });
    const body = await listComments(site, unique("/nobody-here"));
    expect(body.comments).toEqual([]);
    expect(body.nextCursor).toBeNull();
    expect(body.thread).toMatchObject({ count: 0, url: null, title: null, closed: false });
    expect(body.config).toMatchObject({
      requireEmail: false,
      requireName: true,
      maxDepth: 3,
      maxLength: 500,
      editWindowSeconds: 900,
      formToken: expect.any(String),
    });
  });

  it("answers 404 site_not_found for a site that does not exist", async () => {
    await expectError(await list("no-such-site", "/a"), 404, "site_not_found");
  });

  it("visits every root exactly once, oldest first, in pages of 10", async () => {
    const site = await openSite();
    const page = unique("/paged");
    const ids = await postRoots(site, page, 45);
    // Replies must not take root slots or shift the pages.
    await postOk({ site, page, parentId: ids[3]!, body: "reply to root 3" });
    await postOk({ site, page, parentId: ids[10]!, body: "reply to root 10" });

    const seen = await visitAll(site, page, "&limit=10");
    expect(seen).toEqual(ids);
  });

  it("visits every root exactly once, newest first, in pages of 10", async () => {
    const site = await openSite();
    const page = unique("/paged-newest");
    const ids = await postRoots(site, page, 45);
    const seen = await visitAll(site, page, "&limit=10&sort=newest");
    expect(seen).toEqual([...ids].reverse());
  });

  it("pages through roots that share one creation time by their id", async () => {
    const site = await openSite();
    const page = unique("/same-time");
    const ids = await postRoots(site, page, 7);
    await sql(
      `UPDATE comments SET created_at = '2026-01-01T00:00:00.000Z' WHERE site_id = ?1`,
      site,
    );
    const seen: string[] = [];
    let cursor = "";
    do {
      const body = await listComments(site, page, `&limit=2${cursor}`);
      seen.push(...body.comments.map((comment: { id: string }) => comment.id));
      cursor = body.nextCursor ? `&cursor=${body.nextCursor}` : "";
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
  });

  it("refuses a tampered cursor with 400 naming the cursor", async () => {
    const site = await openSite();
    const page = unique("/tamper");
    const forged = btoa(JSON.stringify(["yesterday", "c_x"])).replace(/=+$/, "");
    for (const cursor of ["not-a-cursor", "%2B%2F%3D", forged, "W10", "a".repeat(400)]) {
      const body = await expectError(
        await list(site, page, `&cursor=${cursor}`),
        400,
        "invalid_input",
      );
      expect(Object.keys(body.error.fields!)).toEqual(["cursor"]);
    }
  });

  it("refuses limits outside 1..100 and unknown sort orders", async () => {
    const site = await openSite();
    const page = unique("/limits");
    for (const query of ["&limit=0", "&limit=101", "&limit=-1", "&limit=ten", "&limit=1.5"]) {
      const body = await expectError(await list(site, page, query), 400, "invalid_input");
      expect(Object.keys(body.error.fields!)).toEqual(["limit"]);
    }
    const sort = await expectError(await list(site, page, "&sort=random"), 400, "invalid_input");
    expect(Object.keys(sort.error.fields!)).toEqual(["sort"]);
    expect((await list(site, page, "&limit=100")).status).toBe(200);
    expect((await list(site, page, "&limit=1")).status).toBe(200);
  });

  it("names the missing site and page", async () => {
    const body = await expectError(await call("/api/comments"), 400, "invalid_input");
    expect(Object.keys(body.error.fields!).sort()).toEqual(["page", "site"]);
  });

  it("nests replies to depth 5 and refuses a reply to a depth-5 comment", async () => {
    const site = await openSite();
    const page = unique("/deep");
    let parentId: string | null = null;
    const chain: string[] = [];
    for (let depth = 1; depth <= 5; depth += 1) {
      const posted = await postOk({ site, page, parentId, body: `depth ${depth}` });
      chain.push(posted.comment.id);
      parentId = posted.comment.id;
    }
    const refused = await postComment({ site, page, parentId, body: "depth 6" });
    const error = await expectError(refused, 400, "invalid_input");
    expect(Object.keys(error.error.fields!)).toEqual(["parentId"]);

    const body = await listComments(site, page);
    let level = body.comments;
    for (const id of chain) {
      expect(level).toHaveLength(1);
      expect(level[0].id).toBe(id);
      level = level[0].replies;
    }
    expect(level).toEqual([]);
    expect(body.thread.count).toBe(5);
  });

  it("hides pending comments and the approved replies below them", async () => {
    const site = await openSite({ holdWords: ["hold-me"] });
    const page = unique("/pending");
    const root = await postOk({ site, page, body: "visible root" });
    const reply = await postOk({ site, page, parentId: root.comment.id, body: "visible reply" });
    await postOk({ site, page, parentId: reply.comment.id, body: "an approved grandchild" });
    const held = await postOk({ site, page, body: "please hold-me" });
    expect(held.comment.status).toBe("pending");
    // A reply can only be made to an approved comment, so hold its parent afterwards.
    await sql(`UPDATE comments SET status = 'pending' WHERE id = ?1`, reply.comment.id);

    const body = await listComments(site, page);
    expect(body.comments.map((comment: { id: string }) => comment.id)).toEqual([root.comment.id]);
    expect(body.comments[0].replies).toEqual([]);
    expect(JSON.stringify(body)).not.toContain("hold-me");
    expect(JSON.stringify(body)).not.toContain("grandchild");
  });

  it("shows a deleted comment with replies as a tombstone", async () => {
    const site = await openSite();
    const page = unique("/tombstone");
    const root = await postOk({ site, page, body: "soon gone", website: "https://ann.example" });
    const reply = await postOk({ site, page, parentId: root.comment.id, body: "stays" });
    const deleted = await call(`/api/comments/${root.comment.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${root.editToken}` },
    });
    expect(deleted.status).toBe(204);

    const body = await listComments(site, page);
    expect(body.comments).toHaveLength(1);
    const [tombstone] = body.comments;
    expect(tombstone).toMatchObject({
      id: root.comment.id,
      deleted: true,
      html: "",
      author: { name: "", website: null },
    });
    expect(Object.keys(tombstone).sort()).toEqual([...topCommentKeys, "deleted"].sort());
    expect(tombstone.replies.map((r: { id: string }) => r.id)).toEqual([reply.comment.id]);
    expect(JSON.stringify(body)).not.toContain("soon gone");
    expect(body.thread.count).toBe(1);
  });
});
