/**
 * A database per large site: sites named in SITE_DATABASES live wholly in their own D1
 * database (here DB_BIG), every other site in DB; the public API, the moderation API, mail
 * links and the scheduled jobs find each site's rows where they are.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { meterD1 } from "../../bench/d1-meter";
import { runScheduled } from "../../worker/jobs/scheduled";
import { callSettled, json, origin, unique } from "../helpers";
import { fakeEmailService, linkIn, sender } from "../mail";
import { bearer } from "../public-api";
import { open, routedWorker, rowsOf, siteId } from "../routing";

const tables = ["sites", "site_origins", "threads", "comments", "attempts", "moderation_log"];

async function rowsIn(site: string) {
  const count = async (db: D1Database) =>
    Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await rowsOf(db, t, site)])));
  return { DB: await count(env.DB), DB_BIG: await count(env.DB_BIG) };
}

describe("a site routed to a database of its own", () => {
  it("keeps everything a reader does in that database, and answers as any site does", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    await w.createSite(big, open);
    const page = unique("/post");
    const first = await w.post(big, page, "the first word");
    const reply = await w.post(big, page, "a reply", { parentId: first.comment.id });

    const list = await w.ok(await w.call(`/api/comments?site=${big}&page=${page}`));
    expect(list.thread.count).toBe(2);
    expect(list.comments[0].html).toBe("<p>the first word</p>");
    expect(list.comments[0].replies[0].id).toBe(reply.comment.id);
    const counts = await w.ok(await w.call(`/api/counts?site=${big}&page=${page}`));
    expect(counts).toEqual({ counts: { [page]: 2 } });
    const feed = await w.call(`/feeds/${big}.atom`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("a reply");

    // Routes that name only a comment find the database holding it.
    const edited = await w.ok(
      await w.call(
        `/api/comments/${reply.comment.id}`,
        json("PATCH", { body: "a better reply" }, bearer(reply.editToken)),
      ),
    );
    expect(edited.comment.html).toBe("<p>a better reply</p>");
    const liked = await w.ok(
      await w.call(
        `/api/comments/${first.comment.id}/like`,
        json(
          "POST",
          { reader: "r_0123456789abcdef", liked: true },
          { "CF-Connecting-IP": "203.0.113.5" },
        ),
      ),
    );
    expect(liked).toEqual({ likes: 1, liked: true });
    const context = await w.ok(await w.call(`/api/comments/${reply.comment.id}/context`));
    expect(context.rootId).toBe(first.comment.id);
    expect((await w.call(`/api/comments/${first.comment.id}`)).status).toBe(200);
    expect(
      (
        await w.call(`/api/comments/${reply.comment.id}`, {
          method: "DELETE",
          headers: bearer(reply.editToken),
        })
      ).status,
    ).toBe(204);
    const preview = await w.ok(
      await w.call("/api/preview", json("POST", { site: big, body: "**bold**" })),
    );
    expect(preview.html).toBe("<p><strong>bold</strong></p>");

    const rows = await rowsIn(big);
    expect(rows.DB).toEqual(Object.fromEntries(tables.map((t) => [t, 0])));
    expect(rows.DB_BIG).toMatchObject({ sites: 1, site_origins: 1, threads: 1, comments: 1 });
    expect(rows.DB_BIG.attempts).toBeGreaterThan(0);
    const likes = await env.DB_BIG.prepare(`SELECT COUNT(*) AS n FROM likes WHERE comment_id = ?1`)
      .bind(first.comment.id)
      .first<{ n: number }>();
    expect(likes?.n).toBe(1);
  });

  it("leaves the other sites in DB, and a site not routed never sees the routed one", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    await w.createSite(big, open);
    await w.createSite(plain, open);
    await w.post(plain, "/here", "in DB");
    expect((await rowsIn(plain)).DB).toMatchObject({ sites: 1, comments: 1 });
    expect((await rowsIn(plain)).DB_BIG).toMatchObject({ sites: 0, comments: 0 });
    // Without the routing, the routed site is not in DB at all.
    expect(
      (await w.call(`/api/comments?site=${big}&page=/x`, {}, { SITE_DATABASES: "" })).status,
    ).toBe(404);
  });

  it("finds a comment's database from the comment, whatever ?site= says, while a copy lingers", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    await w.createSite(big, open);
    await w.createSite(plain, open);
    const page = unique("/moved");
    const fresh = await w.post(big, page, "the fresh word");
    // What a move leaves in the old database until it is deleted: the site and a stale copy.
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO sites (id, name, settings, created_at, updated_at)
         SELECT ?1, 'Old copy', '{}', ?2, ?2`,
      ).bind(big, new Date().toISOString()),
      env.DB.prepare(`INSERT INTO site_origins (origin, site_id) VALUES (?1, ?2)`).bind(
        origin,
        big,
      ),
      env.DB.prepare(
        `INSERT INTO threads (site_id, key, created_at, opened_at) VALUES (?1, ?2, ?3, ?3)`,
      ).bind(big, page, new Date().toISOString()),
      env.DB.prepare(
        `INSERT INTO comments (id, site_id, thread_id, root_id, depth, status, author_name,
           avatar, body, html, created_at)
         SELECT ?1, ?2, id, ?1, 1, 'approved', 'Ann', 'ab', 'stale', '<p>stale</p>', ?4
         FROM threads WHERE site_id = ?2 AND key = ?3`,
      ).bind(fresh.comment.id, big, page, new Date().toISOString()),
    ]);
    const id = fresh.comment.id as string;
    const shown = await w.ok(await w.call(`/api/comments/${id}?site=${plain}`));
    expect(shown.html).toBe("<p>the fresh word</p>");
    const liked = await w.ok(
      await w.call(
        `/api/comments/${id}/like?site=${plain}`,
        json(
          "POST",
          { reader: "r_0123456789abcdef", liked: true },
          { "CF-Connecting-IP": "203.0.113.5", Origin: origin },
        ),
      ),
    );
    expect(liked).toEqual({ likes: 1, liked: true });
    const likesIn = async (db: D1Database) =>
      (await db.prepare(`SELECT COUNT(*) AS n FROM likes WHERE comment_id = ?1`).bind(id).first<{
        n: number;
      }>())!.n;
    expect({ DB: await likesIn(env.DB), DB_BIG: await likesIn(env.DB_BIG) }).toEqual({
      DB: 0,
      DB_BIG: 1,
    });
  });

  it("answers a preflight for an origin that only a routed site lists", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    const own = `https://${siteId("own")}.example`;
    await w.createSite(big, open, [own]);
    const preflight = (o: string) =>
      w.call("/api/comments", {
        method: "OPTIONS",
        headers: { Origin: o, "Access-Control-Request-Method": "POST" },
      });
    expect((await preflight(own)).headers.get("Access-Control-Allow-Origin")).toBe(own);
    expect(
      (await preflight("https://stranger.example")).headers.get("Access-Control-Allow-Origin"),
    ).toBeNull();
  });

  it("posts from the no-script form into the site's database", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    await w.createSite(big, open);
    const form = new URLSearchParams({
      site: big,
      page: "/form",
      url: `${origin}/form`,
      title: "Form",
      name: "Bo",
      email: "bo@example.com",
      body: "sent without script",
    });
    const res = await w.call("/api/comments/form", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
      body: form,
    });
    expect(res.status).toBe(303);
    expect(await rowsOf(env.DB_BIG, "comments", big)).toBe(1);
  });
});

describe("the moderation API across databases", () => {
  it("pages a routed site's queue, and decides on comments in either database", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    const held = { ...open, moderation: "all" };
    await w.createSite(big, held);
    await w.createSite(plain, held);
    const ids = [];
    for (const n of [1, 2, 3]) ids.push((await w.post(big, "/q", `big ${n}`)).comment.id);
    const other = (await w.post(plain, "/q", "plain")).comment.id;

    const first = await w.modOk("GET", `/api/mod/comments?site=${big}&status=pending&limit=2`);
    expect(first.comments.map((c: any) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await w.modOk(
      "GET",
      `/api/mod/comments?site=${big}&status=pending&limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.comments.map((c: any) => c.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    expect((await w.modOk("GET", `/api/mod/comments/counts?site=${big}`)).counts.pending).toBe(3);

    // One bulk request over both databases.
    const bulk = await w.modOk("POST", "/api/mod/comments/bulk", {
      ids: [ids[0], other, "c_doesnotexist00"],
      status: "approved",
    });
    expect(bulk).toEqual({ updated: 2 });
    const patched = await w.modOk("PATCH", `/api/mod/comments/${ids[1]}`, { status: "spam" });
    expect(patched).toMatchObject({ id: ids[1], status: "spam", site: big });
    const replied = await w.modOk(
      "POST",
      `/api/mod/comments/${ids[0]}/replies`,
      { body: "Thanks" },
      201,
    );
    expect(replied.site).toBe(big);
    expect((await w.mod("DELETE", `/api/mod/comments/${ids[2]}`)).status).toBe(204);
    await w.modOk("PATCH", "/api/mod/threads", { site: big, key: "/q", closed: true });

    const log = await w.modOk("GET", `/api/mod/log?site=${big}`);
    expect(log.entries.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(["status", "reply", "delete", "close-thread"]),
    );
    expect(await rowsOf(env.DB, "moderation_log", big)).toBe(0);
    expect(await rowsOf(env.DB_BIG, "moderation_log", plain)).toBe(0);

    const sites = (await w.modOk("GET", "/api/mod/sites")).sites.map((s: any) => s.id);
    expect(sites).toEqual(expect.arrayContaining([big, plain]));
    expect(sites).toEqual([...sites].sort());
  });

  it("bans on a routed site, lists and lifts them there", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    await w.createSite(big, open);
    const posted = await w.post(big, "/b", "ban me");
    const made = await w.modOk(
      "POST",
      "/api/mod/bans",
      { site: big, commentId: posted.comment.id, scope: "author" },
      201,
    );
    expect((await w.modOk("GET", `/api/mod/bans?site=${big}`)).bans.map((b: any) => b.id)).toEqual([
      made.id,
    ]);
    expect(await rowsOf(env.DB_BIG, "bans", big)).toBe(1);
    expect((await w.mod("DELETE", `/api/mod/bans/${made.id}`)).status).toBe(204);
    expect(await rowsOf(env.DB_BIG, "bans", big)).toBe(0);
  });

  it("exports and erases an author across both databases", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    await w.createSite(big, open);
    await w.createSite(plain, open);
    const email = `${siteId("erin")}@example.com`;
    const author = { author: { name: "Erin", email, website: "" } };
    await w.post(big, "/e", "in the big one", author);
    await w.post(plain, "/e", "in the plain one", author);
    const data = await w.modOk("GET", `/api/mod/authors?email=${email}`);
    expect(data.comments.map((c: any) => c.site).sort()).toEqual([big, plain].sort());
    expect(data.knownOnSites.sort()).toEqual([big, plain].sort());
    expect(await w.modOk("DELETE", `/api/mod/authors?email=${email}`)).toEqual({
      erased: 2,
      moderatorAccount: null,
    });
    expect((await w.modOk("GET", `/api/mod/authors?email=${email}`)).comments).toEqual([]);
  });

  it("lets a moderator's sites lie in either database, and logs changes to them in each", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    await w.createSite(big, open);
    await w.createSite(plain, open);
    const made = await w.modOk(
      "POST",
      "/api/mod/moderators",
      { name: "Mia", email: `${siteId("mia")}@example.com`, sites: [big, plain] },
      201,
    );
    const mine = await w.ok(
      await w.call("/api/mod/sites", { headers: { Authorization: `Bearer ${made.token}` } }),
    );
    expect(mine.sites.map((s: any) => s.id).sort()).toEqual([big, plain].sort());
    expect(await rowsOf(env.DB_BIG, "moderation_log", big)).toBe(1);
    expect(await rowsOf(env.DB, "moderation_log", plain)).toBe(1);
    // A moderator of the plain site only may not act on the routed site's comments.
    const narrow = await w.modOk(
      "POST",
      "/api/mod/moderators",
      { name: "Ned", email: `${siteId("ned")}@example.com`, sites: [plain] },
      201,
    );
    const posted = await w.post(big, "/m", "not yours");
    const res = await w.call(
      `/api/mod/comments/${posted.comment.id}`,
      json("PATCH", { status: "spam" }, { Authorization: `Bearer ${narrow.token}` }),
    );
    expect(res.status).toBe(403);
  });

  it("imports and exports a routed site in its database", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    await w.createSite(big, open);
    await w.post(big, "/x", "exported");
    const exported = await w.ok(await w.mod("GET", `/api/mod/export?site=${big}`));
    expect(exported.threads[0].comments[0].body).toBe("exported");
    const copy = siteId("copy");
    const both = routedWorker(big, copy);
    await both.createSite(copy, open);
    const imported = await both.ok(
      await both.call(`/api/mod/import?site=${copy}&format=parley`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${env.MODERATOR_TOKEN}`,
        },
        body: JSON.stringify(exported),
      }),
    );
    expect(imported).toMatchObject({ threads: 1, comments: 1 });
    // The copy got ids of its own: an id still names one comment across the databases.
    const ids = await env.DB_BIG.prepare(`SELECT id FROM comments WHERE site_id IN (?1, ?2)`)
      .bind(big, copy)
      .all<{ id: string }>();
    expect(new Set(ids.results.map((r) => r.id)).size).toBe(2);
  });
});

describe("mail and the scheduled jobs on every database", () => {
  it("mails a routed site's held comment, and its link acts in that database", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    const mail = fakeEmailService();
    const owner = `${siteId("owner")}@example.com`;
    await w.createSite(big, { ...open, moderation: "all", mailFrom: sender });
    await w.modOk("PUT", `/api/mod/sites/${big}/recipients`, { emails: [owner] });
    const payload = {
      site: big,
      page: { key: "/mail", url: `${origin}/mail`, title: "Mail" },
      author: { name: "Ann", email: "ann@example.com" },
      body: "hold me",
    };
    const res = await w.call("/api/comments", json("POST", payload), mail.bindings);
    const held = await w.ok(res, 201);
    const [notice] = mail.to(owner);
    expect(notice?.text).toContain("hold me");
    const link = linkIn(notice!, "Approve");
    const pressed = await w.call(
      link,
      { method: "POST", body: new URLSearchParams() },
      mail.bindings,
    );
    expect(pressed.status).toBe(200);
    const status = await env.DB_BIG.prepare(`SELECT status FROM comments WHERE id = ?1`)
      .bind(held.comment.id)
      .first<{ status: string }>();
    expect(status?.status).toBe("approved");
  });

  it("runs housekeeping and delivery for each database", async () => {
    const big = siteId("big");
    const plain = siteId("plain");
    const w = routedWorker(big);
    const mail = fakeEmailService();
    const owner = `${siteId("owner")}@example.com`;
    for (const site of [big, plain]) {
      await w.createSite(site, { ...open, moderation: "all", mailFrom: sender });
      await w.modOk("PUT", `/api/mod/sites/${site}/recipients`, { emails: [owner] });
    }
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    for (const [db, site] of [
      [env.DB, plain],
      [env.DB_BIG, big],
    ] as const) {
      await db
        .prepare(
          `INSERT INTO attempts (id, site_id, kind, network_hash, outcome, created_at)
           VALUES (?1, ?2, 'comment', 'n', 'stored', ?3)`,
        )
        .bind(unique("a"), site, old)
        .run();
    }
    // Held comments whose mail failed at once: the cron's retry sends it.
    mail.fail(new Error("transport down"));
    await w.post(big, "/s", "big waits", {}, mail.bindings);
    await w.post(plain, "/s", "plain waits", {}, mail.bindings);
    expect(mail.to(owner)).toEqual([]);
    mail.fail(null);

    const cronEnv = { ...env, ...w.bindings, ...mail.bindings } as never;
    await runScheduled("23 * * * *", cronEnv, new Date());
    await runScheduled("*/5 * * * *", cronEnv, new Date(Date.now() + 10 * 60_000));
    for (const [db, site] of [
      [env.DB, plain],
      [env.DB_BIG, big],
    ] as const) {
      const left = await db
        .prepare(`SELECT COUNT(*) AS n FROM attempts WHERE site_id = ?1 AND created_at = ?2`)
        .bind(site, old)
        .first<{ n: number }>();
      expect(left?.n).toBe(0);
    }
    const subjects = mail.to(owner).map((m) => m.text);
    expect(subjects.some((text) => text.includes("big waits"))).toBe(true);
    expect(subjects.some((text) => text.includes("plain waits"))).toBe(true);
  });
});

