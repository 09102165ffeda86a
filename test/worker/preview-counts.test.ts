import { describe, expect, it } from "vitest";
import { call, json, postOk, unique, openSite, expectError } from "../helpers";
import { setStatus } from "../mod-api";

function preview(body: unknown, headers: Record<string, string> = {}) {
  return call("/api/preview", json("POST", body, headers));
}

function counts(site: string, keys: string[]) {
  const pages = keys.map((key) => `&page=${encodeURIComponent(key)}`).join("");
  return call(`/api/counts?site=${site}${pages}`);
}

describe("POST /api/preview", () => {
  it("renders a body exactly as a posted comment would be", async () => {
    const site = await openSite();
    const body = "Hi **there**\n\n> quoted <script>x</script>";
    const res = await preview({ site, body });
    expect(res.status).toBe(200);
    const answer = await res.json<{ html: string }>();
    expect(Object.keys(answer)).toEqual(["html"]);
    const posted = await postOk({ site, page: unique("/same"), body });
    expect(answer.html).toBe(posted.comment.html);
    expect(answer.html).toContain("&lt;script&gt;");
  });

  it("stores nothing", async () => {
    const site = await openSite();
    await preview({ site, body: "only a preview" });
    const res = await call(`/api/counts?site=${site}&page=/anything`);
    expect(await res.json()).toEqual({ counts: { "/anything": 0 } });
  });

  it("answers 404 for an unknown site and 400 for an empty body", async () => {
    await expectError(await preview({ site: "no-such-site", body: "x" }), 404, "site_not_found");
    const site = await openSite();
    const error = await expectError(await preview({ site, body: " " }), 400, "invalid_input");
    expect(Object.keys(error.error.fields!)).toEqual(["body"]);
  });

  it("refuses a browser preview from a foreign origin", async () => {
    const site = await openSite();
    const res = await preview({ site, body: "x" }, { Origin: "https://evil.example" });
    await expectError(res, 403, "origin_not_allowed");
  });

  it("refuses a body longer than the site's maxLength, as posting does", async () => {
    const site = await openSite({ maxLength: 40 });
    const error = await expectError(
      await preview({ site, body: "x".repeat(41) }),
      400,
      "invalid_input",
    );
    expect(Object.keys(error.error.fields!)).toEqual(["body"]);
    expect((await preview({ site, body: "x".repeat(40) })).status).toBe(200);
  });

  it("limits previews per network and minute, with Retry-After", async () => {
    const site = await openSite({ previewsPerMinute: 3 });
    const from = (address: string) =>
      preview({ site, body: "draft" }, { "CF-Connecting-IP": address });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await from("198.51.100.40")).status).toBe(200);
    }
    const limited = await from("198.51.100.40");
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await from("203.0.113.40")).status).toBe(200);
  });

  it("answers 415 without a JSON content type", async () => {
    const site = await openSite();
    const res = await call("/api/preview", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ site, body: "x" }),
    });
    await expectError(res, 415, "unsupported_media_type");
  });
});

describe("GET /api/counts", () => {
  it("counts approved comments per page, with 0 for pages nobody commented on", async () => {
    const site = await openSite({ holdWords: ["held"] });
    const busy = unique("/busy");
    const quiet = unique("/quiet");
    const root = await postOk({ site, page: busy });
    await postOk({ site, page: busy, parentId: root.comment.id });
    await postOk({ site, page: busy, body: "this one is held" });
    await postOk({ site, page: quiet });
    const gone = await postOk({ site, page: quiet });
    await call(`/api/comments/${gone.comment.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${gone.editToken}` },
    });
    const spam = await postOk({ site, page: quiet, extra: { honeypot: "x" } });
    expect(spam.comment.status).toBe("pending");

    const res = await counts(site, [busy, quiet, "/never", busy]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ counts: { [busy]: 2, [quiet]: 1, "/never": 0 } });
  });

  it("follows moderation: a comment counts once approved and stops when rejected", async () => {
    const site = await openSite({ holdWords: ["held"] });
    const page = unique("/moderated");
    const held = await postOk({ site, page, body: "held for now" });
    const read = async () => (await (await counts(site, [page])).json<any>()).counts[page];
    expect(await read()).toBe(0);
    await setStatus(held.comment.id, "approved");
    expect(await read()).toBe(1);
    await setStatus(held.comment.id, "rejected");
    expect(await read()).toBe(0);
  });

  it("does not count another site's page with the same key", async () => {
    const mine = await openSite();
    const theirs = await openSite();
    const page = unique("/shared-key");
    await postOk({ site: theirs, page });
    expect(await (await counts(mine, [page])).json()).toEqual({ counts: { [page]: 0 } });
  });

  it("answers for 50 pages and refuses 51", async () => {
    const site = await openSite();
    const keys = Array.from({ length: 51 }, (_, index) => `/p${index}`);
    const fifty = await counts(site, keys.slice(0, 50));
    expect(fifty.status).toBe(200);
    expect(Object.keys((await fifty.json<any>()).counts)).toHaveLength(50);
    const error = await expectError(await counts(site, keys), 400, "invalid_input");
    expect(Object.keys(error.error.fields!)).toEqual(["page"]);
  });

  it("needs at least one page and a known site", async () => {
    const site = await openSite();
    const none = await expectError(await counts(site, []), 400, "invalid_input");
    expect(Object.keys(none.error.fields!)).toEqual(["page"]);
    await expectError(await counts("no-such-site", ["/a"]), 404, "site_not_found");
  });
});
