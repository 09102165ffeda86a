/** What an author's edit changes beyond the text: the duplicate check, and moderators' attention. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { createSite, postComment, postOk, unique } from "../helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

async function editThroughWorker(id: string, token: string, body: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://parley.test/api/comments/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ body }),
    }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("editing one's own comment", () => {
  it("moves the duplicate check to the new wording", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const page = unique("/edit");
    const posted = await postOk({ site, page, body: "Original wording" });
    expect(
      (await editThroughWorker(posted.comment.id, posted.editToken, "Edited wording")).status,
    ).toBe(200);

    expect((await postComment({ site, page, body: "Original wording" })).status).toBe(201);
    expect((await postComment({ site, page, body: "Edited wording" })).status).toBe(409);
  });

  it("refuses an edit into the text of one's other comment on the page", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const page = unique("/edit");
    await postOk({ site, page, body: "First" });
    const second = await postOk({ site, page, body: "Second" });
    const res = await editThroughWorker(second.comment.id, second.editToken, "First");
    expect(res.status).toBe(409);
    expect(((await res.json()) as any).error.code).toBe("duplicate");
  });

  it("tells moderators when an edit sends an approved comment back for review", async () => {
    const hook = "https://hooks.example/edits";
    const site = await createSite({
      moderation: "none",
      minSubmitSeconds: 0,
      holdWords: ["casino"],
      notifyWebhookUrl: hook,
    });
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
});
