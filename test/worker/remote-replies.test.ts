/**
 * Replies from Mastodon and Bluesky in the page's thread: a moderator links a page to its
 * post, the Worker pulls the post's public replies (on demand and on the scheduled run) and
 * each becomes a comment with its source, under the site's rules. Only the outbound fetch
 * is replaced, answered with the recorded shapes of test/fixtures/remote-answers.ts.
 */
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { deriveKeys } from "../../worker/domain/keys";
import { pullDueReplies } from "../../worker/jobs/pull-remote-replies";
import {
  blueskyDid,
  blueskyHandle,
  blueskyPost,
  blueskyPostUri,
  blueskyPostUrl,
  contextUrl,
  contextUrlOf,
  linkedStatusUrl,
  mastodonContext,
  mastodonStatus,
  notFoundPost,
  threadView,
} from "../fixtures/remote-answers";
import { call, createSite, expectError, json, listComments, openSite, unique } from "../helpers";
import { mod, modJson, queue, setStatus } from "../mod-api";
import { count, rows, sql } from "../sql";

afterEach(() => vi.restoreAllMocks());

type Answer = Response | (() => Response | Promise<Response>);

/** Answers the Worker's outbound requests by URL; anything else is a 404. Records the URLs. */
function remote(answers: Record<string, Answer>) {
  const urls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    const answer = answers[url];
    if (!answer) return new Response("", { status: 404 });
    return typeof answer === "function" ? answer() : answer.clone();
  });
  return urls;
}

const jsonAnswer =
  (body: unknown, status = 200) =>
  () =>
    Response.json(body, { status });

async function linkMastodon(site: string, key: string, url = linkedStatusUrl) {
  return modJson("PUT", "/api/mod/threads/links", { site, key, kind: "mastodon", url });
}

async function pull(site: string, key: string) {
  return modJson("POST", "/api/mod/threads/links/pull", { site, key });
}

async function sourced(site: string, key: string) {
  return rows<{
    id: string;
    parent_id: string | null;
    depth: number;
    status: string;
    author_name: string;
    author_website: string | null;
    body: string;
    html: string;
    source_kind: string;
    source_id: string;
    source_url: string;
    edited_at: string | null;
    avatar: string;
  }>(
    `SELECT c.id, c.parent_id, c.depth, c.status, c.author_name, c.author_website, c.body, c.html,
            c.source_kind, c.source_id, c.source_url, c.edited_at, c.avatar
     FROM comments c JOIN threads t ON t.id = c.thread_id
     WHERE t.site_id = ?1 AND t.key = ?2 AND c.source_id IS NOT NULL ORDER BY c.source_id`,
    site,
    key,
  );
}

