/**
 * The headers a client acts on, declared where they are sent: one real answer of each kind
 * (a conditional read and its 304, a session write, a rate limit, a moderator's missing
 * token, an export, a redirect, a page no cache may keep), held to the document by the
 * contract fuzzer's own check (test/fuzz/declared-headers.ts), which sees the same answers
 * only by chance.
 */
import { describe, expect, it } from "vitest";
import { headersProblem } from "../fuzz/declared-headers";
import { operationAt } from "../fuzz/contract";
import { operations } from "../fuzz/operations";
import { asModerator, call, json, openSite, origin, postComment, postOk, unique } from "../helpers";

/** Asserts the answer's headers are the ones the document declares for it, and returns them. */
function expectDeclared(res: Response, method: string, path: string, status: number): Headers {
  expect(res.status).toBe(status);
  const operation = operationAt(operations, method, `https://parley.test${path}`);
  expect(operation, `an operation answers ${method} ${path}`).toBeDefined();
  const declared = operation!.spec.responses[status];
  expect(declared, `${method} ${path} declares ${status}`).toBeDefined();
  expect(headersProblem(declared, status, res.headers)).toBeNull();
  return res.headers;
}

const browser = { Origin: origin, "CF-Connecting-IP": "203.0.113.61" };

describe("the headers an answer carries are declared for its operation and status", () => {
  it("a conditional read's validators, on the answer and on its 304", async () => {
    const site = await openSite();
    const page = unique("/headers");
    await postOk({ site, page });
    const path = `/api/comments?site=${site}&page=${encodeURIComponent(page)}`;
    const first = expectDeclared(await call(path), "GET", path, 200);
    expect(first.get("ETag")).toBeTruthy();
    const again = await call(path, { headers: { "If-None-Match": first.get("ETag")! } });
    expect(expectDeclared(again, "GET", path, 304).get("ETag")).toBe(first.get("ETag"));

    const feed = `/feeds/${site}.atom`;
    const atom = expectDeclared(await call(feed), "GET", feed, 200);
    const unchanged = await call(feed, { headers: { "If-None-Match": atom.get("ETag")! } });
    expectDeclared(unchanged, "GET", feed, 304);
  });

  it("a public write's bookmark, on its success and on its refusal", async () => {
    const site = await openSite({ rateLimitPerMinute: 1 });
    const page = unique("/headers");
    const posted = await postComment({ site, page, headers: browser });
    expect(
      expectDeclared(posted, "POST", "/api/comments", 201).get("Parley-Bookmark"),
    ).toBeTruthy();
    const limited = await postComment({ site, page, headers: browser });
    expect(expectDeclared(limited, "POST", "/api/comments", 429).get("Retry-After")).toMatch(
      /^\d+$/,
    );
  });

  it("a rate limit's Retry-After on the preview", async () => {
    const site = await openSite({ previewsPerMinute: 1 });
    const preview = () => call("/api/preview", json("POST", { site, body: "hi" }, browser));
    expectDeclared(await preview(), "POST", "/api/preview", 200);
    expectDeclared(await preview(), "POST", "/api/preview", 429);
  });

  it("the moderation API's challenge, and the export's file name", async () => {
    const site = await openSite();
    const unauthorized = await call("/api/mod/sites");
    expect(
      expectDeclared(unauthorized, "GET", "/api/mod/sites", 401).get("WWW-Authenticate"),
    ).toMatch(/^Bearer /);
    const path = `/api/mod/export?site=${site}`;
    const exported = expectDeclared(await call(path, asModerator()), "GET", path, 200);
    expect(exported.get("Content-Disposition")).toMatch(/^attachment; filename=/);
    const wxr = `/api/mod/export/wxr?site=${site}`;
    const asWxr = expectDeclared(await call(wxr, asModerator()), "GET", wxr, 200);
    expect(asWxr.get("Content-Disposition")).toMatch(/^attachment; filename=.*\.xml"$/);
  });

  it("an edit token's challenge: every 401 names its scheme, as HTTP asks", async () => {
    const site = await openSite();
    const { comment } = await postOk({ site });
    const path = `/api/comments/${comment.id}`;
    const res = await call(
      path,
      json("PATCH", { body: "changed" }, { ...browser, Authorization: "Bearer not-the-token" }),
    );
    expect(expectDeclared(res, "PATCH", path, 401).get("WWW-Authenticate")).toMatch(/^Bearer /);
  });

  it("the no-script form's redirect and its page no cache may keep", async () => {
    const site = await openSite();
    const page = unique("/headers");
    const fields = {
      site,
      page,
      url: `${origin}${page}`,
      name: "Nora",
      email: "nora@example.com",
      body: "From a form",
    };
    const form = (type: string) =>
      call("/api/comments/form", {
        method: "POST",
        headers: { ...browser, "Content-Type": type },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      });
    const stored = await form("application/x-www-form-urlencoded");
    const back = expectDeclared(stored, "POST", "/api/comments/form", 303);
    expect(back.get("Location")).toMatch(new RegExp(`^${origin}${page}#`));
    const refused = expectDeclared(await form("text/plain"), "POST", "/api/comments/form", 415);
    expect(refused.get("Cache-Control")).toBe("no-store");
  });

  it("a mail link's page no cache may keep", async () => {
    const link = "/mail/link?t=!";
    expect(expectDeclared(await call(link), "GET", link, 400).get("Cache-Control")).toBe(
      "no-store",
    );
  });
});
