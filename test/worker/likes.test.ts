/**
 * Likes: one per reader per comment, a few per network at most, an exact count under
 * racing clicks, and the `best` sort (most liked first, then the oldest) across pages.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  json,
  listComments,
  openSite,
  origin,
  postOk,
  unique,
  expectError,
} from "../helpers";

let readers = 0;
const newReader = () =>
  `reader-${(readers++).toString().padStart(4, "0")}-${unique("r").replace(/[^\w-]/g, "")}`.slice(
    0,
    60,
  );

function like(id: string, reader: string, liked = true, network = "198.51.100.60") {
  return call(
    `/api/comments/${id}/like`,
    json("POST", { reader, liked }, { "CF-Connecting-IP": network, Origin: origin }),
  );
}

describe("likes", () => {
  it("count one per reader, and a reader can take theirs back", async () => {
    const site = await openSite();
    const page = unique("/liked");
    const { comment } = await postOk({ site, page });
    const [ann, bo] = [newReader(), newReader()];
    expect(await (await like(comment.id, ann, true, "198.51.100.61")).json()).toEqual({
      likes: 1,
      liked: true,
    });
    expect(await (await like(comment.id, ann, true, "198.51.100.61")).json()).toEqual({
      likes: 1,
      liked: true,
    });
    expect(await (await like(comment.id, bo, true, "198.51.100.62")).json()).toEqual({
      likes: 2,
      liked: true,
    });
    expect((await listComments(site, page)).comments[0].likes).toBe(2);
    expect(await (await like(comment.id, ann, false, "198.51.100.61")).json()).toEqual({
      likes: 1,
      liked: false,
    });
    expect((await listComments(site, page)).comments[0].likes).toBe(1);
  });

  it("keeps an exact count when many readers click at once", async () => {
    const site = await openSite();
    const { comment } = await postOk({ site, page: unique("/race") });
    const clicks = Array.from({ length: 20 }, (_, i) =>
      like(comment.id, newReader(), true, `198.51.100.${100 + (i % 10)}`),
    );
    await Promise.all(clicks);
    const last = await (await like(comment.id, newReader(), true, "198.51.100.200")).json<any>();
    expect(last.likes).toBe(21);
  });

  it("take at most five from one network, whatever the reader ids", async () => {
    const site = await openSite();
    const { comment } = await postOk({ site, page: unique("/stuffing") });
    let answer: any;
    for (let i = 0; i < 8; i++)
      answer = await (await like(comment.id, newReader(), true, "198.51.100.70")).json();
    expect(answer).toEqual({ likes: 5, liked: false });
  });

  it("refuse what the public cannot see, sites without likes, and bad reader ids", async () => {
    const held = await openSite({ moderation: "all" });
    const pending = await postOk({ site: held, page: unique("/held") });
    await expectError(await like(pending.comment.id, newReader()), 404, "not_found");
    const off = await openSite({ likes: false });
    const { comment } = await postOk({ site: off, page: unique("/off") });
    await expectError(await like(comment.id, newReader()), 403, "forbidden");
    await expectError(await like(comment.id, "short"), 400, "invalid_input");
  });

  it("order the best sort by likes, then age, page after page", async () => {
    const site = await openSite();
    const page = unique("/best");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await postOk({ site, page, body: `root ${i}` })).comment.id);
    // Likes: root 3 → 3, root 1 → 2, root 4 → 2, the others none.
    const give = async (id: string, n: number) => {
      for (let i = 0; i < n; i++) await like(id, newReader(), true, `198.51.100.${80 + i}`);
    };
    await give(ids[3]!, 3);
    await give(ids[1]!, 2);
    await give(ids[4]!, 2);
    const expected = [ids[3], ids[1], ids[4], ids[0], ids[2]];

    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const list: any = await listComments(
        site,
        page,
        `&sort=best&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...list.comments.map((c: any) => c.id));
      cursor = list.nextCursor;
    }
    expect(seen).toEqual(expected);

    // A link to a comment opens the page that starts there, wherever it stands: after a root
    // with as many likes, after one with more, or first.
    for (const id of expected) {
      const context = await (await call(`/api/comments/${id}/context?sort=best`)).json<any>();
      const after = context.pageCursor ? `&cursor=${context.pageCursor}` : "";
      const from = await listComments(site, page, `&sort=best&limit=2${after}`);
      expect(from.comments[0].id).toBe(id);
    }
  });
});
