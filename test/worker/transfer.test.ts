import { env } from "cloudflare:workers";
import { siteRows } from "../sql";
import { describe, expect, it } from "vitest";
import { convertExport, type ForeignFormat } from "../../importers/convert";
import { parseDisqusExport } from "../../importers/disqus";
import { parseWordPressExport } from "../../importers/wordpress";
import issoDisqus from "../fixtures/import/isso-disqus.xml?raw";
import themeUnitTest from "../fixtures/import/wordpress-theme-unit-test.xml?raw";
import { asModerator, call, createSite, listComments } from "../helpers";

function postImport(site: string, body: string, type = "application/json", query = "") {
  return call(
    `/api/mod/import?site=${site}${query}`,
    asModerator({ method: "POST", headers: { "Content-Type": type }, body }),
  );
}

/**
 * What `npm run import` does with another system's file: converts it here and sends it in
 * Parley's format. The answer's `skipped` adds what the converter left out.
 */
async function importForeign(
  site: string,
  format: ForeignFormat,
  source: string,
  options: { includePingbacks?: boolean } = {},
) {
  const { threads, skipped } = await convertExport(format, source, site, options);
  const res = await postImport(site, JSON.stringify({ format: "parley", version: 1, threads }));
  expect(res.status, await res.clone().text()).toBe(200);
  const answer = (await res.json()) as { threads: number; comments: number; skipped: number };
  return { ...answer, skipped: answer.skipped + skipped };
}

async function exportSite(site: string) {
  const res = await call(`/api/mod/export?site=${site}`, asModerator());
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

const stored = (result: { threads: { comments: unknown[] }[] }) =>
  result.threads.reduce((sum, thread) => sum + thread.comments.length, 0);

describe("importing a WordPress export", () => {
  it("stores every comment the parser keeps, with nesting, and adds nothing the second time", async () => {
    const site = await createSite();
    const parsed = parseWordPressExport(themeUnitTest);

    const counts = await importForeign(site, "wordpress", themeUnitTest);
    expect(counts).toEqual({
      threads: parsed.threads.length,
      comments: stored(parsed),
      skipped: parsed.skipped,
    });
    expect(await siteRows("comments", site)).toBe(stored(parsed));

    const second = await importForeign(site, "wordpress", themeUnitTest);
    expect(second).toEqual({ threads: 0, comments: 0, skipped: parsed.skipped });
    expect(await siteRows("comments", site)).toBe(stored(parsed));

    const deepest = await env.DB.prepare(
      `SELECT MAX(depth) AS depth FROM comments WHERE site_id = ?1`,
    )
      .bind(site)
      .first<{ depth: number }>();
    expect(deepest!.depth).toBeGreaterThanOrEqual(10);
  });

  it("imports pingbacks only when asked", async () => {
    const site = await createSite();
    const withPingbacks = parseWordPressExport(themeUnitTest, { includePingbacks: true });
    const res = await importForeign(site, "wordpress", themeUnitTest, { includePingbacks: true });
    expect(res.comments).toBe(stored(withPingbacks));
  });

  it("shows imported approved comments to readers, threaded, with original times", async () => {
    const site = await createSite();
    await importForeign(site, "wordpress", themeUnitTest);
    const thread = parseWordPressExport(themeUnitTest).threads.find((t) =>
      t.comments.some((c) => c.status === "approved"),
    )!;
    const list = await listComments(site, thread.key, "&limit=100");
    const firstApproved = thread.comments.find(
      (c) => c.status === "approved" && c.parentSourceId === null,
    )!;
    expect(list.comments.some((c: any) => c.createdAt === firstApproved.createdAt)).toBe(true);
    expect(JSON.stringify(list)).not.toContain("@");
  });
});

describe("importing a Disqus export", () => {
  it("stores what the parser keeps and counts what it skips", async () => {
    const site = await createSite();
    const parsed = parseDisqusExport(issoDisqus);
    expect(await importForeign(site, "disqus", issoDisqus)).toEqual({
      threads: parsed.threads.length,
      comments: stored(parsed),
      skipped: parsed.skipped,
    });
  });
});

describe("refusing unsafe or wrong uploads", () => {
  it("refuses another system's file, naming the command that converts it, and writes nothing", async () => {
    const site = await createSite();
    const xml = await postImport(site, themeUnitTest, "application/xml");
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as any).error.message).toContain("npm run import");
    const named = await postImport(site, "{}", "application/json", "&format=wordpress");
    expect(named.status).toBe(400);
    const error = ((await named.json()) as any).error;
    expect(error.fields.format).toContain("npm run import");
    expect(await siteRows("comments", site)).toBe(0);
  });

  it("refuses a file that is not JSON (400) and an unknown site (404)", async () => {
    const site = await createSite();
    const empty = JSON.stringify({ format: "parley", version: 1, threads: [] });
    expect((await postImport("no-such-site", empty)).status).toBe(404);
    const broken = await postImport(site, "{not json");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe("invalid_input");
    expect((await postImport(site, empty, "application/json", "&format=parley")).status).toBe(200);
  });

  it("needs the moderator token", async () => {
    const res = await call(`/api/mod/export?site=x`);
    expect(res.status).toBe(401);
  });
});

