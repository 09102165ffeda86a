/** Long threads of replies come in pages: the first few under their root, the rest on request. */
import { beforeAll, describe, expect, it } from "vitest";
import { call, createSite, listComments, origin, expectError } from "../helpers";
import type { SeedComment } from "../../bench/seed-data";
import { importThreads } from "../seed";

const replyCount = 300;
let site: string;
const key = "/many-replies";
const rootId = "c_manyreplies_root";

/** One root with `replyCount` direct and nested replies, one a minute, oldest first. */
function manyReplies() {
  const start = Date.parse("2026-02-01T00:00:00.000Z");
  const comments: SeedComment[] = [
    {
      id: rootId,
      parentId: null,
      status: "approved" as const,
      author: { name: "Root", email: null, website: null },
      body: "The root",
      reasons: [],
      createdAt: new Date(start).toISOString(),
    },
  ];
  for (let index = 1; index <= replyCount; index += 1) {
    // Every fifth reply answers the reply before it, so pages cut across nesting.
    const parentId = index % 5 === 0 ? `c_manyreplies_${index - 1}` : rootId;
    comments.push({
      id: `c_manyreplies_${index}`,
      parentId,
      status: "approved",
      author: { name: `Reader ${index}`, email: null, website: null },
      body: `Reply ${index}`,
      reasons: [],
      createdAt: new Date(start + index * 60_000).toISOString(),
    });
  }
  return { key, url: `${origin}${key}`, title: "Many replies", comments };
}

function collectIds(comments: any[], into: string[] = []): string[] {
  for (const comment of comments) {
    into.push(comment.id);
    collectIds(comment.replies, into);
  }
  return into;
}

beforeAll(async () => {
  site = await createSite({ maxDepth: 10 });
  await importThreads(site, [manyReplies()]);
});

describe("paging replies", () => {
  it("lists a root with its first 50 replies and a cursor for the rest", async () => {
    const list = await listComments(site, key, "&limit=1");
    expect(list.comments).toHaveLength(1);
    const [root] = list.comments;
    const shown = collectIds(root.replies);
    expect(shown).toHaveLength(50);
    const oldest = Array.from({ length: 50 }, (_, index) => `c_manyreplies_${index + 1}`);
    expect(new Set(shown)).toEqual(new Set(oldest));
    expect(root.repliesCursor).toEqual(expect.any(String));
    expect(JSON.stringify(list).length).toBeLessThan(60_000);
  });

  it("takes the number of replies per root from `replies`", async () => {
    const list = await listComments(site, key, "&replies=5");
    expect(collectIds(list.comments[0].replies)).toHaveLength(5);
    const error = await call(`/api/comments?site=${site}&page=${key}&replies=500`);
    await expectError(error, 400, "invalid_input");
  });

  it("pages through every reply exactly once, each hanging under its parent", async () => {
    const list = await listComments(site, key);
    const seen = collectIds(list.comments[0].replies);
    let cursor: string | null = list.comments[0].repliesCursor;
    const known = new Set([rootId, ...seen]);
    while (cursor) {
      const res = await call(`/api/comments/${rootId}/replies?cursor=${cursor}&limit=100`);
      expect(res.status).toBe(200);
      const page = await res.json<any>();
      expect(Object.keys(page).sort()).toEqual(["nextCursor", "replies"]);
      for (const reply of page.replies) expect(known.has(reply.parentId)).toBe(true);
      const ids = collectIds(page.replies);
      for (const id of ids) known.add(id);
      seen.push(...ids);
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(replyCount);
    expect(new Set(seen).size).toBe(replyCount);
  });

  it("answers GET /api/comments/:id with the first replies and the cursor too", async () => {
    const res = await call(`/api/comments/${rootId}`);
    const comment = await res.json<any>();
    expect(collectIds(comment.replies)).toHaveLength(50);
    expect(comment.repliesCursor).toEqual(expect.any(String));
    expect(JSON.stringify(comment).length).toBeLessThan(60_000);
  });

  it("has no cursor when every reply is shown, and 404 for a reply's id or a bad cursor", async () => {
    const list = await listComments(site, key, "&replies=200");
    expect(collectIds(list.comments[0].replies)).toHaveLength(200);
    const last = await call(
      `/api/comments/${rootId}/replies?cursor=${list.comments[0].repliesCursor}`,
    );
    expect(last.status).toBe(200);
    const page = await last.json<any>();
    expect(collectIds(page.replies)).toHaveLength(50);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = await call(
      `/api/comments/${rootId}/replies?cursor=${list.comments[0].repliesCursor}&limit=100`,
    );
    const final = await rest.json<any>();
    expect(collectIds(final.replies)).toHaveLength(100);
    expect(final.nextCursor).toBeNull();
    expect(
      (await listComments(site, key, "&replies=200")).comments[0].repliesCursor,
    ).not.toBeNull();
    await expectError(await call(`/api/comments/c_manyreplies_3/replies`), 404, "not_found");
    await expectError(
      await call(`/api/comments/${rootId}/replies?cursor=***`),
      400,
      "invalid_input",
    );
  });
});
