/**
 * Leaving for WordPress or Disqus: `GET /api/mod/export/wxr` writes a site as WXR, and the
 * round trip Parley → WXR → Parley (through the same WordPress converter `npm run import`
 * uses) keeps every approved and held comment with its author, email, time, thread and
 * text, and every tombstone that holds replies; spam and rejected comments stay behind, as
 * they do in any WordPress import.
 */
import { describe, expect, it } from "vitest";
import { convertExport } from "../../importers/convert";
import { parseWordPressExport } from "../../importers/wordpress";
import { renderMarkdown } from "../../worker/domain/render";
import { asModerator, call, createSite, json, openSite, origin, postOk } from "../helpers";
import { mod, setStatus } from "../mod-api";

async function exportWxr(site: string): Promise<Response> {
  return call(`/api/mod/export/wxr?site=${site}`, asModerator());
}

async function exportedThreads(site: string): Promise<any[]> {
  const res = await call(`/api/mod/export?site=${site}`, asModerator());
  expect(res.status).toBe(200);
  return ((await res.json()) as { threads: any[] }).threads;
}

/** A site with a comment of every kind, on a path-keyed page and a slug-keyed one. */
async function siteWithEveryKind() {
  const site = await openSite();
  const root = await postOk({
    site,
    page: "/2026/a-post/",
    name: "Ann ]]> <b>",
    email: "ann@example.com",
    website: "https://ann.example/",
    body: "Hello *there*, see [the docs](https://docs.example/) and `code`.\n\n> quoted\n\n- one\n- two",
  });
  const reply = await postOk({
    site,
    page: "/2026/a-post/",
    parentId: root.comment.id,
    name: "Bob",
    email: "bob@example.com",
    body: "A reply with ]]> and <script>alert(1)</script> in it.",
  });
  await postOk({ site, page: "/2026/a-post/", parentId: reply.comment.id, body: "Deeper." });
  const held = await postOk({ site, page: "/2026/a-post/", name: "Cy", body: "Held back." });
  await setStatus(held.comment.id, "pending");
  const spam = await postOk({ site, page: "/2026/a-post/", body: "Buy now" });
  await setStatus(spam.comment.id, "spam");
  const rejected = await postOk({ site, page: "/2026/a-post/", body: "Off topic" });
  await setStatus(rejected.comment.id, "rejected");
  // Deleted with a reply below: a tombstone, on a page keyed by a slug, not a path.
  const slugPage = { page: { key: "post-42", url: `${origin}/?p=42`, title: "Slug & <page>" } };
  const gone = await postOk({ site, extra: slugPage, name: "Dee", body: "Regretted." });
  await postOk({ site, extra: slugPage, parentId: gone.comment.id, body: "Answer to it." });
  expect((await mod("DELETE", `/api/mod/comments/${gone.comment.id}`)).status).toBe(204);
  return site;
}

/** WXR's dates are WordPress's, to the second. */
const toSecond = (iso: string | undefined) => iso?.slice(0, 19) ?? null;

/**
 * What must survive the trip, per thread key, in a form both sides can be compared in:
 * times to the second, and comments in a fixed order (the same second sorts by id).
 */
function essence(threads: any[]) {
  return Object.fromEntries(
    threads.map((thread) => {
      const kept = thread.comments.filter(
        (c: any) => c.status === "approved" || c.status === "pending",
      );
      const byId = new Map(kept.map((c: any) => [c.id, c]));
      return [
        thread.key,
        {
          title: thread.title,
          closed: thread.closed,
          comments: kept
            .map((c: any) => ({
              status: c.status,
              author: c.author,
              createdAt: toSecond(c.createdAt),
              deleted: c.deletedAt !== null,
              html: renderMarkdown(c.body),
              parentCreatedAt: c.parentId
                ? toSecond((byId.get(c.parentId) as any)?.createdAt)
                : null,
            }))
            .sort((a: any, b: any) =>
              (a.html + a.author.name).localeCompare(b.html + b.author.name),
            ),
        },
      ];
    }),
  );
}

describe("the WXR export", () => {
  it("is the owner's, as an RSS attachment", async () => {
    const site = await createSite();
    expect((await call(`/api/mod/export/wxr?site=${site}`)).status).toBe(401);
    const res = await exportWxr(site);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      new RegExp(`^attachment; filename="parley-${site}-\\d{4}-\\d{2}-\\d{2}\\.xml"$`),
    );
    const xml = await res.text();
    expect(xml).toContain('xmlns:wp="http://wordpress.org/export/1.2/"');
    expect(parseWordPressExport(xml).threads).toEqual([]);
  });

  it("says which site is unknown", async () => {
    const res = await exportWxr("no-such-site");
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe("site_not_found");
  });

  it("imports back into Parley with every approved, held and tombstone comment", async () => {
    const source = await siteWithEveryKind();
    const xml = await (await exportWxr(source)).text();
    const target = await createSite();
    const { threads, skipped } = await convertExport("wordpress", xml, target, {});
    const res = await call(
      `/api/mod/import?site=${target}`,
      asModerator(json("POST", { format: "parley", version: 1, threads })),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    // Spam and rejected (written as `trash` without replies) stay behind.
    expect(skipped).toBe(2);

    const before = essence(await exportedThreads(source));
    const after = essence(await exportedThreads(target));
    expect(Object.keys(after).sort()).toEqual(["/2026/a-post/", "post-42"]);
    expect(after).toEqual(before);
    expect(after["post-42"]!.comments.map((c: any) => c.deleted)).toEqual([true, false]);
    expect(after["/2026/a-post/"]!.comments).toHaveLength(4);

    // Running the same file again adds nothing: the numbers are stable.
    const again = await convertExport(
      "wordpress",
      await (await exportWxr(source)).text(),
      target,
      {},
    );
    const second = await call(
      `/api/mod/import?site=${target}`,
      asModerator(json("POST", { format: "parley", version: 1, threads: again.threads })),
    );
    expect(((await second.json()) as any).comments).toBe(0);
  });

  it("keeps markup that would end a CDATA section, or a tag, as text", async () => {
    const site = await siteWithEveryKind();
    const xml = await (await exportWxr(site)).text();
    expect(xml).not.toContain("<script>");
    const parsed = parseWordPressExport(xml);
    const names = parsed.threads.flatMap((t) => t.comments.map((c) => c.authorName));
    expect(names).toContain("Ann ]]> <b>");
  });
});
