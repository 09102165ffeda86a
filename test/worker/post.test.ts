import { describe, expect, it } from "vitest";
import { rows, sql } from "../sql";
import {
  call,
  commentPayload,
  createSite,
  json,
  listComments,
  origin,
  postComment,
  postOk,
  unique,
  openSite,
  expectError,
} from "../helpers";

async function fieldsOf(res: Response): Promise<string[]> {
  const body = await expectError(res, 400, "invalid_input");
  return Object.keys(body.error.fields ?? {}).sort();
}

function postRaw(body: BodyInit, headers: Record<string, string> = {}, extra: RequestInit = {}) {
  return call("/api/comments", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
    ...extra,
  });
}

describe("POST /api/comments", () => {
  it("creates the thread with the first comment and answers 201 with the edit token", async () => {
    const site = await openSite({ editWindowSeconds: 600 });
    const page = unique("/first");
    const res = await postComment({ site, page, body: "Hello *there*" });
    expect(res.status).toBe(201);
    const body = await res.json<any>();
    expect(Object.keys(body).sort()).toEqual(["comment", "editToken", "editableUntil"]);
    expect(Object.keys(body.comment).sort()).toEqual(
      ["author", "createdAt", "editedAt", "html", "id", "parentId", "replies", "status"].sort(),
    );
    expect(body.comment).toMatchObject({
      id: expect.stringMatching(/^c_/),
      parentId: null,
      html: "<p>Hello <em>there</em></p>",
      status: "approved",
      editedAt: null,
      replies: [],
    });
    expect(body.editToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const window = Date.parse(body.editableUntil) - Date.parse(body.comment.createdAt);
    expect(window).toBe(600_000);

    const list = await listComments(site, page);
    expect(list.thread).toMatchObject({ url: `${origin}${page}`, title: "A post", count: 1 });
  });

  it("holds a first-time author's comment for review", async () => {
    const site = await createSite({ minSubmitSeconds: 0 });
    const posted = await postOk({ site, page: unique("/held") });
    expect(posted.comment.status).toBe("pending");
  });

  it("answers a honeypot bot exactly like a held comment", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/bot"),
      extra: { honeypot: "http://spam.example" },
    });
    expect(posted.comment.status).toBe("pending");
    const [row] = await rows<{ status: string }>(
      `SELECT status FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row!.status).toBe("spam");
  });

  it("ignores unknown JSON fields", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/extra"), extra: { status: "x", admin: 1 } });
    expect(posted.comment.status).toBe("approved");
  });

  it("names every bad field by its dotted path", async () => {
    const site = await openSite();
    const payload = commentPayload({ site, page: unique("/bad") });
    const bad = {
      ...payload,
      page: { ...payload.page, url: "not a url" },
      author: { name: "Ann", email: "ann@", website: "ftp://ann.example" },
      body: "   ",
    };
    expect(await fieldsOf(await postRaw(JSON.stringify(bad)))).toEqual(
      ["author.email", "author.website", "body", "page.url"].sort(),
    );
    const missing = await fieldsOf(await postRaw(JSON.stringify({ site })));
    expect(missing).toEqual(["author", "body", "page"]);
  });

  it("refuses a page URL that is not on one of the site's origins", async () => {
    const site = await openSite();
    const payload = commentPayload({ site, page: unique("/elsewhere") });
    payload.page.url = "https://evil.example/post";
    expect(await fieldsOf(await postRaw(JSON.stringify(payload)))).toEqual(["page.url"]);
  });

  it("refuses a body longer than the site's maxLength, and an empty one", async () => {
    const site = await openSite({ maxLength: 50 });
    const page = unique("/long");
    expect(await fieldsOf(await postComment({ site, page, body: "x".repeat(51) }))).toEqual([
      "body",
    ]);
    expect(await fieldsOf(await postComment({ site, page, body: "\n \t" }))).toEqual(["body"]);
    expect(await fieldsOf(await postComment({ site, page, body: "y".repeat(20001) }))).toEqual([
      "body",
    ]);
    expect((await postComment({ site, page, body: "z".repeat(50) })).status).toBe(201);
  });

  it("requires a name and an email where the site says so", async () => {
    const strict = await openSite();
    const page = unique("/required");
    const payload = commentPayload({ site: strict, page });
    payload.author = { name: " \u202e ", email: "", website: "" };
    expect(await fieldsOf(await postRaw(JSON.stringify(payload)))).toEqual([
      "author.email",
      "author.name",
    ]);

    const lenient = await openSite({ requireName: false, requireEmail: false });
    const anonymous = commentPayload({ site: lenient, page });
    anonymous.author = { name: "", email: "", website: "" };
    const res = await postRaw(JSON.stringify(anonymous));
    expect(res.status).toBe(201);
  });

  it("refuses a browser post from an origin that is not the site's", async () => {
    const site = await openSite();
    const res = await postComment({
      site,
      page: unique("/cors"),
      headers: { Origin: "https://evil.example" },
    });
    await expectError(res, 403, "origin_not_allowed");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("refuses comments on a thread closed by hand or by age", async () => {
    const site = await openSite({ closeAfterDays: 30 });
    const page = unique("/closing");
    await postOk({ site, page });
    await sql(`UPDATE threads SET closed = 1 WHERE site_id = ?1 AND key = ?2`, site, page);
    await expectError(await postComment({ site, page }), 403, "thread_closed");
    expect((await listComments(site, page)).thread.closed).toBe(true);

    const old = unique("/old");
    await postOk({ site, page: old });
    const longAgo = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await sql(
      `UPDATE threads SET opened_at = ?3 WHERE site_id = ?1 AND key = ?2`,
      site,
      old,
      longAgo,
    );
    await expectError(await postComment({ site, page: old }), 403, "thread_closed");
    expect((await listComments(site, old)).thread.closed).toBe(true);
  });

  it("answers 404 for a site that does not exist", async () => {
    await expectError(await postComment({ site: "no-such-site" }), 404, "site_not_found");
  });

  it("refuses the same author posting the same text on the same page again", async () => {
    const site = await openSite();
    const page = unique("/dup");
    await postOk({ site, page, body: "Same text" });
    await expectError(await postComment({ site, page, body: "Same  text " }), 409, "duplicate");
    // Another author, or another page, may say the same.
    expect(
      (await postComment({ site, page, body: "Same text", email: "bo@x.example" })).status,
    ).toBe(201);
    expect((await postComment({ site, page: unique("/dup2"), body: "Same text" })).status).toBe(
      201,
    );
  });

  it("answers 429 with Retry-After past the per-minute limit", async () => {
    const site = await openSite({ rateLimitPerMinute: 2 });
    const page = unique("/fast");
    await postOk({ site, page });
    await postOk({ site, page });
    const res = await postComment({ site, page });
    await expectError(res, 429, "rate_limited");
    expect(Number(res.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });

  it("refuses a reply to a held comment, or to a comment on another page", async () => {
    const site = await openSite({ holdWords: ["later"] });
    const page = unique("/parents");
    const held = await postOk({ site, page, body: "see you later" });
    expect(await fieldsOf(await postComment({ site, page, parentId: held.comment.id }))).toEqual([
      "parentId",
    ]);
    const other = await postOk({ site, page: unique("/other") });
    expect(await fieldsOf(await postComment({ site, page, parentId: other.comment.id }))).toEqual([
      "parentId",
    ]);
    const otherSite = await openSite();
    const foreign = await postOk({ site: otherSite, page });
    expect(await fieldsOf(await postComment({ site, page, parentId: foreign.comment.id }))).toEqual(
      ["parentId"],
    );
    expect(await fieldsOf(await postComment({ site, page, parentId: "c_doesnotexist00" }))).toEqual(
      ["parentId"],
    );
    expect(await fieldsOf(await postComment({ site, page, parentId: "42" }))).toEqual(["parentId"]);
  });

  it("stores the website as the URL parser's normalised href", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/web"),
      website: "  HTTPS://Ann.EXAMPLE:443/a/../b?q=1 ",
    });
    expect((posted.comment.author as { website: string }).website).toBe(
      "https://ann.example/b?q=1",
    );
  });

  it("refuses script and data websites", async () => {
    const site = await openSite();
    for (const website of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x"]) {
      const res = await postComment({ site, page: unique("/js"), website });
      expect(await fieldsOf(res)).toEqual(["author.website"]);
    }
  });

  it("keeps the author name as plain text without control or bidi-override characters", async () => {
    const site = await openSite();
    const name = "  <b>Eve</b>\u202e\u200b\u0000 \u2066Mallory\u2069  ";
    const posted = await postOk({ site, page: unique("/name"), name });
    expect((posted.comment.author as { name: string }).name).toBe("<b>Eve</b> Mallory");
  });

  it("takes the network from CF-Connecting-IP only, ignoring X-Forwarded-For", async () => {
    const site = await openSite();
    const spoofed = await postOk({
      site,
      page: unique("/net"),
      headers: { "CF-Connecting-IP": "198.51.100.1", "X-Forwarded-For": "192.0.2.99" },
    });
    const honest = await postOk({
      site,
      page: unique("/net"),
      headers: { "CF-Connecting-IP": "198.51.100.1" },
    });
    const forwardedOnly = await call(
      "/api/comments",
      json("POST", commentPayload({ site, page: unique("/net") }), {
        "X-Forwarded-For": "192.0.2.99",
        "X-Real-IP": "192.0.2.99",
      }),
    );
    const viaProxy = (await forwardedOnly.json<any>()).comment.id;
    const hashes = await rows<{ id: string; network_hash: string | null }>(
      `SELECT id, network_hash FROM comments WHERE id IN (?1, ?2, ?3)`,
      spoofed.comment.id,
      honest.comment.id,
      viaProxy,
    );
    const byId = new Map(hashes.map((row) => [row.id, row.network_hash]));
    expect(byId.get(spoofed.comment.id)).toMatch(/^[0-9a-f]{64}$/);
    expect(byId.get(spoofed.comment.id)).toBe(byId.get(honest.comment.id));
    expect(byId.get(viaProxy)).toBeNull();
  });
});
