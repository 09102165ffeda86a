import { describe, expect, it } from "vitest";
import { asModerator, call, createSite, json, origin, postOk, unique } from "../helpers";

function list(site: string, page: string, headers: Record<string, string> = {}) {
  return call(`/api/comments?site=${site}&page=${encodeURIComponent(page)}`, { headers });
}

function counts(site: string, pages: string[], headers: Record<string, string> = {}) {
  const query = pages.map((page) => `&page=${encodeURIComponent(page)}`).join("");
  return call(`/api/counts?site=${site}${query}`, { headers });
}

describe("conditional requests on the public list", () => {
  it("answers 304 with no body when the client holds the current list, readable by the site's pages", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const page = unique("/etag");
    await postOk({ site, page });
    const first = await list(site, page);
    const tag = first.headers.get("ETag");
    expect(tag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("Cache-Control")).toBe("no-cache");

    const again = await list(site, page, { "If-None-Match": tag!, Origin: origin });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(tag);
    expect(again.headers.get("Access-Control-Allow-Origin")).toBe(origin);
    expect((await list(site, page, { "If-None-Match": `W/${tag}, "other"` })).status).toBe(304);
  });

  it("keeps the tag while only the form token differs", async () => {
    const site = await createSite();
    const page = unique("/etag");
    const [a, b] = [await list(site, page), await list(site, page)];
    expect(a.headers.get("ETag")).toBe(b.headers.get("ETag"));
  });

  it("changes the tag when an approved comment arrives, but not for a held one", async () => {
    const site = await createSite({ moderation: "first-time", minSubmitSeconds: 0 });
    const page = unique("/etag");
    // The first comment creates the thread (its url and title are part of the answer).
    await postOk({ site, page, email: `${unique("new")}@example.com` });
    const before = (await list(site, page)).headers.get("ETag")!;

    const held = await postOk({ site, page, email: `${unique("new")}@example.com` });
    expect(held.comment.status).toBe("pending");
    expect((await list(site, page, { "If-None-Match": before })).status).toBe(304);

    const approve = await call(
      `/api/mod/comments/${held.comment.id}`,
      asModerator(json("PATCH", { status: "approved" })),
    );
    expect(approve.status).toBe(200);
    const after = await list(site, page, { "If-None-Match": before });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(before);
  });

  it("changes the tag when a thread is closed or a site setting the widget reads changes", async () => {
    const site = await createSite();
    const page = unique("/etag");
    const before = (await list(site, page)).headers.get("ETag")!;
    await call(`/api/mod/threads`, asModerator(json("PATCH", { site, key: page, closed: true })));
    const closed = await list(site, page, { "If-None-Match": before });
    expect(closed.status).toBe(200);
    const tag = closed.headers.get("ETag")!;
    await call(
      `/api/mod/sites/${site}`,
      asModerator(json("PUT", { name: "x", origins: [origin], settings: { maxDepth: 3 } })),
    );
    expect((await list(site, page, { "If-None-Match": tag })).status).toBe(200);
  });
});

describe("conditional requests on counts", () => {
  it("answers 304 until a count changes", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const pages = [unique("/a"), unique("/b")];
    const first = await counts(site, pages);
    const tag = first.headers.get("ETag")!;
    expect((await counts(site, pages, { "If-None-Match": tag })).status).toBe(304);
    await postOk({ site, page: pages[1] });
    const after = await counts(site, pages, { "If-None-Match": tag });
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).counts[pages[1]!]).toBe(1);
  });
});
