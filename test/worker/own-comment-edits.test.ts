/** What an author's edit changes beyond the text: the duplicate check, and moderators' attention. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { rows } from "../sql";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import {
  callSettled,
  commentPayload,
  createSite,
  json,
  postComment,
  postOk,
  unique,
  type Posted,
} from "../helpers";
import { modJson } from "../mod-api";

afterEach(() => {
  vi.restoreAllMocks();
});

async function editThroughWorker(id: string, token: string, body: string, network = "203.0.113.7") {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://parley.test/api/comments/${id}`, {
      method: "PATCH",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${token}`,
        "CF-Connecting-IP": network,
      },
      body: JSON.stringify({ body }),
    }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

/** A site that approves what the rules let through at once, with these settings too. */
const editableSite = (settings: Record<string, unknown> = {}) =>
  createSite({ moderation: "none", minSubmitSeconds: 0, ...settings });

describe("editing one's own comment", () => {
  it("moves the duplicate check to the new wording", async () => {
    const site = await editableSite();
    const page = unique("/edit");
    const posted = await postOk({ site, page, body: "Original wording" });
    expect(
      (await editThroughWorker(posted.comment.id, posted.editToken, "Edited wording")).status,
    ).toBe(200);

    expect((await postComment({ site, page, body: "Original wording" })).status).toBe(201);
    expect((await postComment({ site, page, body: "Edited wording" })).status).toBe(409);
  });

  it("refuses an edit into the text of one's other comment on the page", async () => {
    const site = await editableSite();
    const page = unique("/edit");
    await postOk({ site, page, body: "First" });
    const second = await postOk({ site, page, body: "Second" });
    const res = await editThroughWorker(second.comment.id, second.editToken, "First");
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.code).toBe("duplicate");
  });

  it("tells moderators when an edit sends an approved comment back for review", async () => {
    const hook = "https://hooks.example/edits";
    const site = await editableSite({ holdWords: ["casino"], notifyWebhookUrl: hook });
    const posted = await postOk({ site, page: unique("/edit"), body: "A fine comment" });
    expect(posted.comment.status).toBe("approved");

    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    const res = await editThroughWorker(posted.comment.id, posted.editToken, "Visit my casino");
    expect(((await res.json()) as any).comment.status).toBe("pending");
    expect(spy).toHaveBeenCalledTimes(1);
    const [url, init] = spy.mock.calls[0]!;
    expect(String(url)).toBe(hook);
    const payload = JSON.parse(String(init?.body));
    expect(payload.comment).toMatchObject({ id: posted.comment.id, reasons: ["hold-word:casino"] });
    expect(JSON.stringify(payload)).not.toContain("@example.com");
  });

  it("counts edits against the posting limits, and a refused edit changes nothing", async () => {
    const site = await editableSite({ rateLimitPerMinute: 3 });
    const posted = await postOk({ site, page: unique("/edit"), body: "Edit number 0" });
    for (const n of [1, 2]) {
      const res = await editThroughWorker(posted.comment.id, posted.editToken, `Edit number ${n}`);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const refused = await editThroughWorker(posted.comment.id, posted.editToken, "Edit number 3");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const [stored] = await rows<{ body: string }>(
      `SELECT body FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(stored!.body).toBe("Edit number 2");
    // Another network is under its own limit; the author's address is not.
    const elsewhere = await editThroughWorker(
      posted.comment.id,
      posted.editToken,
      "Edit number 4",
      "198.51.100.99",
    );
    expect(elsewhere.status).toBe(429);
  });

  it("sends at most one held notice per digest window, however often an edit flips it", async () => {
    const hook = "https://hooks.example/flips";
    const site = await editableSite({
      holdWords: ["casino"],
      notifyWebhookUrl: hook,
      mailFrom: "comments@blog.example",
      mailDigestMinutes: 15,
      rateLimitPerMinute: 20,
    });
    await modJson("PUT", `/api/mod/sites/${site}/recipients`, { emails: ["mods@blog.example"] });
    const posted = await postOk({ site, page: unique("/flip"), body: "A fine comment" });
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    const statuses: string[] = [];
    for (const body of ["casino one", "fine two", "casino three", "fine four", "casino five"]) {
      const res = await editThroughWorker(posted.comment.id, posted.editToken, body);
      expect(res.status, await res.clone().text()).toBe(200);
      statuses.push(((await res.json()) as any).comment.status);
    }
    expect(statuses).toEqual(["pending", "approved", "pending", "approved", "pending"]);
    expect(spy).toHaveBeenCalledTimes(1);
    const held = await rows(
      `SELECT id FROM outbox WHERE kind = 'held' AND subject_id = ?1`,
      posted.comment.id,
    );
    expect(held).toHaveLength(1);
  });

  it("counts a held post's own notice in the window", async () => {
    const hook = "https://hooks.example/held-post";
    const site = await editableSite({ holdWords: ["casino"], notifyWebhookUrl: hook });
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    const res = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page: unique("/flip"), body: "casino at once" }), {
        "CF-Connecting-IP": "203.0.113.7",
      }),
    );
    const posted = (await res.json()) as Posted;
    expect(posted.comment.status).toBe("pending");
    expect(spy).toHaveBeenCalledTimes(1);
    await editThroughWorker(posted.comment.id, posted.editToken, "all fine now");
    await editThroughWorker(posted.comment.id, posted.editToken, "casino again");
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
