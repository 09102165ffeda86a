/**
 * The desk's tab counts come from one row per site that the writes keep
 * (migrations/0009_site_counts.sql). After every kind of write that changes a comment's
 * status, deletes it or reports it, the row must say what counting the comments says.
 */
import { describe, expect, it } from "vitest";
import { call, createSite, json, origin, postOk, unique } from "../helpers";
import { mod, modJson } from "../mod-api";
import { env } from "cloudflare:workers";
import { rows, sql } from "../sql";

/** What the counts are, counted the slow way: every comment and open report of the site. */
async function counted(site: string): Promise<Record<string, number>> {
  const found = { pending: 0, approved: 0, spam: 0, rejected: 0, reported: 0 };
  const byStatus = await rows<{ status: keyof typeof found; n: number }>(
    `SELECT status, COUNT(*) AS n FROM comments WHERE site_id = ?1 AND deleted_at IS NULL
     GROUP BY status
     UNION ALL SELECT 'reported', COUNT(DISTINCT comment_id) FROM reports
     WHERE site_id = ?1 AND settled_at IS NULL`,
    site,
  );
  for (const row of byStatus) found[row.status] = row.n;
  return found;
}

async function expectCountsRight(site: string, step: string) {
  const { counts } = await modJson("GET", `/api/mod/comments/counts?site=${site}`);
  expect(counts, step).toEqual(await counted(site));
}

function report(id: string, network: string) {
  return call(
    `/api/comments/${id}/report`,
    json("POST", { reason: "spam" }, { "CF-Connecting-IP": network, Origin: origin }),
  );
}

describe("the desk's counts", () => {
  it("are zero for a site without comments", async () => {
    const site = await createSite();
    const { counts } = await modJson("GET", `/api/mod/comments/counts?site=${site}`);
    expect(counts).toEqual({ pending: 0, approved: 0, spam: 0, rejected: 0, reported: 0 });
  });

  it("follow posts, decisions, deletes, reports and erasure", async () => {
    // First-time moderation: every new author's comment waits for review.
    const site = await createSite({
      minSubmitSeconds: 0,
      holdAfterReports: 10,
      rateLimitPerMinute: 100,
    });
    const page = unique("/counted");
    const email = `${unique("erased")}@mail.example`;
    const posted = [];
    for (let n = 0; n < 6; n += 1) {
      posted.push(await postOk({ site, page, email: n < 2 ? email : `${unique("a")}@x.example` }));
    }
    const ids = posted.map((p) => p.comment.id);
    await expectCountsRight(site, "after six held posts");
    expect((await counted(site)).pending).toBe(6);

    await modJson("PATCH", `/api/mod/comments/${ids[0]}`, { status: "approved" });
    await modJson("PATCH", `/api/mod/comments/${ids[2]}`, { status: "approved" });
    await modJson("POST", "/api/mod/comments/bulk", { ids: [ids[3], ids[4]], status: "spam" });
    await modJson("PATCH", `/api/mod/comments/${ids[5]}`, { status: "rejected" });
    await expectCountsRight(site, "after decisions");

    await report(ids[2]!, "198.51.100.20");
    await report(ids[2]!, "198.51.100.21");
    await report(ids[0]!, "198.51.100.22");
    await expectCountsRight(site, "after reports");
    expect((await counted(site)).reported).toBe(2);

    // A decision settles the comment's reports: it leaves the Reported view.
    await modJson("PATCH", `/api/mod/comments/${ids[2]}`, { status: "approved" });
    await expectCountsRight(site, "after a decision settled two reports");
    expect((await counted(site)).reported).toBe(1);

    expect((await mod("DELETE", `/api/mod/comments/${ids[4]}`)).status).toBe(204);
    const own = await call(`/api/comments/${ids[1]}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${posted[1]!.editToken}` },
    });
    expect(own.status).toBe(204);
    await expectCountsRight(site, "after a moderator's and an author's delete");

    await modJson("DELETE", `/api/mod/authors?email=${encodeURIComponent(email)}`);
    await expectCountsRight(site, "after erasing an author (and the open report with them)");
  });

  it("are backfilled by the migration for the comments already there", async () => {
    const site = await createSite({ minSubmitSeconds: 0, rateLimitPerMinute: 100 });
    const page = unique("/before");
    const first = await postOk({ site, page, email: `${unique("b")}@x.example` });
    await postOk({ site, page, email: `${unique("b")}@x.example` });
    await modJson("PATCH", `/api/mod/comments/${first.comment.id}`, { status: "approved" });
    await report(first.comment.id, "198.51.100.30");
    // As before migration 0009: no counters at all.
    await sql(`DELETE FROM site_counts`);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0009_"))!;
    const backfill = migration.queries.find((q) => /^\s*INSERT INTO site_counts/.test(q))!;
    await sql(backfill);
    await expectCountsRight(site, "after the backfill");
    expect(await counted(site)).toMatchObject({ pending: 1, approved: 1, reported: 1 });
  });
});
