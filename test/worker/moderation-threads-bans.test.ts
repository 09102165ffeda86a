/** Closing threads and managing bans through the review API. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listComments, postComment, postOk, unique, openSite, expectError } from "../helpers";
import { mod, modJson } from "../mod-api";

describe("threads", () => {
  it("closes a thread to new comments and reopens it", async () => {
    const site = await openSite();
    const page = unique("/t");
    await postOk({ site, page });
    const closed = await modJson("PATCH", "/api/mod/threads", { site, key: page, closed: true });
    expect(closed).toMatchObject({ key: page, closed: true, count: 1 });
    expect((await listComments(site, page)).thread.closed).toBe(true);
    await expectError(await postComment({ site, page }), 403, "thread_closed");
    await modJson("PATCH", "/api/mod/threads", { site, key: page, closed: false });
    expect((await postComment({ site, page })).status).toBe(201);
  });

  it("closes a page before its first comment", async () => {
    const site = await openSite();
    const page = unique("/t");
    await modJson("PATCH", "/api/mod/threads", { site, key: page, closed: true });
    await expectError(await postComment({ site, page }), 403, "thread_closed");
  });

  it("closes threads older than closeAfterDays since their first approved comment", async () => {
    const site = await openSite({ closeAfterDays: 2 });
    const [old, fresh] = [unique("/old"), unique("/fresh")];
    await postOk({ site, page: old });
    await postOk({ site, page: fresh });
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await env.DB.prepare(`UPDATE threads SET opened_at = ?1 WHERE site_id = ?2 AND key = ?3`)
      .bind(threeDaysAgo, site, old)
      .run();
    expect((await listComments(site, old)).thread.closed).toBe(true);
    await expectError(await postComment({ site, page: old }), 403, "thread_closed");
    expect((await postComment({ site, page: fresh })).status).toBe(201);
  });
});

describe("bans", () => {
  it("lists a site's bans with the email and whether each is active, and lifts one", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/b"), email: "Banned@Example.com" });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const byComment = await modJson("POST", "/api/mod/bans", {
      site,
      commentId: posted.comment.id,
      scope: "network",
      reason: "flood",
      expiresAt,
    });
    const byEmail = await modJson("POST", "/api/mod/bans", {
      site,
      email: "x@example.com",
      scope: "author",
    });
    expect(byComment).toMatchObject({
      scope: "network",
      email: null,
      reason: "flood",
      expiresAt,
      active: true,
    });
    const { bans } = await modJson("GET", `/api/mod/bans?site=${site}`);
    expect(bans.map((ban: any) => ban.id).sort()).toEqual([byComment.id, byEmail.id].sort());
    expect(bans.find((ban: any) => ban.id === byEmail.id)).toMatchObject({
      email: "x@example.com",
      active: true,
    });

    expect((await mod("DELETE", `/api/mod/bans/${byEmail.id}`)).status).toBe(204);
    await expectError(await mod("DELETE", `/api/mod/bans/${byEmail.id}`), 404, "not_found");
    expect((await modJson("GET", `/api/mod/bans?site=${site}`)).bans).toHaveLength(1);
  });

  it("refuses bans that cannot work", async () => {
    const site = await openSite();
    const other = await openSite();
    const posted = await postOk({ site, page: unique("/b") });
    const refuse = async (body: Record<string, unknown>) =>
      expectError(await mod("POST", "/api/mod/bans", body), 400, "invalid_input");
    await refuse({ site, scope: "author" });
    await refuse({ site, email: "a@example.com", scope: "network" });
    await refuse({ site: other, commentId: posted.comment.id, scope: "author" });
    await refuse({
      site,
      email: "a@example.com",
      scope: "author",
      expiresAt: "2001-01-01T00:00:00Z",
    });
  });
});
