/** A method a path does not have: 405 with the methods it does have (RFC 9110 §15.5.6). */
import { describe, expect, it } from "vitest";
import { asModerator, call, expectError, openSite, postOk, unique } from "../helpers";

async function expectNotAllowed(res: Response, allow: string) {
  expect(res.headers.get("Allow")).toBe(allow);
  await expectError(res, 405, "method_not_allowed");
}

describe("methods a path does not have", () => {
  it("answers 405 naming the methods the path has, on the public API", async () => {
    await expectNotAllowed(await call("/api/comments", { method: "PUT" }), "GET, HEAD, POST");
    await expectNotAllowed(await call("/api/preview", { method: "GET" }), "POST");
    await expectNotAllowed(await call("/healthz", { method: "POST" }), "GET, HEAD");
    const site = await openSite();
    const { comment } = await postOk({ site, page: unique("/405") });
    await expectNotAllowed(
      await call(`/api/comments/${comment.id}`, { method: "POST" }),
      "GET, HEAD, PATCH, DELETE",
    );
  });

  it("answers 405 on the moderation API once the token is checked", async () => {
    await expectNotAllowed(
      await call("/api/mod/sites", asModerator({ method: "DELETE" })),
      "GET, HEAD",
    );
    await expectError(await call("/api/mod/sites", { method: "DELETE" }), 401, "unauthorized");
  });

  it("still answers 404 for a path that no method has", async () => {
    await expectError(await call("/api/nothing-here", { method: "PUT" }), 404, "not_found");
    await expectError(await call("/api/comments/c_x/y/z"), 404, "not_found");
  });
});
