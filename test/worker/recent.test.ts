/**
 * GET /api/recent: a site's newest approved comments with their pages, for a sidebar, and
 * on request its most commented pages. Public like a list (no email, nothing held), cached
 * like the counts, validated like every query.
 */
import { describe, expect, it } from "vitest";
import { call, callSettled, expectError, openSite, origin, postOk, unique } from "../helpers";
import { unreachableDb } from "../fakes";
import { setStatus } from "../mod-api";

const recentPath = (site: string, query = "") => `/api/recent?site=${site}${query}`;

async function recent(site: string, query = ""): Promise<any> {
  const res = await call(recentPath(site, query));
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe("GET /api/recent", () => {
  it("lists the newest approved comments across pages, each with its page", async () => {
    const site = await openSite({ holdWords: ["held"] });
    const [first, second] = [unique("/first"), unique("/second")];
    const one = await postOk({ site, page: first, body: "one" });
    await postOk({ site, page: second, body: "this one is held" });
    const two = await postOk({ site, page: second, body: "two", parentId: null });
    const reply = await postOk({ site, page: first, body: "three", parentId: one.comment.id });

    const { comments, pages } = await recent(site);
    expect(comments.map((comment: any) => comment.id)).toEqual([
      reply.comment.id,
      two.comment.id,
      one.comment.id,
    ]);
    expect(comments[0].page).toEqual({ key: first, url: `${origin}${first}`, title: "A post" });
    expect(comments[1].page.key).toBe(second);
    expect(comments[0].parentId).toBe(one.comment.id);
    expect(pages).toBeUndefined();
  });

  it("shows each comment as a list does, without replies, email or anything private", async () => {
    const site = await openSite();
    const page = unique("/public");
    await postOk({
      site,
      page,
      body: "**hi**",
      email: "private@mail.example",
      website: "https://ann.example",
    });
    const listed = (await call(`/api/comments?site=${site}&page=${page}`)).json<any>();
    const [comment] = (await recent(site)).comments;
    expect(Object.keys(comment).sort()).toEqual(
      ["author", "createdAt", "editedAt", "html", "id", "page", "parentId"].sort(),
    );
    expect(Object.keys(comment.author).sort()).toEqual(["avatar", "name", "website"]);
    const {
      replies: _replies,
      repliesCursor: _c,
      moreReplies: _m,
      ...asListed
    } = (await listed).comments[0];
    const { page: _page, ...asRecent } = comment;
    expect(asRecent).toEqual(asListed);
    expect(JSON.stringify(comment)).not.toContain("private@mail.example");
  });

  it("leaves out what moderators rejected and what authors deleted", async () => {
    const site = await openSite();
    const page = unique("/gone");
    const kept = await postOk({ site, page, body: "kept" });
    const rejected = await postOk({ site, page, body: "rejected" });
    const deleted = await postOk({ site, page, body: "deleted" });
    await setStatus(rejected.comment.id, "rejected");
    const removal = await call(`/api/comments/${deleted.comment.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${deleted.editToken}` },
    });
    expect(removal.status).toBe(204);
    const { comments } = await recent(site);
    expect(comments.map((comment: any) => comment.id)).toEqual([kept.comment.id]);
  });

  it("gives `limit` comments, 10 unless asked, and with pages=1 the most commented pages", async () => {
    const site = await openSite();
    const [busy, middling, quiet] = [unique("/busy"), unique("/middling"), unique("/quiet")];
    for (let n = 0; n < 6; n += 1) await postOk({ site, page: busy });
    for (let n = 0; n < 4; n += 1) await postOk({ site, page: middling });
    for (let n = 0; n < 2; n += 1) await postOk({ site, page: quiet });
    expect((await recent(site)).comments).toHaveLength(10);
    expect((await recent(site, "&limit=3")).comments).toHaveLength(3);

    const { comments, pages } = await recent(site, "&limit=2&pages=1");
    expect(comments).toHaveLength(2);
    expect(pages).toEqual([
      { key: busy, url: `${origin}${busy}`, title: "A post", count: 6 },
      { key: middling, url: `${origin}${middling}`, title: "A post", count: 4 },
    ]);
  });

  it("is empty for a site without comments, and 404 for a site that does not exist", async () => {
    const site = await openSite();
    expect(await recent(site, "&pages=1")).toEqual({ comments: [], pages: [] });
    await expectError(await call(recentPath("no-such-site")), 404, "site_not_found");
  });

  it("refuses a limit out of 1–50, a bad pages flag and a missing site, naming each", async () => {
    const site = await openSite();
    for (const query of ["&limit=0", "&limit=51", "&limit=ten", "&limit=2.5"]) {
      const error = await expectError(await call(recentPath(site, query)), 400, "invalid_input");
      expect(Object.keys(error.error.fields!)).toEqual(["limit"]);
    }
    const pages = await expectError(
      await call(recentPath(site, "&pages=yes")),
      400,
      "invalid_input",
    );
    expect(Object.keys(pages.error.fields!)).toEqual(["pages"]);
    const missing = await expectError(await call("/api/recent"), 400, "invalid_input");
    expect(Object.keys(missing.error.fields!)).toEqual(["site"]);
    expect((await call(recentPath(site, "&limit=50"))).status).toBe(200);
  });

  it("lets the site's own pages read it, and no other origin", async () => {
    const site = await openSite();
    const own = await call(recentPath(site), { headers: { Origin: origin } });
    expect(own.headers.get("Access-Control-Allow-Origin")).toBe(origin);
    const other = await call(recentPath(site), { headers: { Origin: "https://evil.example" } });
    expect(other.status).toBe(200);
    expect(other.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("is cached like the counts: a 304 and repeats without D1, and a post shows at once", async () => {
    const site = await openSite();
    const page = unique("/cached");
    await postOk({ site, page, body: "before" });
    const fresh = await callSettled(recentPath(site, "&pages=1"));
    const tag = fresh.headers.get("ETag")!;
    const content = await fresh.json<any>();

    const again = await callSettled(recentPath(site, "&pages=1"), {}, { DB: unreachableDb });
    expect(await again.json()).toEqual(content);
    const revalidated = await callSettled(
      recentPath(site, "&pages=1"),
      { headers: { "If-None-Match": tag } },
      { DB: unreachableDb },
    );
    expect(revalidated.status).toBe(304);

    await postOk({ site, page, body: "after" });
    const changed = await callSettled(recentPath(site, "&pages=1"));
    expect(changed.headers.get("ETag")).not.toBe(tag);
    const { comments, pages } = await changed.json<any>();
    expect(comments.map((comment: any) => comment.html)).toEqual(["<p>after</p>", "<p>before</p>"]);
    expect(pages[0].count).toBe(2);
  });
});