describe("the JSON export", () => {
  it("holds every thread and comment in every status, with emails, and round-trips exactly", async () => {
    const site = await createSite();
    await importForeign(site, "wordpress", themeUnitTest);
    const exported = await exportSite(site);
    expect(exported).toMatchObject({ format: "parley", version: 1, site: { id: site } });
    const comments = exported.threads.flatMap((t: any) => t.comments);
    expect(comments).toHaveLength(await siteRows("comments", site));
    expect(new Set(comments.map((c: any) => c.status))).toEqual(new Set(["approved", "pending"]));
    expect(
      comments.some((c: any) => typeof c.author.email === "string" && c.author.email.includes("@")),
    ).toBe(true);

    // Empty the site, import its export back, and export again: the same document.
    await env.DB.prepare(`DELETE FROM threads WHERE site_id = ?1`).bind(site).run();
    const back = await postImport(site, JSON.stringify(exported));
    expect(((await back.json()) as any).comments).toBe(comments.length);
    const again = await exportSite(site);
    const strip = (doc: any) => ({
      ...doc,
      exportedAt: undefined,
      threads: [...doc.threads].sort((a: any, b: any) => (a.key < b.key ? -1 : 1)),
    });
    expect(strip(again)).toEqual(strip(exported));
  });
});

describe("validating a Parley import", () => {
  function parleyFile(comment: Record<string, unknown>, thread: Record<string, unknown> = {}) {
    return JSON.stringify({
      format: "parley",
      version: 1,
      threads: [
        {
          key: "/checked",
          url: "https://blog.example/checked",
          title: "Checked",
          ...thread,
          comments: [
            {
              id: "c_checked0001",
              parentId: null,
              status: "approved",
              author: { name: "Ann", email: "ann@example.com", website: null },
              body: "Fine",
              createdAt: "2026-01-01T00:00:00.000Z",
              ...comment,
            },
          ],
        },
      ],
    });
  }

  it("refuses each field the public API would refuse, naming it, and writes nothing", async () => {
    const site = await createSite();
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [
        { author: { name: "Ann", email: null, website: "javascript:alert(1)" } },
        {},
        "threads.0.comments.0.author.website",
      ],
      [{}, { url: "javascript:alert(1)" }, "threads.0.url"],
      [
        { author: { name: "Ann", email: "not-an-email", website: null } },
        {},
        "threads.0.comments.0.author.email",
      ],
      [{ body: "   " }, {}, "threads.0.comments.0.body"],
      [
        { author: { name: "Ann", email: null, website: "ftp://ann.example" } },
        {},
        "threads.0.comments.0.author.website",
      ],
    ];
    for (const [comment, thread, field] of cases) {
      const res = await postImport(site, parleyFile(comment, thread));
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(Object.keys(JSON.parse(text).error.fields), field).toContain(field);
    }
    expect(await siteRows("comments", site)).toBe(0);
  });

  it("cleans names and titles as the public API does", async () => {
    const site = await createSite();
    const file = parleyFile(
      { author: { name: "\u202eAnn\u200b", email: null, website: null } },
      { title: "A \u202etitle\u202c" },
    );
    const res = await postImport(site, file);
    expect(res.status, await res.clone().text()).toBe(200);
    const list = await listComments(site, "/checked");
    expect(list.thread.title).toBe("A title");
    expect(list.comments[0].author.name).toBe("Ann");
  });

  it("carries the verified mark both ways, and only with the address it was proved for", async () => {
    const site = await createSite();
    const verifiedAt = "2026-01-01T00:05:00.000Z";
    const res = await postImport(site, parleyFile({ verifiedAt }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await listComments(site, "/checked")).comments[0].verified).toBe(true);
    const exported = await exportSite(site);
    expect(exported.threads[0].comments[0].verifiedAt).toBe(verifiedAt);

    const anonymous = await createSite();
    const without = parleyFile({ verifiedAt, author: { name: "Ann", email: null, website: null } });
    expect((await postImport(anonymous, without)).status).toBe(200);
    expect((await listComments(anonymous, "/checked")).comments[0].verified).toBeUndefined();
    expect((await exportSite(anonymous)).threads[0].comments[0].verifiedAt).toBeNull();

    const malformed = await postImport(await createSite(), parleyFile({ verifiedAt: "yesterday" }));
    expect(malformed.status).toBe(400);
  });

  it("keeps a deleted comment's empty body (a tombstone)", async () => {
    const site = await createSite();
    const file = parleyFile({
      body: "",
      author: { name: "", email: null, website: null },
      deletedAt: "2026-01-02T00:00:00.000Z",
    });
    const res = await postImport(site, file);
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe("copying a site into another of the same database", () => {
  it("keeps every comment, though their ids are taken by the first site", async () => {
    const from = await createSite();
    await importForeign(from, "wordpress", themeUnitTest);
    const exported = await exportSite(from);
    const total = await siteRows("comments", from);

    const to = await createSite();
    const first = await postImport(to, JSON.stringify(exported));
    expect(((await first.json()) as any).comments).toBe(total);
    expect(await siteRows("comments", to)).toBe(total);
    expect(await siteRows("comments", from)).toBe(total);

    const again = await postImport(to, JSON.stringify(exported));
    expect(((await again.json()) as any).comments).toBe(0);

    const copy = await exportSite(to);
    const shape = (doc: any) =>
      doc.threads
        .map(
          (t: any) =>
            `${t.key}:${t.comments.length}:${t.comments.filter((c: any) => c.parentId).length}`,
        )
        .sort();
    expect(shape(copy)).toEqual(shape(exported));
  });
});