async function runScheduledJob() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "0 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("linking a page to its post elsewhere", () => {
  it("links a page to a Mastodon status and answers its links", async () => {
    const site = await createSite();
    const key = unique("/post");
    const answer = await linkMastodon(site, key);
    expect(answer).toEqual({
      key,
      links: [
        {
          kind: "mastodon",
          url: linkedStatusUrl,
          linkedAt: expect.any(String),
          pulledAt: null,
          state: "active",
          lastError: null,
        },
      ],
    });
    const [stored] = await rows(
      `SELECT l.api_host, l.remote_id FROM remote_links l JOIN threads t ON t.id = l.thread_id
       WHERE t.site_id = ?1 AND t.key = ?2`,
      site,
      key,
    );
    expect(stored).toEqual({ api_host: "mastodon.social", remote_id: "113500000000000001" });
    expect(
      (await modJson("GET", `/api/mod/threads/links?site=${site}&key=${encodeURIComponent(key)}`))
        .links,
    ).toHaveLength(1);
  });

  it("resolves a bsky.app address's handle to its DID once, when linking", async () => {
    const site = await createSite();
    const key = unique("/post");
    const urls = remote({
      [`https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle?handle=${blueskyHandle}`]:
        jsonAnswer({ did: blueskyDid }),
    });
    await modJson("PUT", "/api/mod/threads/links", {
      site,
      key,
      kind: "bluesky",
      url: blueskyPostUrl,
    });
    expect(urls).toHaveLength(1);
    const [stored] = await rows(
      `SELECT api_host, remote_id FROM remote_links WHERE site_id = ?1`,
      site,
    );
    expect(stored).toEqual({ api_host: "public.api.bsky.app", remote_id: blueskyPostUri });
  });

  it.each([
    ["an IP literal", "mastodon", "https://192.168.1.10/@a/113500000000000001"],
    ["an IPv6 literal", "mastodon", "https://[::1]/@a/113500000000000001"],
    ["localhost", "mastodon", "https://localhost/@a/113500000000000001"],
    ["a private name", "mastodon", "https://social.internal/@a/113500000000000001"],
    ["a port", "mastodon", "https://mastodon.social:8443/@a/113500000000000001"],
    ["a non-http scheme", "mastodon", "ftp://mastodon.social/@a/113500000000000001"],
    ["a profile, not a post", "mastodon", "https://mastodon.social/@a"],
    [
      "another host for Bluesky",
      "bluesky",
      "https://evil.example.org/profile/a.bsky.social/post/3l",
    ],
    ["a malformed at:// URI", "bluesky", "at://not a did/app.bsky.feed.post/x"],
  ])("refuses %s and stores nothing", async (_, kind, url) => {
    const site = await createSite();
    const key = unique("/post");
    const urls = remote({});
    const body = await expectError(
      await mod("PUT", "/api/mod/threads/links", { site, key, kind, url }),
      400,
      "invalid_input",
    );
    expect(body.error.fields).toHaveProperty("url");
    expect(urls).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM remote_links WHERE site_id = ?1`, site)).toBe(0);
  });

  it("refuses a handle Bluesky does not know", async () => {
    const site = await createSite();
    remote({
      [`https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle?handle=${blueskyHandle}`]:
        jsonAnswer({ error: "InvalidRequest", message: "Unable to resolve handle" }, 400),
    });
    await expectError(
      await mod("PUT", "/api/mod/threads/links", {
        site,
        key: unique("/post"),
        kind: "bluesky",
        url: blueskyPostUrl,
      }),
      400,
      "invalid_input",
    );
  });

  it("is a moderator's: a request without the token is refused", async () => {
    const site = await createSite();
    const res = await call(
      "/api/mod/threads/links",
      json("PUT", { site, key: "/x", kind: "mastodon", url: linkedStatusUrl }),
    );
    await expectError(res, 401, "unauthorized");
  });

  it("unlinks a page, keeping the replies pulled so far", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("201")])) });
    await pull(site, key);
    const answer = await modJson(
      "DELETE",
      `/api/mod/threads/links?site=${site}&key=${encodeURIComponent(key)}&kind=mastodon`,
    );
    expect(answer.links).toEqual([]);
    expect(await sourced(site, key)).toHaveLength(1);
  });
});

describe("pulling a Mastodon status's replies", () => {
  it("makes each public reply a held comment at its place in the reply tree", async () => {
    const site = await createSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([
          mastodonStatus("201", { content: "<p>First <strong>reply</strong></p>" }),
          mastodonStatus("202", { inReplyTo: "201", name: "Nested Nina", acct: "nina" }),
          mastodonStatus("203", { visibility: "private" }),
          // Answers a followers-only status: it has no place in the thread.
          mastodonStatus("204", { inReplyTo: "203" }),
          mastodonStatus("205", { visibility: "unlisted" }),
        ]),
      ),
    });
    const answer = await pull(site, key);
    expect(answer.pulls).toEqual([
      { kind: "mastodon", outcome: "pulled", inserted: 2, updated: 0, removed: 0 },
    ]);
    const [first, nested] = await sourced(site, key);
    expect(first).toMatchObject({
      parent_id: null,
      depth: 1,
      status: "pending",
      author_name: "Rita Reader",
      author_website: "https://mastodon.social/@reader@other.example.org",
      body: "First **reply**",
      html: "<p>First <strong>reply</strong></p>",
      source_kind: "mastodon",
      source_id: "201",
      source_url: "https://mastodon.social/@reader@other.example.org/201",
    });
    // No remote avatar: a seed like any author's, drawn from the profile's address.
    expect(first!.avatar).toMatch(/^[0-9a-f]+$/);
    expect(nested).toMatchObject({ parent_id: first!.id, depth: 2, author_name: "Nested Nina" });
    const held = await queue(site, "&status=pending");
    expect(held.map((comment: any) => comment.reasons)).toEqual([
      ["first-time-author"],
      ["first-time-author"],
    ]);
  });

  it("shows an approved reply with its source and its author's profile", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("301")])) });
    await pull(site, key);
    const list = await listComments(site, key);
    expect(list.comments).toHaveLength(1);
    expect(list.comments[0]).toMatchObject({
      author: { name: "Rita Reader", website: "https://mastodon.social/@reader@other.example.org" },
      html: "<p>Reply 301</p>",
      source: { kind: "mastodon", url: "https://mastodon.social/@reader@other.example.org/301" },
    });
    const fragment = await (
      await call(`/api/comments.html?site=${site}&page=${encodeURIComponent(key)}`)
    ).text();
    expect(fragment).toContain(
      `<a class="badge source" rel="nofollow ugc noopener" href="https://mastodon.social/@reader@other.example.org/301">Mastodon</a>`,
    );
  });

  it("meets the site's words like any comment: a block word makes it spam", async () => {
    const site = await openSite({ blockWords: ["casino"] });
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([mastodonStatus("401", { content: "<p>Best CASINO</p>" })]),
      ),
    });
    await pull(site, key);
    const [reply] = await sourced(site, key);
    expect(reply!.status).toBe("spam");
  });

  it("is idempotent: pulling again adds nothing", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([mastodonStatus("501"), mastodonStatus("502", { inReplyTo: "501" })]),
      ),
    });
    await pull(site, key);
    const again = await pull(site, key);
    expect(again.pulls[0]).toMatchObject({ inserted: 0, updated: 0, removed: 0 });
    expect(await sourced(site, key)).toHaveLength(2);
    expect((await listComments(site, key)).thread.count).toBe(2);
  });

  it("follows an edit upstream on the next pull", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("601")])) });
    await pull(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([
          mastodonStatus("601", {
            content: "<p>Reply 601, corrected</p>",
            editedAt: "2026-11-30T12:00:00.000Z",
          }),
        ]),
      ),
    });
    expect((await pull(site, key)).pulls[0]).toMatchObject({ updated: 1 });
    const [reply] = await sourced(site, key);
    expect(reply).toMatchObject({
      body: "Reply 601, corrected",
      html: "<p>Reply 601, corrected</p>",
      edited_at: "2026-11-30T12:00:00.000Z",
      status: "approved",
    });
  });

  it("sends an approved reply back to review when its edit breaks a rule", async () => {
    const site = await openSite({ holdWords: ["refund"] });
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("651")])) });
    await pull(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([mastodonStatus("651", { content: "<p>Ask for a refund</p>" })]),
      ),
    });
    await pull(site, key);
    const [reply] = await sourced(site, key);
    expect(reply!.status).toBe("pending");
    expect((await listComments(site, key)).comments).toEqual([]);
  });

  it("removes a reply deleted upstream, and keeps one a moderator rejected rejected", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("701"), mastodonStatus("702")])),
    });
    await pull(site, key);
    const [, rejected] = await sourced(site, key);
    await setStatus(rejected!.id, "rejected");

    // 701 deleted upstream, 702 still there: 701 goes, 702 stays rejected and unchanged.
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([mastodonStatus("702", { content: "<p>Please approve me</p>" })]),
      ),
    });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ inserted: 0, updated: 0, removed: 1 });
    const left = await sourced(site, key);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ id: rejected!.id, status: "rejected", body: "Reply 702" });

    // Gone upstream too: the rejected row stays, so the reply can never come back.
    remote({ [contextUrl]: jsonAnswer(mastodonContext([])) });
    await pull(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("702")])) });
    expect((await pull(site, key)).pulls[0]).toMatchObject({ inserted: 0 });
    expect(await sourced(site, key)).toEqual([expect.objectContaining({ status: "rejected" })]);
  });

  it("keeps replies missing from a cut-off answer (60 descendants, Mastodon's unauthenticated cap)", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("801")])) });
    await pull(site, key);
    const sixty = Array.from({ length: 60 }, (_, i) => mastodonStatus(String(900 + i)));
    remote({ [contextUrl]: jsonAnswer(mastodonContext(sixty)) });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ inserted: 60, removed: 0 });
    expect(await sourced(site, key)).toHaveLength(61);
  });

  it("marks a post that vanished (404/410) gone, keeps its replies and stops asking", async () => {
    const site = await openSite();
    const key = unique("/post");
    const vanishing = contextUrlOf("113500000000009999");
    await linkMastodon(site, key, "https://mastodon.social/@author/113500000000009999");
    remote({
      [vanishing]: jsonAnswer(
        mastodonContext([mastodonStatus("1001", { inReplyTo: "113500000000009999" })]),
      ),
    });
    await pull(site, key);
    remote({ [vanishing]: jsonAnswer({ error: "Record not found" }, 410) });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ outcome: "gone", inserted: 0 });
    expect(answer.links[0]).toMatchObject({ state: "gone", lastError: "gone" });
    expect(await sourced(site, key)).toHaveLength(1);

    const urls = remote({ [vanishing]: jsonAnswer(mastodonContext([])) });
    await runScheduledJob();
    expect(urls).not.toContain(vanishing);
  });
});

describe("hostile and broken answers", () => {
  it("stores a script as inert text, and never an image or a raw tag", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([
          mastodonStatus("1101", {
            content:
              '<p>Hi<script>alert(1)</script><img src="https://tracker.example.org/p.gif" onerror="alert(2)"><a href="javascript:alert(3)">click</a> <a href="https://ok.example.org/a_(b)">ok</a></p><iframe src="https://evil.example.org"></iframe>',
            name: '<b onmouseover="x">Mallory</b>',
          }),
        ]),
      ),
    });
    await pull(site, key);
    const [reply] = await sourced(site, key);
    expect(reply!.html).not.toMatch(/<script|<img|<iframe|javascript:|onerror|onmouseover/i);
    expect(reply!.html).toContain(
      '<p>Hiclick <a href="https://ok.example.org/a_(b)" rel="nofollow ugc noopener">ok</a></p>',
    );
    expect(reply!.html).not.toContain("alert(1)");
    expect(reply!.author_name).toBe('<b onmouseover="x">Mallory</b>');
    const fragment = await (
      await call(`/api/comments.html?site=${site}&page=${encodeURIComponent(key)}`)
    ).text();
    expect(fragment).not.toContain("<b onmouseover");
  });

  it("abandons an answer over the size cap and stores nothing", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    const huge = "x".repeat(2 * 1024 * 1024 + 1);
    remote({
      [contextUrl]: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(
                new TextEncoder().encode(`{"ancestors":[],"descendants":[{"content":"`),
              );
              controller.enqueue(new TextEncoder().encode(huge));
              controller.close();
            },
          }),
          { headers: { "Content-Type": "application/json" } },
        ),
    });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ outcome: "failed", problem: "too-large" });
    expect(answer.links[0]).toMatchObject({ state: "active", lastError: "too-large" });
    expect(await sourced(site, key)).toEqual([]);
  });

  it("answers malformed JSON and malformed statuses without storing them", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({ [contextUrl]: () => new Response("<html>Bad gateway</html>") });
    expect((await pull(site, key)).pulls[0]).toMatchObject({
      outcome: "failed",
      problem: "malformed",
    });
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([
          { id: 5 },
          null,
          "x",
          mastodonStatus("1201"),
          { ...mastodonStatus("1202"), account: null },
        ]),
      ),
    });
    expect((await pull(site, key)).pulls[0]).toMatchObject({ outcome: "pulled", inserted: 1 });
  });

  it("cuts a body longer than the site's maxLength", async () => {
    const site = await openSite({ maxLength: 50 });
    const key = unique("/post");
    await linkMastodon(site, key);
    remote({
      [contextUrl]: jsonAnswer(
        mastodonContext([mastodonStatus("1301", { content: `<p>${"long ".repeat(100)}</p>` })]),
      ),
    });
    await pull(site, key);
    const [reply] = await sourced(site, key);
    expect([...reply!.body].length).toBe(50);
    expect(reply!.body.endsWith("…")).toBe(true);
  });

  it("nests a deep thread no deeper than the site allows", async () => {
    const site = await openSite({ maxDepth: 3 });
    const key = unique("/post");
    await linkMastodon(site, key);
    const chain = Array.from({ length: 40 }, (_, i) =>
      mastodonStatus(String(2000 + i), { inReplyTo: i === 0 ? undefined : String(2000 + i - 1) }),
    );
    remote({ [contextUrl]: jsonAnswer(mastodonContext(chain)) });
    await pull(site, key);
    const replies = await sourced(site, key);
    expect(replies).toHaveLength(40);
    expect(Math.max(...replies.map((reply) => reply.depth))).toBe(3);
    const list = await listComments(site, key, "&replies=100");
    expect(list.comments).toHaveLength(1);
  });
});

