/**
 * The new formats through what `npm run import` sends: converted here, checked by the
 * Worker's import route with the public API's rules, stored in a real local D1.
 */
import { describe, expect, it } from "vitest";
import adminExport from "../fixtures/import/waline-admin-export-sqlite.json?raw";
import deletedBackup from "../fixtures/import/remark42-backup-deleted.jsonl?raw";
import twikooExport from "../fixtures/import/twikoo-admin-export.json?raw";
import { convertExport, type ForeignFormat } from "../../importers/convert";
import { asModerator, call, createSite } from "../helpers";
import { siteRows } from "../sql";

async function importForeign(site: string, format: ForeignFormat, source: string) {
  const { threads } = await convertExport(format, source, site, { timeZone: "Asia/Shanghai" });
  const res = await call(
    `/api/mod/import?site=${site}`,
    asModerator({
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ format: "parley", version: 1, threads }),
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { threads: number; comments: number; skipped: number };
}

async function exportedComments(site: string) {
  const res = await call(`/api/mod/export?site=${site}`, asModerator());
  const data = (await res.json()) as {
    threads: { comments: { status: string; deletedAt: string | null; body: string }[] }[];
  };
  return data.threads.flatMap((thread) => thread.comments);
}

describe("importing converted exports", () => {
  it("stores a Waline export once: the second run adds nothing", async () => {
    const site = await createSite();
    expect(await importForeign(site, "waline", adminExport)).toMatchObject({ comments: 5 });
    expect(await importForeign(site, "waline", adminExport)).toMatchObject({ comments: 0 });
    expect(await siteRows("comments", site)).toBe(5);
  });

  it("stores Twikoo's isSpam comments in the spam queue", async () => {
    const site = await createSite();
    await importForeign(site, "twikoo", twikooExport);
    const statuses = (await exportedComments(site)).map((comment) => comment.status);
    expect(statuses.filter((status) => status === "spam")).toHaveLength(1);
    expect(statuses).toHaveLength(6);
  });

  it("stores a Remark42 tombstone that keeps its reply's place", async () => {
    const site = await createSite();
    await importForeign(site, "remark42", deletedBackup);
    const comments = await exportedComments(site);
    expect(comments.map((comment) => comment.deletedAt !== null)).toEqual([true, false]);
    expect(comments[0]?.body).toBe("");
  });
});
