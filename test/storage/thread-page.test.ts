/** The thread as readers page through it (storage/thread-page.ts), read straight from D1. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadThreadPage } from "../../worker/storage/thread-page";
import { openSite, postOk, unique } from "../helpers";
import { modJson } from "../mod-api";

async function thread(roots: number) {
  const site = await openSite();
  const page = unique("/page");
  const ids: string[] = [];
  for (let n = 0; n < roots; n++)
    ids.push((await postOk({ site, page, body: `root ${n}` })).comment.id);
  return { site, page, ids };
}

const read = (
  site: string,
  key: string,
  more: Partial<Parameters<typeof loadThreadPage>[1]> = {},
) =>
  loadThreadPage(env.DB, {
    siteId: site,
    key,
    after: null,
    limit: 2,
    replyLimit: 2,
    sort: "oldest",
    ...more,
  });

describe("a page of a thread", () => {
  it("gives a page of roots in order, where the next starts, and the roots' first replies", async () => {
    const { site, page, ids } = await thread(3);
    for (const body of ["a", "b", "c"]) await postOk({ site, page, body, parentId: ids[0] });

    const first = await read(site, page);
    expect(first.rootIds).toEqual(ids.slice(0, 2));
    expect(first.nextAfter).not.toBeNull();
    const replies = first.comments.filter((comment) => comment.parentId === ids[0]);
    expect(replies.map((reply) => reply.body)).toEqual(["a", "b"]);
    expect(first.moreReplies.get(ids[0]!)).toMatchObject({ left: 1 });

    const second = await read(site, page, { after: first.nextAfter });
    expect(second.rootIds).toEqual([ids[2]]);
    expect(second.nextAfter).toBeNull();
  });

  it("puts pinned roots first, and reads the newest first when asked", async () => {
    const { site, page, ids } = await thread(3);
    await modJson("PATCH", `/api/mod/comments/${ids[1]}`, { pinned: true });
    expect((await read(site, page, { limit: 3 })).rootIds).toEqual([ids[1], ids[0], ids[2]]);
    expect((await read(site, page, { limit: 3, sort: "newest" })).rootIds).toEqual([
      ids[1],
      ids[2],
      ids[0],
    ]);
  });

  it("knows no thread of a page nobody commented on, and no site that does not exist", async () => {
    const site = await openSite();
    const empty = await read(site, unique("/empty"));
    expect(empty).toMatchObject({ thread: null, rootIds: [], comments: [], nextAfter: null });
    expect(empty.site?.id).toBe(site);
    expect((await read("no-such-site", "/x")).site).toBeNull();
  });
});
