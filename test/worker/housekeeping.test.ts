/**
 * The scheduled job: forgets old network hashes (and what Akismet was told), expired bans,
 * old idempotency records and posting attempts.
 */
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { call, json, postOk, unique, openSite } from "../helpers";
import { ban } from "../mod-api";

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function runJob(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController(), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function backdate(
  table: "comments" | "idempotency_keys",
  column: string,
  id: string,
  at: string,
) {
  const key = table === "comments" ? "id" : "comment_id";
  await env.DB.prepare(`UPDATE ${table} SET ${column} = ?1 WHERE ${key} = ?2`).bind(at, id).run();
}

async function comment(id: string) {
  return env.DB.prepare(`SELECT network_hash, email_hash, status, body FROM comments WHERE id = ?1`)
    .bind(id)
    .first<{
      network_hash: string | null;
      email_hash: string | null;
      status: string;
      body: string;
    }>();
}

async function everyRow(): Promise<string> {
  const dumps = await env.DB.batch(
    ["comments", "bans", "idempotency_keys", "threads", "moderation_log", "attempts"].map((table) =>
      env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`),
    ),
  );
  return JSON.stringify(dumps.map((dump) => dump.results));
}

describe("the scheduled housekeeping job", () => {
  it("forgets network hashes older than 30 days and keeps the comments", async () => {
    const site = await openSite();
    const old = await postOk({ site, page: unique("/h"), body: "Old words" });
    const recent = await postOk({ site, page: unique("/h") });
    await backdate("comments", "created_at", old.comment.id, daysAgo(31));
    await backdate("comments", "created_at", recent.comment.id, daysAgo(29));
    await runJob();
    expect(await comment(old.comment.id)).toMatchObject({
      network_hash: null,
      status: "approved",
      body: "Old words",
      email_hash: expect.any(String),
    });
    expect((await comment(recent.comment.id))?.network_hash).toEqual(expect.any(String));
  });

  it("forgets page reactions' network hashes after 30 days and keeps the reactions", async () => {
    const site = await openSite({ reactions: ["heart"] });
    const page = unique("/reacted");
    // The old reaction from one network, the recent one from another.
    for (const [reader, network] of [
      ["old-reader-0123456789", "198.51.100.31"],
      ["new-reader-0123456789", "198.51.100.32"],
    ]) {
      const body = { site, page, kind: "heart", reader, reacted: true };
      const res = await call(
        "/api/reactions",
        json("POST", body, { "CF-Connecting-IP": network! }),
      );
      expect(res.status).toBe(200);
    }
    const reactions = async () =>
      (
        await env.DB.prepare(
          `SELECT network_hash FROM page_reactions
           WHERE thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?2)
           ORDER BY created_at`,
        )
          .bind(site, page)
          .all<{ network_hash: string }>()
      ).results.map((row) => row.network_hash);
    const [older, newer] = await reactions();
    await env.DB.prepare(`UPDATE page_reactions SET created_at = ?1 WHERE network_hash = ?2`)
      .bind(daysAgo(31), older)
      .run();
    await runJob();
    expect(await reactions()).toEqual(["", newer]);
  });

  it("forgets what Akismet was told about the client along with the network hash", async () => {
    const site = await openSite();
    const old = await postOk({ site, page: unique("/h") });
    await env.DB.prepare(
      `UPDATE comments SET akismet_context = 'sealed', created_at = ?1 WHERE id = ?2`,
    )
      .bind(daysAgo(31), old.comment.id)
      .run();
    await runJob();
    const row = await env.DB.prepare(`SELECT akismet_context FROM comments WHERE id = ?1`)
      .bind(old.comment.id)
      .first<{ akismet_context: string | null }>();
    expect(row).toEqual({ akismet_context: null });
  });

  it("deletes posting attempts older than a day, which no limit looks at any more", async () => {
    const site = await openSite();
    const old = await postOk({ site, page: unique("/h") });
    const fresh = await postOk({ site, page: unique("/h") });
    await env.DB.prepare(`UPDATE attempts SET created_at = ?1 WHERE id = ?2`)
      .bind(daysAgo(1.01), old.comment.id)
      .run();
    await runJob();
    const { results } = await env.DB.prepare(`SELECT id FROM attempts WHERE site_id = ?1`)
      .bind(site)
      .all<{ id: string }>();
    expect(results.map((row) => row.id)).toEqual([fresh.comment.id]);
    expect(await comment(old.comment.id)).not.toBeNull();
  });

  it("deletes expired bans and keeps the rest", async () => {
    const site = await openSite();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const expired = await ban({
      site,
      email: "a@example.com",
      scope: "author",
      expiresAt: inAnHour,
    });
    const running = await ban({
      site,
      email: "b@example.com",
      scope: "author",
      expiresAt: inAnHour,
    });
    const forever = await ban({ site, email: "c@example.com", scope: "author" });
    await env.DB.prepare(`UPDATE bans SET expires_at = ?1 WHERE id = ?2`)
      .bind(daysAgo(0.001), expired.id)
      .run();
    await runJob();
    const { results } = await env.DB.prepare(`SELECT id FROM bans WHERE site_id = ?1`)
      .bind(site)
      .all<{ id: string }>();
    expect(results.map((row) => row.id).sort()).toEqual([running.id, forever.id].sort());
  });

  it("deletes idempotency records older than a day and keeps fresh ones", async () => {
    const site = await openSite();
    const keyed = (key: string) => ({
      site,
      page: unique("/h"),
      headers: { "Idempotency-Key": key },
    });
    const old = await postOk(keyed(unique("old")));
    const fresh = await postOk(keyed(unique("fresh")));
    await backdate("idempotency_keys", "created_at", old.comment.id, daysAgo(1.01));
    await backdate("idempotency_keys", "created_at", fresh.comment.id, daysAgo(0.9));
    await runJob();
    const { results } = await env.DB.prepare(
      `SELECT comment_id FROM idempotency_keys WHERE site_id = ?1`,
    )
      .bind(site)
      .all<{ comment_id: string }>();
    expect(results.map((row) => row.comment_id)).toEqual([fresh.comment.id]);
    expect(await comment(old.comment.id)).not.toBeNull();
  });

  it("changes nothing when it runs again", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/h"),
      headers: { "Idempotency-Key": unique("k") },
    });
    await backdate("comments", "created_at", posted.comment.id, daysAgo(40));
    await backdate("idempotency_keys", "created_at", posted.comment.id, daysAgo(2));
    await runJob();
    const once = await everyRow();
    await runJob();
    expect(await everyRow()).toBe(once);
  });

  it("clears at most a bounded number of rows per run and finishes on the next", async () => {
    const site = await openSite();
    const seed = await postOk({ site, page: unique("/h") });
    const prefix = unique("c_bulk").replaceAll("-", "_");
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
       INSERT INTO comments (id, site_id, thread_id, parent_id, root_id, depth, status, author_name,
         author_website, email_encrypted, email_hash, avatar, network_hash, body, html, dedup_key,
         reasons, created_at)
       SELECT ?1 || i, site_id, thread_id, NULL, ?1 || i, 1, 'spam', author_name, NULL, NULL, NULL,
         avatar, network_hash, body, html, NULL, '[]', ?2
       FROM comments, n WHERE id = ?3`,
    )
      .bind(prefix, daysAgo(45), seed.comment.id)
      .run();
    const remaining = async () =>
      (await env.DB.prepare(
        `SELECT COUNT(*) AS n FROM comments WHERE id LIKE ?1 || '%' AND network_hash IS NOT NULL`,
      )
        .bind(prefix)
        .first<number>("n"))!;
    expect(await remaining()).toBe(1001);
    await runJob();
    expect(await remaining()).toBe(1);
    await runJob();
    expect(await remaining()).toBe(0);
  });
});