describe("pulling a Bluesky post's replies", () => {
  const threadUrl = `https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri=${encodeURIComponent(blueskyPostUri)}&depth=20&parentHeight=0`;

  async function linkBluesky(site: string, key: string) {
    return modJson("PUT", "/api/mod/threads/links", {
      site,
      key,
      kind: "bluesky",
      url: blueskyPostUri,
    });
  }

  it("makes the replies comments, nested, with their links from facets", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkBluesky(site, key);
    const text = "See example.com/long… and *this*";
    const start = new TextEncoder().encode("See ").length;
    const end = start + new TextEncoder().encode("example.com/long…").length;
    remote({
      [threadUrl]: jsonAnswer({
        thread: threadView(blueskyPost(blueskyRkey()), [
          threadView(
            blueskyPost("3aaa", {
              text,
              facets: [
                {
                  index: { byteStart: start, byteEnd: end },
                  features: [
                    { $type: "app.bsky.richtext.facet#link", uri: "https://example.com/long/path" },
                  ],
                },
              ],
            }),
            [threadView(blueskyPost("3bbb", { handle: "bob.example.org", displayName: "" }))],
          ),
          notFoundPost("at://did:plc:gone/app.bsky.feed.post/3ccc"),
          {
            $type: "app.bsky.feed.defs#blockedPost",
            uri: "at://x/app.bsky.feed.post/3ddd",
            blocked: true,
          },
        ]),
      }),
    });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ kind: "bluesky", outcome: "pulled", inserted: 2 });
    const list = await listComments(site, key);
    const [top] = list.comments;
    expect(top).toMatchObject({
      author: { name: "Blue Reader", website: "https://bsky.app/profile/reader.bsky.social" },
      html: '<p>See <a href="https://example.com/long/path" rel="nofollow ugc noopener">example.com/long…</a> and *this*</p>',
      source: { kind: "bluesky", url: "https://bsky.app/profile/reader.bsky.social/post/3aaa" },
    });
    expect(top.replies[0]).toMatchObject({
      author: { name: "bob.example.org" },
      source: { kind: "bluesky", url: "https://bsky.app/profile/bob.example.org/post/3bbb" },
    });
  });

  it("marks a deleted post gone (notFoundPost, or the AppView's 400 NotFound)", async () => {
    const site = await openSite();
    const key = unique("/post");
    await linkBluesky(site, key);
    remote({ [threadUrl]: jsonAnswer({ thread: notFoundPost(blueskyPostUri) }) });
    expect((await pull(site, key)).pulls[0]).toMatchObject({ outcome: "gone" });
    remote({ [threadUrl]: jsonAnswer({ error: "NotFound", message: "Post not found" }, 400) });
    expect((await pull(site, key)).links[0]).toMatchObject({ state: "gone" });
  });

  it("walks a thousand-deep thread without recursion, to the depth asked for", async () => {
    const site = await openSite({ maxDepth: 20 });
    const key = unique("/post");
    await linkBluesky(site, key);
    let node: unknown = threadView(blueskyPost("3z999"));
    for (let i = 998; i >= 0; i--) node = threadView(blueskyPost(`3z${i}`), [node]);
    remote({ [threadUrl]: jsonAnswer({ thread: threadView(blueskyPost(blueskyRkey()), [node]) }) });
    const answer = await pull(site, key);
    expect(answer.pulls[0]).toMatchObject({ outcome: "pulled", inserted: 20 });
  });
});

