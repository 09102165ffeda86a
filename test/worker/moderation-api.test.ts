/** The review API: who may use it, the queue, and decisions on comments. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  call,
  listComments,
  moderatorToken,
  postOk,
  unique,
  openSite,
  expectError,
} from "../helpers";
import { mod, modJson, queue, setStatus } from "../mod-api";

describe("moderator authentication", () => {
  const routes: [string, string][] = [
    ["GET", "/api/mod/sites"],
    ["GET", "/api/mod/sites/any"],
    ["PUT", "/api/mod/sites/any"],
    ["GET", "/api/mod/comments?site=any"],
    ["PATCH", "/api/mod/comments/c_0123456789ab"],
    ["DELETE", "/api/mod/comments/c_0123456789ab"],
    ["POST", "/api/mod/comments/bulk"],
    ["PATCH", "/api/mod/threads"],
    ["POST", "/api/mod/bans"],
    ["GET", "/api/mod/bans?site=any"],
    ["DELETE", "/api/mod/bans/b_0123456789ab"],
    ["GET", "/api/mod/log?site=any"],
    ["GET", "/api/mod/authors?email=a@example.com"],
    ["DELETE", "/api/mod/authors?email=a@example.com"],
    ["GET", "/api/mod/export?site=any"],
    ["POST", "/api/mod/import?site=any&format=parley"],
  ];
  const withQuery = (path: string, query: string) =>
    `${path}${path.includes("?") ? "&" : "?"}${query}`;

  it.each(routes)("refuses %s %s without the right bearer token", async (method, path) => {
    const body = method === "GET" || method === "DELETE" ? undefined : "{}";
    const attempts: [string, Record<string, string>][] = [
      [path, {}],
      [path, { Authorization: "Bearer wrong-token-0123456789" }],
      [path, { Authorization: `Basic ${btoa(`x:${moderatorToken}`)}` }],
      [path, { Authorization: moderatorToken }],
      [withQuery(path, `token=${moderatorToken}`), {}],
      [withQuery(path, `access_token=${moderatorToken}`), {}],
    ];
    for (const [url, headers] of attempts) {
      const res = await call(url, {
        method,
        body,
        headers: { "Content-Type": "application/json", ...headers },
      });
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      await expectError(res, 401, "unauthorized");
    }
  });

  it("changes nothing when the token is wrong", async () => {
    const id = unique("never").toLowerCase();
    await call(`/api/mod/sites/${id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: "Bearer nope-nope-nope-nope" },
      body: JSON.stringify({ name: "x", origins: ["https://x.example"] }),
    });
    await expectError(await mod("GET", `/api/mod/sites/${id}`), 404, "site_not_found");
  });
});

describe("the review queue", () => {
  it("shows every comment newest first with its email, reasons, thread and site", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/q");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await postOk({ site, page, email: `Reader${i}@Example.com` })).comment.id);
    }
    const comments = await queue(site);
    expect(comments.map((comment) => comment.id)).toEqual([...ids].reverse());
    expect(comments[2]).toMatchObject({
      id: ids[0],
      status: "pending",
      email: "reader0@example.com",
      reasons: ["moderation-all"],
      thread: { key: page, url: `https://blog.example${page}`, title: "A post" },
      site,
    });
    expect(comments[2]).not.toHaveProperty("replies");
  });

  it("filters by status and by page", async () => {
    const site = await openSite({ moderation: "all" });
    const [a, b] = [unique("/a"), unique("/b")];
    const onA = await postOk({ site, page: a });
    const approved = await postOk({ site, page: a });
    const onB = await postOk({ site, page: b });
    await setStatus(approved.comment.id, "approved");
    const ids = (list: any[]) => list.map((comment) => comment.id).sort();
    expect(ids(await queue(site, "&status=pending"))).toEqual(
      [onA.comment.id, onB.comment.id].sort(),
    );
    expect(ids(await queue(site, "&status=approved"))).toEqual([approved.comment.id]);
    expect(ids(await queue(site, `&page=${encodeURIComponent(a)}`))).toEqual(
      [onA.comment.id, approved.comment.id].sort(),
    );
    expect(await queue(site, `&status=pending&page=${encodeURIComponent(b)}`)).toHaveLength(1);
    expect(await queue(site, "&page=%2Fnowhere")).toEqual([]);
  });

  it("pages with a cursor that visits every comment once", async () => {
    const site = await openSite({ moderation: "all" });
    const posted: string[] = [];
    for (let i = 0; i < 7; i++)
      posted.push((await postOk({ site, page: unique("/c") })).comment.id);
    // Two comments in the same millisecond must still each be visited once.
    await env.DB.prepare(
      `UPDATE comments SET created_at = (SELECT created_at FROM comments WHERE id = ?1) WHERE id = ?2`,
    )
      .bind(posted[3], posted[4])
      .run();
    const seen: string[] = [];
    let cursor = "";
    for (let pages = 0; pages < 10; pages++) {
      const body = await modJson("GET", `/api/mod/comments?site=${site}&limit=3${cursor}`);
      expect(body.comments.length).toBeLessThanOrEqual(3);
      seen.push(...body.comments.map((comment: any) => comment.id));
      if (!body.nextCursor) break;
      cursor = `&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(new Set(posted));
  });

  it("answers 404 for an unknown site and 400 for a bad status", async () => {
    await expectError(
      await mod("GET", "/api/mod/comments?site=no-such-site"),
      404,
      "site_not_found",
    );
    const site = await openSite();
    await expectError(
      await mod("GET", `/api/mod/comments?site=${site}&status=maybe`),
      400,
      "invalid_input",
    );
  });
});

describe("decisions on comments", () => {
  it("changes a comment's status and shows or hides it publicly", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/s");
    const posted = await postOk({ site, page });
    expect((await setStatus(posted.comment.id, "approved")).status).toBe("approved");
    expect((await listComments(site, page)).thread.count).toBe(1);
    expect((await setStatus(posted.comment.id, "spam")).status).toBe("spam");
    expect((await listComments(site, page)).comments).toEqual([]);
  });

  it("edits a comment's body and renders it again", async () => {
    const site = await openSite();
    const page = unique("/e");
    const posted = await postOk({ site, page });
    const edited = await modJson("PATCH", `/api/mod/comments/${posted.comment.id}`, {
      body: "Now **bold** <script>x</script>",
    });
    expect(edited.html).toContain("<strong>bold</strong>");
    expect(edited.html).not.toContain("<script");
    expect(edited.editedAt).not.toBeNull();
    expect((await listComments(site, page)).comments[0].html).toBe(edited.html);
  });

  it("answers 404 for an unknown comment and 400 for an empty change", async () => {
    await expectError(
      await mod("PATCH", "/api/mod/comments/c_unknown00000", { status: "spam" }),
      404,
      "not_found",
    );
    await expectError(await mod("DELETE", "/api/mod/comments/c_unknown00000"), 404, "not_found");
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/x") });
    await expectError(
      await mod("PATCH", `/api/mod/comments/${posted.comment.id}`, {}),
      400,
      "invalid_input",
    );
  });

  it("deletes a comment, leaving a tombstone only where replies hang below", async () => {
    const site = await openSite();
    const page = unique("/d");
    const parent = await postOk({ site, page });
    const reply = await postOk({ site, page, parentId: parent.comment.id });
    const leaf = await postOk({ site, page });
    expect((await mod("DELETE", `/api/mod/comments/${parent.comment.id}`)).status).toBe(204);
    expect((await mod("DELETE", `/api/mod/comments/${leaf.comment.id}`)).status).toBe(204);
    const { comments } = await listComments(site, page);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ id: parent.comment.id, deleted: true, html: "" });
    expect(comments[0].replies[0].id).toBe(reply.comment.id);
    expect((await queue(site)).map((comment) => comment.id)).not.toContain(leaf.comment.id);
    await expectError(
      await mod("DELETE", `/api/mod/comments/${leaf.comment.id}`),
      404,
      "not_found",
    );
  });

  it("sets the status of many comments at once, counting only real changes", async () => {
    const site = await openSite({ moderation: "all" });
    const a = await postOk({ site, page: unique("/b") });
    const b = await postOk({ site, page: unique("/b") });
    const c = await postOk({ site, page: unique("/b") });
    await setStatus(c.comment.id, "rejected");
    const ids = [a.comment.id, b.comment.id, c.comment.id, a.comment.id, "c_unknown00000"];
    expect(await modJson("POST", "/api/mod/comments/bulk", { ids, status: "rejected" })).toEqual({
      updated: 2,
    });
    expect((await queue(site, "&status=rejected")).length).toBe(3);
    await expectError(
      await mod("POST", "/api/mod/comments/bulk", { ids: [], status: "spam" }),
      400,
      "invalid_input",
    );
  });

  it("makes an author known when a moderator approves them, in bulk too", async () => {
    const site = await openSite({ moderation: "first-time" });
    const email = `${unique("bulk")}@example.com`;
    const first = await postOk({ site, page: unique("/k"), email });
    expect(first.comment.status).toBe("pending");
    await modJson("POST", "/api/mod/comments/bulk", {
      ids: [first.comment.id],
      status: "approved",
    });
    expect((await postOk({ site, page: unique("/k"), email })).comment.status).toBe("approved");
  });
});
