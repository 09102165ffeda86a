/**
 * Real answers, read with the schemas their routes declare (routes/declare.ts): what the
 * OpenAPI document promises is what the Worker sends, for every route that answers JSON.
 */
import { describe, expect, it } from "vitest";
import { declaredRoutes } from "../../worker/openapi/document";
import { asModerator, call, json, openSite, origin, postComment, postOk, unique } from "../helpers";
import { modJson } from "../mod-api";
import { bearer } from "../public-api";

/** Parses the answer with the response schema of the route `<method> <path>` declares. */
async function declared(res: Response, route: string): Promise<unknown> {
  const found = declaredRoutes().find(
    ({ declaration, path }) => `${declaration.method} ${path}` === route,
  );
  expect(found, `a declared route ${route}`).toBeDefined();
  const { declaration } = found!;
  const text = await res.text();
  const success = [declaration.status ?? 200, ...(declaration.alsoStatus ?? [])];
  expect(success, `${route} answered ${res.status}: ${text}`).toContain(res.status);
  if (!declaration.response) return text;
  const parsed = declaration.response.safeParse(JSON.parse(text));
  expect(parsed.error?.issues ?? [], `${route}: ${text}`).toEqual([]);
  return parsed.data;
}

describe("every JSON answer fits the schema its route declares", () => {
  it("on the public API", async () => {
    const site = await openSite({ moderation: "none" });
    const page = unique("/declared");
    const root = await postOk({ site, page, body: "root" });
    const reply = await postOk({ site, page, body: "reply", parentId: root.comment.id });
    const id = root.comment.id;
    const q = `site=${site}&page=${encodeURIComponent(page)}`;
    const browser = { Origin: origin, "CF-Connecting-IP": "203.0.113.90" };

    await declared(await postComment({ site, page, body: "declared" }), "post /api/comments");
    await declared(await call(`/api/comments?${q}`), "get /api/comments");
    await declared(await call(`/api/counts?${q}`), "get /api/counts");
    await declared(await call(`/api/comments/${id}`), "get /api/comments/:id");
    await declared(
      await call(`/api/comments/${id}`, { headers: bearer(root.editToken) }),
      "get /api/comments/:id",
    );
    await declared(await call(`/api/comments/${id}/replies`), "get /api/comments/:id/replies");
    await declared(
      await call(`/api/comments/${reply.comment.id}/context`),
      "get /api/comments/:id/context",
    );
    await declared(
      await call("/api/preview", json("POST", { site, body: "**bold**" }, browser)),
      "post /api/preview",
    );
    await declared(
      await call(
        `/api/comments/${id}/like`,
        json("POST", { reader: "r_0123456789abcdef", liked: true }, browser),
      ),
      "post /api/comments/:id/like",
    );
    for (let n = 0; n < 2; n++) {
      await declared(
        await call(`/api/comments/${id}/report`, json("POST", { reason: "spam" }, browser)),
        "post /api/comments/:id/report",
      );
    }
    await declared(
      await call(
        `/api/comments/${reply.comment.id}`,
        json("PATCH", { body: "edited" }, bearer(reply.editToken)),
      ),
      "patch /api/comments/:id",
    );
    await declared(await call("/healthz"), "get /healthz");
  });

  it("on the moderation API", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/declared-mod");
    const held = await postOk({ site, page, body: "held" });
    const id = held.comment.id;
    const mod = (method: string, path: string, body?: unknown) =>
      call(path, asModerator(body === undefined ? { method } : json(method, body)));

    await declared(await mod("GET", "/api/mod/me"), "get /api/mod/me");
    await declared(await mod("GET", "/api/mod/sites"), "get /api/mod/sites");
    await declared(await mod("GET", `/api/mod/sites/${site}`), "get /api/mod/sites/:site");
    await declared(
      await mod("GET", `/api/mod/sites/${site}/recipients`),
      "get /api/mod/sites/:site/recipients",
    );
    await declared(await mod("GET", `/api/mod/comments?site=${site}`), "get /api/mod/comments");
    await declared(
      await mod("GET", `/api/mod/comments/counts?site=${site}`),
      "get /api/mod/comments/counts",
    );
    await declared(
      await mod("PATCH", `/api/mod/comments/${id}`, { status: "approved" }),
      "patch /api/mod/comments/:id",
    );
    await declared(
      await mod("POST", `/api/mod/comments/${id}/replies`, { body: "from the desk" }),
      "post /api/mod/comments/:id/replies",
    );
    await declared(
      await mod("POST", "/api/mod/comments/bulk", { ids: [id], status: "approved" }),
      "post /api/mod/comments/bulk",
    );
    await declared(
      await mod("PATCH", "/api/mod/threads", { site, key: page, closed: true }),
      "patch /api/mod/threads",
    );
    await declared(await mod("GET", `/api/mod/log?site=${site}`), "get /api/mod/log");
    const ban = await declared(
      await mod("POST", "/api/mod/bans", { site, commentId: id, scope: "author" }),
      "post /api/mod/bans",
    );
    expect(ban).toMatchObject({ scope: "author" });
    await declared(await mod("GET", `/api/mod/bans?site=${site}`), "get /api/mod/bans");
    await declared(
      await mod("GET", "/api/mod/authors?email=ann%40example.com"),
      "get /api/mod/authors",
    );
    await declared(await mod("GET", "/api/mod/moderators"), "get /api/mod/moderators");
    const added = (await declared(
      await mod("POST", "/api/mod/moderators", {
        name: "Mo",
        email: `${unique("mo")}@example.com`,
        sites: [site],
      }),
      "post /api/mod/moderators",
    )) as { moderator: { id: string } };
    await declared(
      await mod("PATCH", `/api/mod/moderators/${added.moderator.id}`, { name: "Mona" }),
      "patch /api/mod/moderators/:id",
    );
    const exported = await mod("GET", `/api/mod/export?site=${site}`);
    await declared(exported, "get /api/mod/export");
    const file = await modJson("GET", `/api/mod/export?site=${site}`);
    await declared(
      await call(`/api/mod/import?site=${site}`, asModerator(json("POST", file))),
      "post /api/mod/import",
    );
    await declared(
      await mod("PUT", `/api/mod/sites/${site}/recipients`, { emails: [] }),
      "put /api/mod/sites/:site/recipients",
    );
    await declared(
      await mod("PUT", `/api/mod/sites/${site}`, { name: "Site", origins: [origin] }),
      "put /api/mod/sites/:site",
    );
    await declared(
      await mod("DELETE", "/api/mod/authors?email=ann%40example.com"),
      "delete /api/mod/authors",
    );
  });
});