describe("the scheduled pull", () => {
  it("pulls the pages linked within remoteRepliesDays, and not older ones", async () => {
    const site = await openSite({ remoteRepliesDays: 7 });
    const recent = unique("/recent");
    const old = unique("/old");
    await linkMastodon(site, recent);
    await linkMastodon(site, old, "https://mastodon.social/@author/113500000000000002");
    await sql(
      `UPDATE remote_links SET linked_at = ?2 WHERE thread_id = (SELECT id FROM threads WHERE site_id = ?1 AND key = ?3)`,
      site,
      new Date(Date.now() - 8 * 86_400_000).toISOString(),
      old,
    );
    const urls = remote({ [contextUrl]: jsonAnswer(mastodonContext([mastodonStatus("3001")])) });
    await runScheduledJob();
    expect(urls).toContain(contextUrl);
    expect(urls).not.toContain(
      "https://mastodon.social/api/v1/statuses/113500000000000002/context",
    );
    expect(await sourced(site, recent)).toHaveLength(1);
  });

  it("stops at its budget of requests and leaves the rest first in line", async () => {
    const site = await openSite();
    const keys = Array.from({ length: 4 }, () => unique("/budget"));
    for (const [i, key] of keys.entries()) {
      await linkMastodon(site, key, `https://mastodon.social/@author/11350000000000100${i}`);
    }
    // Every other site's links in this file are pulled already: only these four are unpulled.
    await sql(
      `UPDATE remote_links SET pulled_at = ?1 WHERE site_id <> ?2`,
      new Date().toISOString(),
      site,
    );
    const unavailable = () => new Response("", { status: 503 });
    const urls = remote(
      Object.fromEntries(keys.map((_, i) => [contextUrlOf(`11350000000000100${i}`), unavailable])),
    );
    const db = env.DB;
    const keysOf = await deriveKeys(env.SECRET_KEY!);
    const first = await pullDueReplies(db, keysOf, new Date(), {
      requests: 2,
      milliseconds: 60_000,
    });
    expect(first).toMatchObject({ links: 2, failed: 2 });
    expect(first.deferred).toBeGreaterThan(0);
    expect(urls).toHaveLength(2);
    const second = await pullDueReplies(db, keysOf, new Date(), {
      requests: 2,
      milliseconds: 60_000,
    });
    expect(second.links).toBe(2);
    expect(new Set(urls).size).toBe(4);
  });

  it("stops when its time is up", async () => {
    const site = await openSite();
    await linkMastodon(site, unique("/slow"));
    await sql(
      `UPDATE remote_links SET pulled_at = ?1 WHERE site_id <> ?2`,
      new Date().toISOString(),
      site,
    );
    remote({});
    const report = await pullDueReplies(env.DB, await deriveKeys(env.SECRET_KEY!), new Date(), {
      requests: 10,
      milliseconds: 0,
    });
    expect(report).toMatchObject({ links: 0 });
    expect(report.deferred).toBeGreaterThan(0);
  });
});

function blueskyRkey() {
  return blueskyPostUri.split("/").at(-1)!;
}
