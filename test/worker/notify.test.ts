/** Telling moderators: the webhook sent (after the response) when a comment waits for review. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, postUnsettled, unique, type PostOptions, openSite } from "../helpers";
import { modJson, queued } from "../mod-api";

const hook = "https://hooks.example/parley/T0123";

async function postAndSettle(options: PostOptions): Promise<any> {
  const { res, settled } = await postUnsettled(options);
  await settled;
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

function spyOnFetch() {
  return vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
}

function sentBodies(spy: ReturnType<typeof spyOnFetch>): any[] {
  return spy.mock.calls.map(([, init]) => JSON.parse(String(init?.body)));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the moderators' webhook", () => {
  it("posts a summary of a held comment, with Slack's and Discord's text fields", async () => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    const spy = spyOnFetch();
    const page = unique("/hook");
    const email = `${unique("secret.reader")}@example.com`;
    const posted = await postAndSettle({
      site,
      page,
      email,
      name: "Ann",
      body: "Please review me",
    });

    expect(spy).toHaveBeenCalledTimes(1);
    const [url, init] = spy.mock.calls[0]!;
    expect(String(url)).toBe(hook);
    expect(init?.method).toBe("POST");
    expect(new Headers(init?.headers).get("Content-Type")).toBe("application/json");
    const [body] = sentBodies(spy);
    expect(body).toMatchObject({
      site: { id: site, name: `Site ${site}` },
      thread: { key: page, title: "A post" },
      comment: { id: posted.comment.id, excerpt: "Please review me", reasons: ["moderation-all"] },
    });
    // A page (not the JSON API) offering approve, spam and reject, under a signed link.
    expect(body.reviewUrl).toMatch(/^https:\/\/parley\.test\/mail\/link\?t=[\w-]+\.[\w-]+$/);
    spy.mockRestore();
    const review = await call(new URL(body.reviewUrl).pathname + new URL(body.reviewUrl).search);
    const html = await review.text();
    expect(review.status, html).toBe(200);
    expect(html).toContain("Please review me");
    expect(html.match(/<button type="submit"/g)).toHaveLength(3);
    expect(body.text).toContain("Please review me");
    expect(body.text).toContain(`Site ${site}`);
    expect(body.content).toBe(body.text);
    const sent = String(init?.body).toLowerCase();
    expect(sent).not.toContain(email.toLowerCase());
    expect(sent).not.toContain("secret.reader");
  });

  it("links to a review page whose choices work once", async () => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    const spy = spyOnFetch();
    const posted = await postAndSettle({ site, page: unique("/hook"), body: "Review me" });
    const [body] = sentBodies(spy);
    spy.mockRestore();
    const link = new URL(body.reviewUrl);
    const press = (act: string) =>
      call(link.pathname + link.search, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `act=${act}`,
      });
    expect((await press("delete-everything")).status).toBe(400);
    const done = await press("spam");
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("The comment is marked as spam.");
    expect((await queued(site, posted.comment.id)).status).toBe("spam");
    expect((await press("approve")).status).toBe(409);
    expect((await queued(site, posted.comment.id)).status).toBe("spam");
  });

  it("stops reviewing once the owner removes or replaces the webhook that carried the link", async () => {
    for (const next of [null, "https://hooks.example/parley/T9999"]) {
      const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
      const spy = spyOnFetch();
      const posted = await postAndSettle({ site, page: unique("/hook"), body: "Review me" });
      const [body] = sentBodies(spy);
      spy.mockRestore();
      await modJson("PUT", `/api/mod/sites/${site}`, {
        name: `Site ${site}`,
        origins: ["https://blog.example"],
        settings: { moderation: "all", notifyWebhookUrl: next },
      });
      const link = new URL(body.reviewUrl);
      const opened = await call(link.pathname + link.search);
      expect(opened.status, String(next)).toBe(403);
      const pressed = await call(link.pathname + link.search, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "act=approve",
      });
      expect(pressed.status, String(next)).toBe(403);
      expect((await queued(site, posted.comment.id)).status).toBe("pending");
    }
  });

  it("lists every reason the comment was held for and cuts a long body short", async () => {
    const site = await openSite({
      moderation: "first-time",
      holdWords: ["refund"],
      notifyWebhookUrl: hook,
    });
    const spy = spyOnFetch();
    const long = `refund ${"word ".repeat(200)}`;
    await postAndSettle({ site, page: unique("/hook"), body: long });
    const [body] = sentBodies(spy);
    expect(body.comment.reasons).toEqual(["hold-word:refund", "first-time-author"]);
    expect(body.comment.excerpt.length).toBeLessThanOrEqual(280);
    expect(body.comment.excerpt.endsWith("…")).toBe(true);
    expect(long.startsWith(body.comment.excerpt.slice(0, -1))).toBe(true);
  });

  it("lets no commenter ping a Slack or Discord channel", async () => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    const spy = spyOnFetch();
    const body = "<!channel> @everyone see <https://evil.example|your bank> & more";
    await postAndSettle({ site, page: unique("/hook"), name: "<@U024BE7LH>", body });
    const [sent] = sentBodies(spy);
    expect(sent.text).not.toMatch(/[<>]/);
    expect(sent.text).toContain(
      "&lt;!channel&gt; @everyone see &lt;https://evil.example|your bank&gt; &amp; more",
    );
    expect(sent.content).toContain(body);
    expect(sent.allowed_mentions).toEqual({ parse: [] });
  });

  it("never cuts an emoji in half", async () => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    const spy = spyOnFetch();
    await postAndSettle({ site, page: unique("/hook"), body: "😀".repeat(300) });
    const [sent] = sentBodies(spy);
    expect(sent.comment.excerpt).toBe(`${"😀".repeat(279)}…`);
  });

  it("answers the reader before the webhook has finished", async () => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    let release: (response: Response) => void = () => {};
    const spy = vi
      .spyOn(globalThis, "fetch")
      .mockReturnValue(new Promise<Response>((resolve) => (release = resolve)));
    const { res, settled } = await postUnsettled({ site, page: unique("/hook") });
    expect(res.status).toBe(201);
    expect(spy).toHaveBeenCalledTimes(1);
    release(new Response("ok"));
    await settled;
  });

  it.each([
    ["rejects", () => Promise.reject(new TypeError("network down"))],
    ["answers 500", () => Promise.resolve(new Response("boom", { status: 500 }))],
  ])("still stores the comment when the webhook %s", async (_how, answer) => {
    const site = await openSite({ moderation: "all", notifyWebhookUrl: hook });
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(answer);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const posted = await postAndSettle({ site, page: unique("/hook") });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(posted.comment.status).toBe("pending");
    expect(await queued(site, posted.comment.id)).toMatchObject({ status: "pending" });
    expect(warn).toHaveBeenCalled();
  });

  it("stays quiet for approved comments, for spam, and for sites without a webhook", async () => {
    const open = await openSite({ moderation: "none", notifyWebhookUrl: hook });
    const silent = await openSite({ moderation: "all" });
    const spy = spyOnFetch();
    expect((await postAndSettle({ site: open, page: unique("/q") })).comment.status).toBe(
      "approved",
    );
    const spam = await postAndSettle({ site: open, page: unique("/q"), extra: { honeypot: "x" } });
    expect(spam.comment.status).toBe("pending");
    expect((await postAndSettle({ site: silent, page: unique("/q") })).comment.status).toBe(
      "pending",
    );
    expect(spy).not.toHaveBeenCalled();
  });
});
