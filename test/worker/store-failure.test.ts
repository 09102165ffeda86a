/**
 * What the document says of the answers only a failure or a stray parameter brings out,
 * which the contract fuzzer cannot cause: a post whose write to D1 fails answers a declared
 * 503 (JSON from the API, a page from the no-JS form) and stores nothing; a write ignores a
 * `?bookmark=` (only reads declare it), so a malformed one is not a JSON 400 on the form.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../worker/openapi/document";
import { callSettled, commentPayload, json, openSite, origin, unique } from "../helpers";
import { siteRows } from "../sql";

const doc = openApiDocument() as any;

/** The real binding, whose sessions fail their second batch: a post's write. */
function writeFailingDb() {
  return {
    prepare: (query: string) => env.DB.prepare(query),
    batch: (statements: D1PreparedStatement[]) => env.DB.batch(statements),
    withSession(constraint?: string) {
      const session = env.DB.withSession(constraint);
      let batches = 0;
      return {
        prepare: (query: string) => session.prepare(query),
        batch(statements: D1PreparedStatement[]) {
          batches += 1;
          if (batches === 2) return Promise.reject(new Error("D1_ERROR: the write failed"));
          return session.batch(statements);
        },
        getBookmark: () => session.getBookmark(),
      };
    },
  };
}

function formBody(site: string, page: string) {
  return new URLSearchParams({
    site,
    page,
    url: `${origin}${page}`,
    name: "Ann",
    email: "ann@example.com",
    body: unique("a comment"),
  }).toString();
}

const formHeaders = { "Content-Type": "application/x-www-form-urlencoded", Origin: origin };

describe("when storing a comment fails", () => {
  it("answers the API's declared 503 and stores nothing", async () => {
    const site = await openSite();
    const res = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page: "/fails" }), { Origin: origin }),
      { DB: writeFailingDb() },
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe("unavailable");
    expect(doc.paths["/api/comments"].post.responses["503"]).toBeDefined();
    expect(await siteRows("comments", site)).toBe(0);
  });

  it("answers the form with a declared 503 page", async () => {
    const site = await openSite();
    const res = await callSettled(
      "/api/comments/form",
      { method: "POST", headers: formHeaders, body: formBody(site, "/fails-too") },
      { DB: writeFailingDb() },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(
      doc.paths["/api/comments/form"].post.responses["503"].content["text/html"],
    ).toBeDefined();
    expect(await siteRows("comments", site)).toBe(0);
  });
});

describe("a bookmark sent with a write", () => {
  it("is ignored: the form still answers with its redirect, not a JSON 400", async () => {
    const site = await openSite();
    const res = await callSettled(`/api/comments/form?bookmark=x'--`, {
      method: "POST",
      headers: formHeaders,
      body: formBody(site, "/bookmarked"),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(await siteRows("comments", site)).toBe(1);
  });
});