describe("GET /healthz", () => {
  it("asks every database, a large site's own too", async () => {
    const w = routedWorker(siteId("healthy"));
    expect((await w.call("/healthz")).status).toBe(200);
    const down = {
      withSession: () => down,
      prepare: () => {
        throw new Error("D1 is unreachable");
      },
    };
    expect((await w.call("/healthz", {}, { DB_BIG: down })).status).toBe(500);
    // Without routing, DB_BIG is no database of Parley's.
    expect((await callSettled("/healthz", {}, { DB_BIG: down })).status).toBe(200);
  });
});

describe("a misconfigured SITE_DATABASES", () => {
  it("answers 500 naming the binding that is not bound", async () => {
    const site = siteId("lost");
    const res = await routedWorker().call(
      `/api/comments?site=${site}&page=/x`,
      {},
      {
        SITE_DATABASES: JSON.stringify({ [site]: "DB_NOWHERE" }),
      },
    );
    expect(res.status).toBe(500);
    const body = await res.json<any>();
    expect(body.error.code).toBe("internal");
    expect(body.error.message).toContain("DB_NOWHERE");
  });

  it("answers 500 naming SITE_DATABASES when it is not a JSON object of bindings", async () => {
    for (const value of ["{not json", '["DB_BIG"]', '{"Bad Site":"DB_BIG"}']) {
      const res = await routedWorker().call(
        "/api/mod/sites",
        {
          headers: { Authorization: `Bearer ${env.MODERATOR_TOKEN}` },
        },
        { SITE_DATABASES: value },
      );
      expect(res.status, value).toBe(500);
      expect((await res.json<any>()).error.message).toContain("SITE_DATABASES");
    }
  });
});

