/** Akismet, for sites that turn it on: asked after the free rules, never blocking a comment. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { rows } from "../sql";
import {
  asModerator,
  callSettled,
  postComment,
  createSite,
  json,
  origin,
  unique,
  type PostOptions,
} from "../helpers";
import { fakeAkismet } from "../fakes";

afterEach(() => vi.restoreAllMocks());

const akismetKey = "0123456789ab";
const address = "198.51.100.70";

function akismetSite(settings: Record<string, unknown> = {}) {
  return createSite({
    moderation: "none",
    minSubmitSeconds: 0,
    rateLimitPerMinute: 100,
    akismet: true,
    ...settings,
  });
}

function post(options: PostOptions, key: string | null = akismetKey) {
  return postComment({
    ...options,
    headers: {
      "CF-Connecting-IP": address,
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Test",
      Referer: `${origin}/article`,
      ...options.headers,
    },
    bindings: { AKISMET_KEY: key ?? undefined },
  });
}

async function posted(res: Response): Promise<any> {
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function stored(id: string): Promise<{ status: string; reasons: string[] } | null> {
  const [row] = await rows<{ status: string; reasons: string }>(
    `SELECT status, reasons FROM comments WHERE id = ?1`,
    id,
  );
  return row ? { status: row.status, reasons: JSON.parse(row.reasons) } : null;
}

function moderate(id: string, status: string) {
  return callSettled(`/api/mod/comments/${id}`, asModerator(json("PATCH", { status })), {
    AKISMET_KEY: akismetKey,
  });
}

describe("Akismet comment-check", () => {
  it("stores what Akismet calls spam as spam, answered like a held comment", async () => {
    const site = await akismetSite();
    const akismet = fakeAkismet({ verdict: "true" });
    const page = unique("/ak");
    const answer = await posted(
      await post({ site, page, body: "Buy now", website: "https://shop.example" }),
    );
    expect(answer.comment.status).toBe("pending");
    expect(await stored(answer.comment.id)).toEqual({ status: "spam", reasons: ["akismet"] });

    const [check] = akismet.of("comment-check");
    expect(check!.fields).toMatchObject({
      api_key: akismetKey,
      blog: origin,
      user_ip: address,
      user_agent: "Mozilla/5.0 (X11; Linux x86_64) Test",
      referrer: `${origin}/article`,
      permalink: `${origin}${page}`,
      comment_type: "comment",
      comment_author: "Ann",
      comment_author_url: "https://shop.example/",
      comment_content: "Buy now",
      blog_charset: "UTF-8",
    });
    expect(check!.fields.comment_date_gmt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(check!.fields).not.toHaveProperty("comment_author_email");
  });

  it("sends the email only where the site owner turned that on, and marks replies", async () => {
    const site = await akismetSite({ akismetSendEmail: true });
    const akismet = fakeAkismet();
    const page = unique("/ak");
    const root = await posted(await post({ site, page, email: "Reader@Example.com" }));
    await posted(await post({ site, page, parentId: root.comment.id }));
    const [first, second] = akismet.of("comment-check");
    expect(first!.fields.comment_author_email).toBe("reader@example.com");
    expect(second!.fields.comment_type).toBe("reply");
  });

  it("lets the local rules decide what Akismet calls ham", async () => {
    const site = await akismetSite({ holdWords: ["later"] });
    fakeAkismet({ verdict: "false" });
    const fine = await posted(await post({ site, page: unique("/ak") }));
    expect(await stored(fine.comment.id)).toEqual({ status: "approved", reasons: [] });
    const held = await posted(await post({ site, page: unique("/ak"), body: "see you later" }));
    expect(await stored(held.comment.id)).toEqual({
      status: "pending",
      reasons: ["hold-word:later"],
    });
  });

  it("falls back to the local rules in an outage, and says so in the reasons", async () => {
    const site = await akismetSite();
    const outages: (() => Response | Promise<Response>)[] = [
      () => new Response("", { status: 503 }),
      () => new Response("invalid", { headers: { "X-akismet-debug-help": "Bad key" } }),
      () => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")),
      () => Promise.reject(new TypeError("Network connection lost.")),
    ];
    for (const answer of outages) {
      vi.restoreAllMocks();
      fakeAkismet({ answer });
      const comment = await posted(await post({ site, page: unique("/down") }));
      expect(await stored(comment.comment.id)).toEqual({
        status: "approved",
        reasons: ["akismet-unavailable"],
      });
    }
    // No key set at all is an outage too, never a lost comment.
    vi.restoreAllMocks();
    const akismet = fakeAkismet();
    const unkeyed = await posted(await post({ site, page: unique("/nokey") }, null));
    expect((await stored(unkeyed.comment.id))!.reasons).toEqual(["akismet-unavailable"]);
    expect(akismet.calls).toHaveLength(0);
  });

  it("stores nothing of what Akismet says to discard, but answers like a held comment", async () => {
    const site = await akismetSite();
    fakeAkismet({ verdict: "true", proTip: "discard" });
    const answer = await posted(await post({ site, page: unique("/discard") }));
    expect(answer.comment.status).toBe("pending");
    expect(await stored(answer.comment.id)).toBeNull();
  });

  it("is not asked when a free rule already decided", async () => {
    const site = await akismetSite();
    const akismet = fakeAkismet();
    const page = unique("/free");
    await posted(await post({ site, page, extra: { honeypot: "bot" } }));
    await posted(await post({ site, page, body: "Once only" }));
    expect((await post({ site, page, body: "Once only" })).status).toBe(409);
    // Only the one comment that passed the free rules was checked.
    expect(akismet.of("comment-check")).toHaveLength(1);
  });

  it("is never asked on a site that has not turned it on", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const akismet = fakeAkismet();
    await posted(await post({ site, page: unique("/off") }));
    expect(akismet.calls).toHaveLength(0);
  });

  it("keeps the address it sent only sealed, never in plain text", async () => {
    const site = await akismetSite();
    fakeAkismet();
    const answer = await posted(await post({ site, page: unique("/sealed") }));
    const [row] = await rows(`SELECT * FROM comments WHERE id = ?1`, answer.comment.id);
    expect(JSON.stringify(row)).not.toContain(address);
    expect(JSON.stringify(row)).not.toContain("Mozilla");
  });
});

describe("telling Akismet what moderators decided", () => {
  it("submits spam when a moderator marks spam a comment Akismet let through", async () => {
    const site = await akismetSite({ moderation: "all" });
    const akismet = fakeAkismet({ verdict: "false" });
    const answer = await posted(await post({ site, page: unique("/fn"), body: "Sneaky" }));
    const res = await moderate(answer.comment.id, "spam");
    expect(res.status).toBe(200);
    const [submitted] = akismet.of("submit-spam");
    expect(submitted!.fields).toMatchObject({
      api_key: akismetKey,
      blog: origin,
      user_ip: address,
      user_agent: "Mozilla/5.0 (X11; Linux x86_64) Test",
      comment_content: "Sneaky",
      comment_author: "Ann",
    });
    expect(akismet.of("submit-ham")).toHaveLength(0);
  });

  it("submits ham when a moderator approves what Akismet flagged, in bulk too", async () => {
    const site = await akismetSite();
    const akismet = fakeAkismet({ verdict: "true" });
    const one = await posted(await post({ site, page: unique("/fp") }));
    const two = await posted(await post({ site, page: unique("/fp") }));
    const res = await callSettled(
      "/api/mod/comments/bulk",
      asModerator(json("POST", { ids: [one.comment.id, two.comment.id], status: "approved" })),
      { AKISMET_KEY: akismetKey },
    );
    expect(await res.json()).toEqual({ updated: 2 });
    expect(
      akismet
        .of("submit-ham")
        .map((call) => call.fields.comment_content)
        .sort(),
    ).toEqual([one, two].map(() => expect.any(String)));
    expect(akismet.of("submit-ham")).toHaveLength(2);
    expect(akismet.of("submit-spam")).toHaveLength(0);
  });

  it("submits nothing for comments Akismet never saw, or decisions it already agrees with", async () => {
    const site = await akismetSite({ moderation: "all" });
    const plain = await createSite({ moderation: "all", minSubmitSeconds: 0 });
    const akismet = fakeAkismet({ verdict: "false" });
    const unseen = await posted(await post({ site: plain, page: unique("/unseen") }));
    await moderate(unseen.comment.id, "spam");
    const agreed = await posted(await post({ site, page: unique("/agreed") }));
    await moderate(agreed.comment.id, "approved");
    expect(akismet.of("submit-spam")).toHaveLength(0);
    expect(akismet.of("submit-ham")).toHaveLength(0);
  });
});
