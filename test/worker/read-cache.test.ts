/**
 * The read cache (worker/platform/read-cache.ts): hot public reads cost D1 nothing, and every write
 * that changes them — a post, an author's edit, a like, a moderator's decision, a site's
 * settings — drops them before its answer leaves, so the next read is current. The cache
 * is workerd's own Cache API, and in front of it this isolate's copies of its reads of the
 * last second; D1 is replaced only to prove it is not asked.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import {
  asModerator,
  call,
  callSettled,
  commentPayload,
  json,
  openSite,
  origin,
  postOk,
  unique,
} from "../helpers";
import { unreachableDb } from "../fakes";
import { setStatus } from "../mod-api";
import { bearer } from "../public-api";

const listPath = (site: string, page: string, query = "") =>
  `/api/comments?site=${site}&page=${encodeURIComponent(page)}${query}`;

async function listed(site: string, page: string, bindings = {}): Promise<any> {
  const res = await callSettled(listPath(site, page), {}, bindings);
  expect(res.status).toBe(200);
  return res.json();
}

const bodies = (list: any) => list.comments.map((comment: any) => comment.html);

describe("the read cache", () => {
  it("answers a hot list, its 304 and the counts without asking D1", async () => {
    const site = await openSite();
    const page = unique("/hot");
    await postOk({ site, page, body: "first" });
    const fresh = await listed(site, page);
    const counts = `/api/counts?site=${site}&page=${encodeURIComponent(page)}&page=/other`;
    expect(await (await callSettled(counts)).json()).toEqual({
      counts: { [page]: 1, "/other": 0 },
    });

    const cached = await listed(site, page, { DB: unreachableDb });
    const { formToken: _fresh, ...config } = fresh.config;
    const { formToken, ...cachedConfig } = cached.config;
    expect({ ...cached, config: cachedConfig }).toEqual({ ...fresh, config });
    // The form token is signed for this request, not cached with the list.
    expect(formToken).toMatch(/^[0-9a-z]+\./);

    const tag = (await callSettled(listPath(site, page))).headers.get("ETag")!;
    const revalidated = await callSettled(
      listPath(site, page),
      { headers: { "If-None-Match": tag } },
      { DB: unreachableDb },
    );
    expect(revalidated.status).toBe(304);
    const countsAgain = await callSettled(counts, {}, { DB: unreachableDb });
    expect(await countsAgain.json()).toEqual({ counts: { [page]: 1, "/other": 0 } });
  });

  it("keeps each variant apart: sort, limit and cursor", async () => {
    const site = await openSite();
    const page = unique("/variants");
    for (const body of ["one", "two", "three"]) await postOk({ site, page, body });
    await listed(site, page);
    const newest = await callSettled(listPath(site, page, "&sort=newest&limit=2"));
    expect(bodies(await newest.json())).toEqual(["<p>three</p>", "<p>two</p>"]);
    const cachedNewest = await callSettled(
      listPath(site, page, "&sort=newest&limit=2"),
      {},
      { DB: unreachableDb },
    );
    expect(bodies(await cachedNewest.json())).toEqual(["<p>three</p>", "<p>two</p>"]);
  });

  it("shows a new comment at once: the post drops its site's reads", async () => {
    const site = await openSite();
    const page = unique("/post");
    await postOk({ site, page, body: "before" });
    expect(bodies(await listed(site, page))).toEqual(["<p>before</p>"]);
    await postOk({ site, page, body: "after" });
    expect(bodies(await listed(site, page))).toEqual(["<p>before</p>", "<p>after</p>"]);
  });

  it("follows an author's edit and a like", async () => {
    const site = await openSite({ likes: true });
    const page = unique("/edit");
    const posted = await postOk({ site, page, body: "first words" });
    await listed(site, page);
    const edit = await call(
      `/api/comments/${posted.comment.id}`,
      json("PATCH", { body: "better words" }, bearer(posted.editToken)),
    );
    expect(edit.status).toBe(200);
    expect(bodies(await listed(site, page))).toEqual(["<p>better words</p>"]);
    const like = await call(
      `/api/comments/${posted.comment.id}/like`,
      json("POST", { reader: "reader-0123456789abcdef", liked: true }),
    );
    expect(like.status).toBe(200);
    expect((await listed(site, page)).comments[0].likes).toBe(1);
  });

  it("follows a moderator's decision and a change of settings", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/moderated");
    const held = await postOk({ site, page });
    expect((await listed(site, page)).comments).toEqual([]);
    await setStatus(held.comment.id, "approved");
    expect((await listed(site, page)).comments).toHaveLength(1);

    expect((await listed(site, page)).config.maxLength).not.toBe(500);
    const settings = await call(
      `/api/mod/sites/${site}`,
      asModerator(
        json("PUT", {
          name: `Site ${site}`,
          origins: [origin],
          settings: { moderation: "all", minSubmitSeconds: 0, maxLength: 500 },
        }),
      ),
    );
    expect(settings.status).toBe(200);
    expect((await listed(site, page)).config.maxLength).toBe(500);
  });

  it("keeps other sites' reads when one site gets a comment", async () => {
    const [busy, quiet] = [await openSite(), await openSite()];
    const page = unique("/two-sites");
    await postOk({ site: quiet, page, body: "quiet" });
    await listed(quiet, page);
    await postOk({ site: busy, page });
    expect(bodies(await listed(quiet, page, { DB: unreachableDb }))).toEqual(["<p>quiet</p>"]);
  });

  it("leaves no stale entry when a write lands while a read is at D1", async () => {
    const site = await openSite();
    const page = unique("/race");
    await postOk({ site, page, body: "old" });
    // The read's batch answers with what D1 held before the write, which then lands
    // before the read stores its answer.
    const racing = {
      prepare: (query: string) => env.DB.prepare(query),
      batch: async (statements: D1PreparedStatement[]) => {
        const before = await env.DB.batch(statements);
        await postOk({ site, page, body: "new" });
        return before;
      },
      getBookmark: () => null,
    };
    const racingDb = { ...racing, withSession: () => racing };
    expect(bodies(await listed(site, page, { DB: racingDb }))).toEqual(["<p>old</p>"]);
    expect(bodies(await listed(site, page))).toEqual(["<p>old</p>", "<p>new</p>"]);
  });

  it("costs a write one Cache API call: its site's generation, deleted once", async () => {
    const site = await openSite();
    const page = unique("/once");
    await listed(site, page);
    const deletes = vi.spyOn(Cache.prototype, "delete");
    try {
      await postOk({ site, page, body: "once" });
      expect(deletes.mock.calls.map(([key]) => String(key))).toEqual([
        `https://read-cache.parley.invalid/generation/${site}`,
      ]);
    } finally {
      deletes.mockRestore();
    }
  });

  it("leaves no stale copy from a read made while the write drops the cache", async () => {
    const site = await openSite();
    const page = unique("/dropping");
    await postOk({ site, page, body: "old" });
    await listed(site, page);
    // A reader comes in while the post is still deleting its site's generation: whatever
    // that read is answered, it must not keep the old page for the readers after the post.
    const deleteEntry = Cache.prototype.delete;
    let during: any;
    const deleting = vi.spyOn(Cache.prototype, "delete").mockImplementationOnce(async function (
      this: Cache,
      ...args
    ) {
      during = await listed(site, page);
      return deleteEntry.apply(this, args);
    });
    try {
      await postOk({ site, page, body: "new" });
    } finally {
      deleting.mockRestore();
    }
    expect(bodies(during)).toEqual(["<p>old</p>"]);
    expect(bodies(await listed(site, page))).toEqual(["<p>old</p>", "<p>new</p>"]);
  });

  it("serves a reader's bookmark from an entry at least as new, and reads D1 for an older one", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const site = await openSite();
    const page = unique("/bookmark");
    const posted = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page, body: "mine" }), { Origin: origin }),
    );
    const mine = posted.headers.get("Parley-Bookmark")!;
    expect(bodies(await listed(site, page))).toEqual(["<p>mine</p>"]);
    // The entry was read after the write: the writer's bookmark is served from it.
    const own = await callSettled(
      listPath(site, page, `&bookmark=${encodeURIComponent(mine)}`),
      {},
      { DB: unreachableDb },
    );
    expect(own.status).toBe(200);
    expect(bodies(await own.json())).toEqual(["<p>mine</p>"]);

    // A write elsewhere (another site: this site's entries stay) hands out a newer bookmark,
    // which the entry cannot promise to include: D1 is asked, and the fresher entry kept.
    const other = await openSite();
    const elsewhere = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site: other, page }), { Origin: origin }),
    );
    const newer = encodeURIComponent(elsewhere.headers.get("Parley-Bookmark")!);
    const atNewer = listPath(site, page, `&bookmark=${newer}`);
    expect((await callSettled(atNewer, {}, { DB: unreachableDb })).status).toBe(500);
    expect((await callSettled(atNewer)).status).toBe(200);
    expect((await callSettled(atNewer, {}, { DB: unreachableDb })).status).toBe(200);
    error.mockRestore();
  });

  it("takes no bookmark it did not hand out: a made-up one is served from the cache", async () => {
    const site = await openSite();
    const page = unique("/made-up");
    await postOk({ site, page, body: "cached" });
    await listed(site, page);
    for (const bookmark of [
      "ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff",
      "ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff.AAAAAAAAAAAAAAAAAAAAAA",
    ]) {
      const res = await callSettled(
        listPath(site, page, `&bookmark=${bookmark}`),
        {},
        { DB: unreachableDb },
      );
      expect(res.status, bookmark).toBe(200);
      expect(bodies(await res.json())).toEqual(["<p>cached</p>"]);
    }
  });

  it("keeps the variants few: limit and replies round down to a few steps", async () => {
    const site = await openSite();
    const page = unique("/steps");
    for (const body of ["one", "two", "three"]) await postOk({ site, page, body });
    const standard = await listed(site, page);
    for (const query of ["&limit=37", "&replies=77", "&limit=20&replies=50"]) {
      const res = await callSettled(listPath(site, page, query), {}, { DB: unreachableDb });
      expect(res.status, query).toBe(200);
      expect(bodies(await res.json())).toEqual(bodies(standard));
    }
    // A limit is a maximum: 4 is answered as 3, from the entry 3 made.
    expect(bodies(await (await callSettled(listPath(site, page, "&limit=2"))).json())).toEqual([
      "<p>one</p>",
      "<p>two</p>",
    ]);
    await callSettled(listPath(site, page, "&limit=3"));
    const roundedDown = await callSettled(
      listPath(site, page, "&limit=4"),
      {},
      {
        DB: unreachableDb,
      },
    );
    expect(bodies(await roundedDown.json())).toEqual(["<p>one</p>", "<p>two</p>", "<p>three</p>"]);
  });

  it("is off with READ_CACHE_SECONDS=0", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const site = await openSite();
    const page = unique("/off");
    await listed(site, page, { READ_CACHE_SECONDS: "0" });
    const off = await callSettled(
      listPath(site, page),
      {},
      { DB: unreachableDb, READ_CACHE_SECONDS: "0" },
    );
    expect(off.status).toBe(500);
    expect(error).toHaveBeenCalledWith("unhandled Error: D1 was asked");
    error.mockRestore();
  });

  it("refuses a READ_CACHE_SECONDS that is not a number of seconds, naming it", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const site = await openSite();
    const res = await callSettled(listPath(site, "/x"), {}, { READ_CACHE_SECONDS: "soon" });
    expect(res.status).toBe(500);
    expect((await res.json<any>()).error.message).toContain("READ_CACHE_SECONDS");
    error.mockRestore();
  });

  it("drops nothing for a refused write", async () => {
    const site = await openSite();
    const page = unique("/refused");
    await postOk({ site, page, body: "kept" });
    await listed(site, page);
    const refused = await call(
      "/api/comments",
      json("POST", { ...commentPayload({ site, page }), body: "" }),
    );
    expect(refused.status).toBe(400);
    expect(bodies(await listed(site, page, { DB: unreachableDb }))).toEqual(["<p>kept</p>"]);
  });
});

describe("this isolate's recent reads", () => {
  it("answer for a second without a cache lookup, the Cache API after that", async () => {
    const site = await openSite();
    const page = unique("/memory");
    await postOk({ site, page, body: "remembered" });
    await listed(site, page);
    const lookups = vi.spyOn(Cache.prototype, "match");
    try {
      expect(bodies(await listed(site, page, { DB: unreachableDb }))).toEqual([
        "<p>remembered</p>",
      ]);
      expect(lookups).not.toHaveBeenCalled();
      vi.useFakeTimers({ now: Date.now() + 1500, toFake: ["Date"] });
      expect(bodies(await listed(site, page, { DB: unreachableDb }))).toEqual([
        "<p>remembered</p>",
      ]);
      expect(lookups).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
      lookups.mockRestore();
    }
  });

  // 342 requests: seconds on an idle machine, many more beside a browser suite.
  it("keep at most 8 MiB of JSON, dropping the oldest first", { timeout: 120_000 }, async () => {
    const site = await openSite();
    // 50 page keys of 490 characters: counts of about 25 KB each, 340 of them > 8 MiB.
    const pages = (n: number) =>
      Array.from(
        { length: 50 },
        (_, i) =>
          `page=/${String(n).padStart(4, "0")}${String(i).padStart(2, "0")}${"x".repeat(483)}`,
      ).join("&");
    const counts = (n: number) => `/api/counts?site=${site}&${pages(n)}`;
    // The clock stands still, so no copy expires: only the limit drops one.
    vi.useFakeTimers({ toFake: ["Date"] });
    const lookups = vi.spyOn(Cache.prototype, "match");
    try {
      for (let n = 0; n < 340; n++) expect((await callSettled(counts(n))).status).toBe(200);
      lookups.mockClear();
      expect((await callSettled(counts(339), {}, { DB: unreachableDb })).status).toBe(200);
      expect(lookups).not.toHaveBeenCalled();
      expect((await callSettled(counts(0), {}, { DB: unreachableDb })).status).toBe(200);
      expect(lookups).toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
      lookups.mockRestore();
    }
  });
});
