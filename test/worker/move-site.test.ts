/**
 * Moving a site into a database of its own (scripts/site-move.ts, run by
 * scripts/move-site.ts through wrangler): here against the two local test databases, DB
 * and DB_BIG, through the same SQL-text interface the command line gives it.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { compareSite, copySite, deleteSite, siteTables } from "../../scripts/site-move";
import { callSettled, json, origin, unique } from "../helpers";
import { fakeEmailService, linkIn, sender } from "../mail";
import { bearer } from "../public-api";
import { open, routedWorker, siteId, sqlDatabase } from "../routing";

const source = sqlDatabase(env.DB);
const target = sqlDatabase(env.DB_BIG);
const perSite = siteTables.filter((table) => !table.shared).map((table) => table.name);

beforeEach(async () => {
  // Each test moves into an empty database of the site's own.
  await env.DB_BIG.batch(
    [...siteTables].reverse().map((table) => env.DB_BIG.prepare(`DELETE FROM ${table.name}`)),
  );
});

let readerNetworks = 0;

/** A site in DB with a row in every table a site has. */
async function busySite() {
  const site = siteId("move");
  const w = routedWorker(); // nothing routed: everything in DB
  const mail = fakeEmailService();
  const settings = {
    ...open,
    moderation: "first-time",
    mailFrom: sender,
    reactions: ["heart"],
    webmentions: true,
  };
  await w.createSite(site, settings, [origin, "https://www.blog.example"]);
  await w.modOk("PUT", `/api/mod/sites/${site}/recipients`, { emails: ["owner@blog.example"] });
  const root = await w.post(site, "/a", "the root", { notify: "replies" }, mail.bindings);
  await w.modOk("PATCH", `/api/mod/comments/${root.comment.id}`, { status: "approved" });
  const reply = await w.post(site, "/a", "a reply", { parentId: root.comment.id });
  await w.modOk("PATCH", `/api/mod/comments/${reply.comment.id}`, { status: "approved" });
  const deeper = await w.post(site, "/a", "deeper", { parentId: reply.comment.id });
  await w.modOk("PATCH", `/api/mod/comments/${deeper.comment.id}`, { status: "approved" });
  const spam = await w.post(site, "/b", "buy now", {
    author: { name: "Sam", email: "sam@example.com" },
  });
  await w.modOk("PATCH", `/api/mod/comments/${spam.comment.id}`, { status: "spam" });
  await w.modOk(
    "POST",
    "/api/mod/bans",
    { site, commentId: spam.comment.id, scope: "author" },
    201,
  );
  await w.post(site, "/b", "waiting", { author: { name: "Pat", email: "pat@example.com" } });
  await w.ok(
    await w.call(
      `/api/comments/${root.comment.id}/like`,
      json(
        "POST",
        { reader: "r_0123456789abcdef", liked: true },
        { "CF-Connecting-IP": "203.0.113.5" },
      ),
    ),
  );
  await w.ok(
    await w.call(
      `/api/comments/${reply.comment.id}/report`,
      json("POST", { reason: "off-topic" }, { "CF-Connecting-IP": "203.0.113.6" }),
    ),
    201,
  );
  await w.ok(
    await w.call(
      "/api/reactions",
      json(
        "POST",
        { site, page: "/a", kind: "heart", reader: "r_0123456789abcdef", reacted: true },
        { "CF-Connecting-IP": "203.0.113.5" },
      ),
    ),
  );
  const idempotent = await w.call(
    "/api/comments",
    json(
      "POST",
      {
        site,
        page: { key: "/c", url: `${origin}/c`, title: "C" },
        author: { name: "Ann", email: "ann@example.com" },
        body: "once only",
      },
      { "Idempotency-Key": unique("key"), "CF-Connecting-IP": "203.0.113.7" },
    ),
  );
  expect(idempotent.status).toBe(201);
  // A page linked to its Mastodon post (remote_links) and a Webmention waiting (webmentions).
  await w.modOk("PUT", "/api/mod/threads/links", {
    site,
    key: "/a",
    kind: "mastodon",
    url: "https://mastodon.social/@author/113500000000000001",
  });
  const mention = new URLSearchParams({
    source: `https://${site}.example.net/reply`,
    target: `${origin}/a`,
  });
  const mentionForm = {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: mention.toString(),
  };
  expect((await w.call("/webmention", mentionForm)).status).toBe(202);
  // A verified browser (readers) and the request that mailed its link (reader_mail_requests).
  const reader = "vera@example.com";
  // From a network of its own each time: one network may ask five times an hour.
  const network = { "CF-Connecting-IP": `198.51.100.${++readerNetworks}` };
  const body = { site, email: reader, purpose: "verify", page: `${origin}/a` };
  const asked = json("POST", body, network);
  expect((await w.call("/api/readers/mail", asked, mail.bindings)).status).toBe(202);
  const verify = linkIn(mail.to(reader).at(-1)!, "Verify my email");
  const form = { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } };
  expect((await w.call(verify, form, mail.bindings)).status).toBe(200);
  return { site, root, reply, deeper };
}

