/**
 * From the desk: pinned root comments come first on a page whatever the sort (and on no
 * other page), and a moderator's reply carries the "Moderator" badge, which no reader can
 * give themselves.
 */
import { describe, expect, it } from "vitest";
import { call, listComments, openSite, postOk, unique, expectError } from "../helpers";
import { mod, modJson, modLog } from "../mod-api";

async function threadOf(count: number) {
  const site = await openSite();
  const page = unique("/pins");
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await postOk({ site, page, body: `root ${i}` })).comment.id);
  }
  return { site, page, ids };
}

const pin = (id: string, pinned = true) => mod("PATCH", `/api/mod/comments/${id}`, { pinned });
const rootIds = (list: any) => list.comments.map((c: any) => c.id);

describe("pinned comments", () => {
  it("come first on the first page, whatever the sort, and on no later page", async () => {
    const { site, page, ids } = await threadOf(5);
    expect((await pin(ids[3]!)).status).toBe(200);
    for (const sort of ["oldest", "newest"]) {
      const first = await listComments(site, page, `&limit=2&sort=${sort}`);
      expect(first.comments[0]).toMatchObject({ id: ids[3], pinned: true });
      expect(first.comments).toHaveLength(3);
      const seen = [...rootIds(first)];
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await listComments(site, page, `&limit=2&sort=${sort}&cursor=${cursor}`);
        seen.push(...rootIds(next));
        cursor = next.nextCursor;
      }
      // Every root once, the pinned one first.
      expect(seen.slice(1).sort()).toEqual(ids.filter((id) => id !== ids[3]).sort());
      expect(seen[0]).toBe(ids[3]);
    }
    expect((await pin(ids[3]!, false)).status).toBe(200);
    const after = await listComments(site, page);
    expect(rootIds(after)).toEqual(ids);
    expect(after.comments[3].pinned).toBeUndefined();
    expect((await modLog(site)).map((e: any) => e.action).slice(0, 2)).toEqual(["unpin", "pin"]);
  });

  it("puts a link to a pinned comment on the first page", async () => {
    const { site, page, ids } = await threadOf(3);
    await pin(ids[2]!);
    const res = await call(`/api/comments/${ids[2]}/context`);
    expect((await res.json<any>()).pageCursor).toBeNull();
    const list = await listComments(site, page);
    expect(rootIds(list)[0]).toBe(ids[2]);
  });

  it("are approved top-level comments only, and at most five a page", async () => {
    const { site, page, ids } = await threadOf(7);
    const reply = await postOk({ site, page, parentId: ids[0], body: "a reply" });
    await expectError(await pin(reply.comment.id), 400, "invalid_input");
    await modJson("PATCH", `/api/mod/comments/${ids[1]}`, { status: "pending" });
    await expectError(await pin(ids[1]!), 400, "invalid_input");
    for (const id of ids.slice(2, 7)) expect((await pin(id)).status).toBe(200);
    await expectError(await pin(ids[0]!), 400, "invalid_input");
    // Pinning one again is fine (nothing changes).
    expect((await pin(ids[2]!)).status).toBe(200);
  });
});

describe("a moderator's reply", () => {
  it("is approved at once, under the moderator's name, with the badge", async () => {
    const site = await openSite();
    const page = unique("/answered");
    const question = await postOk({ site, page, body: "Is this right?" });
    const res = await mod("POST", `/api/mod/comments/${question.comment.id}/replies`, {
      body: "Yes, **it is**.",
    });
    expect(res.status).toBe(201);
    const made = await res.json<any>();
    expect(made).toMatchObject({
      status: "approved",
      parentId: question.comment.id,
      moderator: true,
    });
    const list = await listComments(site, page);
    expect(list.comments[0].replies[0]).toMatchObject({
      id: made.id,
      moderator: true,
      author: { name: "Owner", website: null },
      html: "<p>Yes, <strong>it is</strong>.</p>",
    });
    expect((await modLog(site))[0]).toMatchObject({ action: "reply", commentId: made.id });
  });

  it("cannot be claimed by a reader", async () => {
    const site = await openSite();
    const page = unique("/claim");
    const posted = await postOk({ site, page, extra: { moderator: true, pinned: true } });
    expect(posted.comment.moderator).toBeUndefined();
    const list = await listComments(site, page);
    expect(list.comments[0].moderator).toBeUndefined();
    expect(list.comments[0].pinned).toBeUndefined();
  });

  it("answers only an approved comment", async () => {
    const site = await openSite({ moderation: "all" });
    const held = await postOk({ site, page: unique("/held") });
    await expectError(
      await mod("POST", `/api/mod/comments/${held.comment.id}/replies`, { body: "Hi" }),
      400,
      "invalid_input",
    );
    await expectError(
      await mod("POST", "/api/mod/comments/c_nosuchcomment0000/replies", { body: "Hi" }),
      404,
      "not_found",
    );
  });
});
