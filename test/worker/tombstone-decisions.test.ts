/**
 * A tombstone (a deleted comment kept for its replies) is gone as far as moderation goes:
 * a decision about it answers 404 and changes nothing. Found by the long contract fuzz: a
 * PATCH {"status":"approved","pinned":false} answered 404 but marked the tombstone as
 * approved over its readers' reports.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { call, json, openSite, origin, postOk } from "../helpers";
import { mod } from "../mod-api";

async function rowsOf(id: string) {
  const comment = await env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first();
  const reports = await env.DB.prepare("SELECT * FROM reports WHERE comment_id = ?1")
    .bind(id)
    .all();
  const log = await env.DB.prepare("SELECT COUNT(*) AS n FROM moderation_log").first();
  return { comment, reports: reports.results, log };
}

it.each([
  { status: "approved", pinned: false },
  { status: "spam" },
  { pinned: true },
  { body: "edited" },
])("answers 404 to %j about a tombstone and changes nothing", async (change) => {
  const site = await openSite();
  const root = await postOk({ site, body: "to be deleted" });
  await postOk({ site, parentId: root.comment.id, body: "a reply that keeps it" });
  const reported = await call(
    `/api/comments/${root.comment.id}/report`,
    json("POST", { reason: "spam" }, { "CF-Connecting-IP": "198.51.100.9", Origin: origin }),
  );
  expect(reported.status).toBe(201);
  expect((await mod("DELETE", `/api/mod/comments/${root.comment.id}`)).status).toBe(204);
  const before = await rowsOf(root.comment.id);
  expect(before.comment).toMatchObject({ body: "", author_name: "" });

  const res = await mod("PATCH", `/api/mod/comments/${root.comment.id}`, change);
  expect(res.status).toBe(404);
  expect(await rowsOf(root.comment.id)).toEqual(before);
});