describe("what routing costs in D1 round trips (docs/scaling.md)", () => {
  /** A call with both databases metered: round trips and rows read on each. */
  async function metered(w: ReturnType<typeof routedWorker>, path: string, init: RequestInit = {}) {
    const db = meterD1(env.DB);
    const big = meterD1(env.DB_BIG);
    const res = await w.call(path, init, { DB: db.db, DB_BIG: big.db, READ_CACHE_SECONDS: "0" });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return { DB: db.tally.roundTrips, DB_BIG: big.tally.roundTrips };
  }

  it("costs a routed site's list and post nothing extra, and a comment-id route one lookup per database", async () => {
    const big = siteId("big");
    const w = routedWorker(big);
    await w.createSite(big, open);
    const posted = await w.post(big, "/cost");

    expect(await metered(w, `/api/comments?site=${big}&page=/cost`)).toEqual({ DB: 0, DB_BIG: 1 });
    expect(await metered(w, `/api/counts?site=${big}&page=/cost`)).toEqual({ DB: 0, DB_BIG: 1 });
    const payload = {
      site: big,
      page: { key: "/cost", url: `${origin}/cost`, title: "Cost" },
      author: { name: "Ann", email: "ann@example.com" },
      body: unique("cost"),
    };
    expect(await metered(w, "/api/comments", json("POST", payload))).toEqual({ DB: 0, DB_BIG: 2 });
    // Found by asking both databases at once (one indexed lookup each), then read.
    expect(await metered(w, `/api/comments/${posted.comment.id}`)).toEqual({ DB: 1, DB_BIG: 2 });
    const preflight = { method: "OPTIONS", headers: { Origin: origin } };
    expect(await metered(w, "/api/comments", preflight)).toEqual({ DB: 1, DB_BIG: 1 });
  });
});