/** What the API answers about the site (lists, counts, queue, log, export). */
async function answers(site: string, routed: boolean) {
  const w = routed ? routedWorker(site) : routedWorker();
  // Straight from the databases: the read cache would answer the same whichever it was.
  w.bindings.READ_CACHE_SECONDS = "0";
  const list = await w.ok(await w.call(`/api/comments?site=${site}&page=/a`));
  delete list.config.formToken;
  const exported = await w.ok(await w.mod("GET", `/api/mod/export?site=${site}`));
  delete exported.exportedAt;
  return {
    list,
    counts: await w.ok(await w.call(`/api/counts?site=${site}&page=/a&page=/b&page=/c`)),
    queue: await w.modOk("GET", `/api/mod/comments?site=${site}&limit=100`),
    reported: await w.modOk("GET", `/api/mod/comments?site=${site}&status=reported`),
    counted: await w.modOk("GET", `/api/mod/comments/counts?site=${site}`),
    bans: (await w.modOk("GET", `/api/mod/bans?site=${site}`)).bans.length,
    log: await w.modOk("GET", `/api/mod/log?site=${site}`),
    recipients: await w.modOk("GET", `/api/mod/sites/${site}/recipients`),
    exported,
  };
}

async function rowsOfOthers(db: D1Database, site: string): Promise<number> {
  let total = 0;
  for (const table of perSite) {
    const column = table === "sites" ? "id" : "site_id";
    const columns = await db.prepare(`SELECT name FROM pragma_table_info(?1)`).bind(table).all();
    if (!columns.results.some((c: any) => c.name === column)) continue;
    const row = await db
      .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} <> ?1`)
      .bind(site)
      .first<{ n: number }>();
    total += row!.n;
  }
  return total;
}

describe("moving a site into a database of its own", () => {
  it("copies every table's rows of the site and no other site's, and the API answers the same", async () => {
    const { site } = await busySite();
    const other = await busySite();
    const before = await answers(site, false);

    const report = await copySite(source, target, site, { mode: "sync" });
    const comparison = await compareSite(source, target, site);
    expect(comparison.every((row) => row.source === row.target)).toBe(true);
    // Every table of a site has rows here, so each was really copied.
    for (const row of comparison) expect(row.target, row.table).toBeGreaterThan(0);
    expect(report.map((row) => row.table)).toEqual(siteTables.map((table) => table.name));
    expect(await rowsOfOthers(env.DB_BIG, site)).toBe(0);
    expect((await compareSite(source, target, other.site)).every((row) => row.target === 0)).toBe(
      true,
    );

    expect(await answers(site, true)).toEqual(before);
  });

  it("can run again: nothing doubles, and what changed in between follows", async () => {
    const { site, deeper } = await busySite();
    await copySite(source, target, site, { mode: "sync" });
    const once = await compareSite(source, target, site);

    await copySite(source, target, site, { mode: "sync" });
    expect(await compareSite(source, target, site)).toEqual(once);
    expect(await answers(site, true)).toEqual(await answers(site, false));

    // Written to the old database before the switch: a new comment, a deletion.
    const w = routedWorker();
    await w.post(site, "/a", "late", { author: { name: "Ann", email: "ann@example.com" } });
    await w.mod("DELETE", `/api/mod/comments/${deeper.comment.id}`);
    await copySite(source, target, site, { mode: "sync" });
    const again = await compareSite(source, target, site);
    expect(again.every((row) => row.source === row.target)).toBe(true);
    expect(await answers(site, true)).toEqual(await answers(site, false));
  });

  it("catches up after the switch without touching what the new database has since", async () => {
    const { site, root } = await busySite();
    await copySite(source, target, site, { mode: "sync" });
    // After the switch: the routed Worker writes to DB_BIG, a data centre not yet switched to DB.
    const routed = routedWorker(site);
    const newer = await routed.post(site, "/a", "after the switch", {
      parentId: root.comment.id,
      author: { name: "Ann", email: "ann@example.com" },
    });
    const straggler = await routedWorker().post(site, "/d", "during the switch", {
      author: { name: "Ann", email: "ann@example.com" },
    });

    await copySite(source, target, site, { mode: "catch-up" });
    const list = await routed.ok(await routed.call(`/api/comments?site=${site}&page=/d`));
    expect(list.comments.map((c: any) => c.id)).toEqual([straggler.comment.id]);
    expect(list.thread.count).toBe(1);
    const thread = await routed.ok(await routed.call(`/api/comments?site=${site}&page=/a`));
    expect(JSON.stringify(thread)).toContain(newer.comment.id);
  });

  it("deletes the site from the old database only, and the routed API still answers", async () => {
    const { site } = await busySite();
    const other = await busySite();
    const otherBefore = await compareSite(source, target, other.site);
    await copySite(source, target, site, { mode: "sync" });
    const before = await answers(site, true);

    const deleted = await deleteSite(source, target, site, { pageSize: 3 });
    expect(deleted).toBeGreaterThan(0);
    expect((await compareSite(source, target, site)).every((row) => row.source === 0)).toBe(true);
    expect(await compareSite(source, target, other.site)).toEqual(otherBefore);
    expect(await answers(site, true)).toEqual(before);
    // Unrouted, the site is gone from DB.
    const unrouted = routedWorker();
    unrouted.bindings.READ_CACHE_SECONDS = "0";
    expect((await unrouted.call(`/api/comments?site=${site}&page=/a`)).status).toBe(404);
  });

  it("refuses a target that holds another site, and a delete before the copy", async () => {
    const { site } = await busySite();
    const other = await busySite();
    await expect(deleteSite(source, target, site)).rejects.toThrow(/no site/);
    await copySite(source, target, other.site, { mode: "sync" });
    await expect(copySite(source, target, site, { mode: "sync" })).rejects.toThrow(/another site/);
    await expect(copySite(source, target, "no-such-site", { mode: "sync" })).rejects.toThrow(
      /no site/,
    );
  });

  it("keeps an author's own edit token working after the move", async () => {
    const { site, deeper } = await busySite();
    await copySite(source, target, site, { mode: "sync" });
    const res = await callSettled(
      `/api/comments/${deeper.comment.id}`,
      json("PATCH", { body: "edited after the move" }, bearer(deeper.editToken)),
      routedWorker(site).bindings,
    );
    expect(res.status).toBe(200);
    const row = await env.DB_BIG.prepare(`SELECT body FROM comments WHERE id = ?1`)
      .bind(deeper.comment.id)
      .first<{ body: string }>();
    expect(row?.body).toBe("edited after the move");
  });
});
