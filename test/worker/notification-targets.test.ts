/**
 * Notification targets: managed through the moderation API (secrets write-only), fed by the
 * outbox in the same batch as the event, each message in its target's own format, and
 * retried with backoff without ever costing a comment. Only `fetch` is replaced.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runScheduled } from "../../worker/jobs/scheduled";
import {
  call,
  callSettled,
  json,
  openSite,
  postUnsettled,
  unique,
  type PostOptions,
} from "../helpers";
import { mod, modJson, setStatus } from "../mod-api";

const slackUrl = "https://hooks.slack.com/services/T000/B000/secretpartXYZ1";
const discordUrl = "https://discord.com/api/webhooks/123/secretpartXYZ2";
const ntfyUrl = "https://ntfy.example/parley-topic-secretXYZ3";
const hookUrl = "https://programs.example/parley/secretXYZ4";
const botToken = "123456789:AAH-secret_token_part_0123456789XYZ5";
const publicUrl = { PUBLIC_URL: "https://comments.example" };

afterEach(() => {
  vi.restoreAllMocks();
});

function spyOnFetch(
  answer: () => Response | Promise<Response> = () => Response.json({ ok: true }),
) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer());
}

type Spy = ReturnType<typeof spyOnFetch>;
const sentTo = (spy: Spy, prefix: string) =>
  spy.mock.calls
    .filter(([url]) => String(url).startsWith(prefix))
    .map(([url, init]) => ({
      url: String(url),
      headers: new Headers(init?.headers),
      body: String(init?.body),
    }));

async function addTarget(site: string, target: Record<string, unknown>): Promise<any> {
  return modJson("POST", `/api/mod/sites/${site}/notification-targets`, target);
}

/** Posts and waits for what runs after the response (the sender). */
async function post(options: PostOptions): Promise<any> {
  const { res, settled } = await postUnsettled({ bindings: publicUrl, ...options });
  await settled;
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

async function outboxRows(site: string) {
  const result = await env.DB.prepare(
    `SELECT o.event, o.status, o.attempts, o.comment_id, o.next_attempt_at, o.error
     FROM notification_outbox o JOIN notification_targets t ON t.id = o.target_id
     WHERE t.site_id = ?1 ORDER BY o.created_at`,
  )
    .bind(site)
    .all<{
      event: string;
      status: string;
      attempts: number;
      comment_id: string | null;
      next_attempt_at: string;
      error: string | null;
    }>();
  return result.results;
}

describe("managing notification targets", () => {
  it("adds, lists, changes and removes targets, never answering a URL or token back", async () => {
    const site = await openSite();
    const added = [
      await addTarget(site, { kind: "slack", url: slackUrl, events: ["held"], label: "#mods" }),
      await addTarget(site, { kind: "discord", url: discordUrl, events: ["held", "reported"] }),
      await addTarget(site, {
        kind: "telegram",
        botToken,
        chatId: "-1001234567",
        events: ["held"],
        moderate: true,
      }),
      await addTarget(site, {
        kind: "ntfy",
        url: ntfyUrl,
        token: "tk_secretXYZ6",
        priority: 4,
        events: ["spam-digest"],
      }),
      await addTarget(site, { kind: "webhook", url: hookUrl, events: ["approved"] }),
    ];
    const listed = await modJson("GET", `/api/mod/sites/${site}/notification-targets`);
    expect(listed.targets).toEqual(added);
    expect(Object.keys(listed.targets[0]).sort()).toEqual(
      [
        "chatId",
        "createdAt",
        "events",
        "hint",
        "id",
        "kind",
        "label",
        "moderate",
        "updatedAt",
      ].sort(),
    );
    const text = JSON.stringify(listed);
    for (const secret of ["secretpart", "secret_token_part", "tk_secret", "secretXYZ"]) {
      expect(text).not.toContain(secret);
    }
    expect(added[0].hint).toBe("hooks.slack.com …XYZ1");
    expect(added[2]).toMatchObject({ kind: "telegram", chatId: "-1001234567", moderate: true });
    expect(added[2].hint).toBe("bot 123456789 …XYZ5");
    expect(added[3].hint).toBe("ntfy.example …XYZ3 (token set)");

    const changed = await modJson(
      "PATCH",
      `/api/mod/sites/${site}/notification-targets/${added[0].id}`,
      { events: ["held", "approved"], label: "#moderation" },
    );
    expect(changed).toMatchObject({ events: ["held", "approved"], label: "#moderation" });
    // Only a Telegram target can moderate from its chat.
    const notTelegram = await modJson(
      "PATCH",
      `/api/mod/sites/${site}/notification-targets/${added[1].id}`,
      { moderate: true },
    );
    expect(notTelegram.moderate).toBe(false);

    const removed = await mod(
      "DELETE",
      `/api/mod/sites/${site}/notification-targets/${added[4].id}`,
    );
    expect(removed.status).toBe(204);
    const again = await mod("DELETE", `/api/mod/sites/${site}/notification-targets/${added[4].id}`);
    expect(again.status).toBe(404);
    expect(
      (await modJson("GET", `/api/mod/sites/${site}/notification-targets`)).targets,
    ).toHaveLength(4);
  });

  it("refuses bad targets, naming the field, and stores nothing", async () => {
    const site = await openSite();
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: "slack", url: "http://hooks.slack.com/x", events: ["held"] }, "url"],
      [{ kind: "discord", url: "javascript:alert(1)", events: ["held"] }, "url"],
      [{ kind: "telegram", botToken: "nope", chatId: "-1", events: ["held"] }, "botToken"],
      [{ kind: "telegram", botToken, chatId: "@channel", events: ["held"] }, "chatId"],
      [{ kind: "ntfy", url: ntfyUrl, events: [] }, "events"],
      [{ kind: "webhook", url: hookUrl, events: ["held", "held"] }, "events"],
      [{ kind: "webhook", url: hookUrl, events: ["everything"] }, "events.0"],
      [{ kind: "ntfy", url: ntfyUrl, events: ["held"], priority: 9 }, "priority"],
      [{ kind: "pager", url: hookUrl, events: ["held"] }, "kind"],
    ];
    for (const [body, field] of cases) {
      const res = await mod("POST", `/api/mod/sites/${site}/notification-targets`, body);
      const answer: any = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.error.code).toBe("invalid_input");
      expect(Object.keys(answer.error.fields), JSON.stringify(body)).toContain(field);
      expect(JSON.stringify(answer)).not.toContain("secret");
    }
    expect((await modJson("GET", `/api/mod/sites/${site}/notification-targets`)).targets).toEqual(
      [],
    );
    const unknown = await mod("GET", `/api/mod/sites/${unique("nosite")}/notification-targets`);
    expect(unknown.status).toBe(404);
  });

  it("keeps targets the owner's: a named moderator of the site gets 403", async () => {
    const site = await openSite();
    const { token } = await modJson("POST", "/api/mod/moderators", {
      name: "Mo",
      email: `${unique("mo")}@example.com`,
      sites: [site],
    });
    const res = await call(`/api/mod/sites/${site}/notification-targets`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(403);
    const added = await call(
      `/api/mod/sites/${site}/notification-targets`,
      json(
        "POST",
        { kind: "webhook", url: hookUrl, events: ["held"] },
        { Authorization: `Bearer ${token}` },
      ),
    );
    expect(added.status).toBe(403);
  });
});

describe("what each target is sent", () => {
  it("tells Slack of a held comment in blocks, escaped, without the author's address", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, { kind: "slack", url: slackUrl, events: ["held"] });
    const spy = spyOnFetch(() => new Response("ok"));
    const email = `${unique("hidden.author")}@example.com`;
    await post({
      site,
      page: unique("/slack"),
      email,
      name: "<@U024BE7LH>",
      body: "<!channel> see <https://evil.example|your bank> & more\nsecond line",
    });
    const [sent] = sentTo(spy, slackUrl);
    expect(sent).toBeDefined();
    expect(sent!.headers.get("Content-Type")).toBe("application/json");
    const message = JSON.parse(sent!.body);
    expect(message.text).toBe(`Held for review on Site ${site}: A post`);
    expect(message.blocks.map((b: any) => b.type)).toEqual([
      "section",
      "section",
      "context",
      "actions",
    ]);
    expect(message.blocks[1].text.text).toBe(
      ">&lt;!channel&gt; see &lt;https://evil.example|your bank&gt; &amp; more\n>second line",
    );
    expect(message.blocks[2].elements[0].text).toContain("by <@U024BE7LH>");
    expect(message.blocks[2].elements[0].type).toBe("plain_text");
    expect(message.blocks[3].elements[0].url).toBe("https://comments.example/admin/");
    expect(sent!.body.toLowerCase()).not.toContain("hidden.author");
    expect((await outboxRows(site)).map((row) => row.status)).toEqual(["sent"]);
  });

  it("tells Discord in an embed, markdown escaped and mentions off", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, { kind: "discord", url: discordUrl, events: ["held"] });
    const spy = spyOnFetch(() => new Response(null, { status: 204 }));
    await post({
      site,
      page: unique("/discord"),
      body: "@everyone **bold** [x](https://evil.example)",
    });
    const [sent] = sentTo(spy, discordUrl);
    const message = JSON.parse(sent!.body);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0]).toMatchObject({
      title: `Held for review on Site ${site}: A post`,
      url: "https://comments.example/admin/",
      author: { name: "Ann" },
      description: "\\@everyone \\*\\*bold\\*\\* \\[x\\]\\(https://evil.example\\)",
      fields: [{ name: "Held because", value: "moderation\\-all" }],
    });
  });

  it("tells Telegram in HTML, escaped, with moderation buttons only where the chat moderates", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, {
      kind: "telegram",
      botToken,
      chatId: "-100555",
      events: ["held"],
      moderate: true,
    });
    await addTarget(site, { kind: "telegram", botToken, chatId: "777", events: ["held"] });
    const spy = spyOnFetch();
    const posted = await post({
      site,
      page: unique("/tg"),
      name: "A & B",
      body: '<b>not bold</b> & "quoted"',
    });
    const sent = sentTo(spy, `https://api.telegram.org/bot${botToken}/sendMessage`).map((s) =>
      JSON.parse(s.body),
    );
    expect(sent).toHaveLength(2);
    const moderating = sent.find((m) => m.chat_id === "-100555");
    const plain = sent.find((m) => m.chat_id === "777");
    expect(moderating.parse_mode).toBe("HTML");
    expect(moderating.text).toContain(
      "<blockquote>&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot;</blockquote>",
    );
    expect(moderating.text).toContain("by A &amp; B");
    const buttons = moderating.reply_markup.inline_keyboard[0];
    expect(buttons.map((b: any) => b.text)).toEqual(["Approve", "Spam", "Reject"]);
    for (const button of buttons) {
      expect(button.callback_data).toMatch(new RegExp(`^[asr]:${posted.comment.id}:[\\w-]{12}$`));
      expect(new TextEncoder().encode(button.callback_data).length).toBeLessThanOrEqual(64);
    }
    expect(plain.reply_markup).toBeUndefined();
  });

  it("publishes to ntfy with title, tags, priority and the token, a non-ASCII title encoded", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, {
      kind: "ntfy",
      url: ntfyUrl,
      token: "tk_secretXYZ6",
      priority: 5,
      events: ["held"],
    });
    const spy = spyOnFetch(() => new Response("{}"));
    await post({
      site,
      page: unique("/ntfy"),
      extra: { page: { key: unique("/ntfy"), url: "https://blog.example/n", title: "Café ☕" } },
      body: "Line one",
    });
    const [sent] = sentTo(spy, ntfyUrl);
    expect(sent!.headers.get("Tags")).toBe("hourglass");
    expect(sent!.headers.get("Priority")).toBe("5");
    expect(sent!.headers.get("Authorization")).toBe("Bearer tk_secretXYZ6");
    expect(sent!.headers.get("Click")).toBe("https://comments.example/admin/");
    const title = sent!.headers.get("Title")!;
    expect(title).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    const decoded = new TextDecoder().decode(
      Uint8Array.from(atob(title.slice(10, -2)), (c) => c.charCodeAt(0)),
    );
    expect(decoded).toBe(`Held for review on Site ${site}: Café ☕`);
    expect(sent!.body).toContain("Line one");
  });

  it("sends the generic webhook a JSON document with public facts only", async () => {
    const site = await openSite();
    await addTarget(site, { kind: "webhook", url: hookUrl, events: ["approved"] });
    const spy = spyOnFetch(() => new Response("ok"));
    const email = `${unique("private")}@example.com`;
    const posted = await post({ site, page: unique("/json"), email, body: "Published at once" });
    const [sent] = sentTo(spy, hookUrl);
    const document = JSON.parse(sent!.body);
    expect(document).toMatchObject({
      event: "comment.approved",
      site: { id: site, name: `Site ${site}` },
      comment: {
        id: posted.comment.id,
        status: "approved",
        author: "Ann",
        excerpt: "Published at once",
      },
      deskUrl: "https://comments.example/admin/",
    });
    expect(sent!.body).not.toContain(email);
    expect(sent!.body).not.toContain("203.0.113");
  });
});

describe("which events reach which target", () => {
  it("sends each target only the events it asked for", async () => {
    const site = await openSite({ moderation: "first-time" });
    await addTarget(site, { kind: "webhook", url: `${hookUrl}/held`, events: ["held"] });
    await addTarget(site, { kind: "webhook", url: `${hookUrl}/approved`, events: ["approved"] });
    const spy = spyOnFetch(() => new Response("ok"));
    const page = unique("/events");
    const email = `${unique("events")}@example.com`;
    const held = await post({ site, page, email });
    expect(held.comment.status).toBe("pending");
    expect(sentTo(spy, `${hookUrl}/held`)).toHaveLength(1);
    expect(sentTo(spy, `${hookUrl}/approved`)).toHaveLength(0);
    await setStatus(held.comment.id, "approved");
    const known = await post({ site, page, email });
    expect(known.comment.status).toBe("approved");
    expect(sentTo(spy, `${hookUrl}/held`)).toHaveLength(1);
    expect(sentTo(spy, `${hookUrl}/approved`)).toHaveLength(1);
  });

  it("tells of a reported comment once, however many report it", async () => {
    const site = await openSite({ holdAfterReports: 2 });
    await addTarget(site, { kind: "webhook", url: hookUrl, events: ["reported"] });
    const posted = await post({ site, page: unique("/report") });
    const spy = spyOnFetch(() => new Response("ok"));
    // The second report sends it back to review; a third could no longer find it.
    for (const ip of ["198.51.100.1", "192.0.2.77"]) {
      const res = await callSettled(
        `/api/comments/${posted.comment.id}/report`,
        json(
          "POST",
          { reason: "abuse" },
          { "CF-Connecting-IP": ip, Origin: "https://blog.example" },
        ),
        publicUrl,
      );
      expect(res.status).toBe(201);
    }
    const sent = sentTo(spy, hookUrl).map((s) => JSON.parse(s.body));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      event: "comment.reported",
      comment: { id: posted.comment.id, reports: 1 },
    });
  });

  it("skips a held notice whose comment a moderator decided before it went", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, { kind: "webhook", url: hookUrl, events: ["held"] });
    // Without waiting for what runs after the response, then deciding first.
    const spy = spyOnFetch(() => new Response("down", { status: 503 }));
    const posted = await post({ site, page: unique("/decided") });
    expect((await outboxRows(site))[0]).toMatchObject({ status: "queued", attempts: 1 });
    await setStatus(posted.comment.id, "rejected");
    spy.mockClear();
    await runScheduled(
      "*/5 * * * *",
      { ...env, ...publicUrl } as never,
      new Date(Date.now() + 2 * 60_000),
    );
    expect(sentTo(spy, hookUrl)).toHaveLength(0);
    expect((await outboxRows(site))[0]!.status).toBe("skipped");
  });
});

describe("failures", () => {
  it("keeps the comment when a target is down, and retries with backoff until it answers", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, { kind: "slack", url: slackUrl, events: ["held"] });
    let spy = spyOnFetch(() => {
      throw new TypeError("network down");
    });
    const posted = await post({ site, page: unique("/down") });
    expect(posted.comment.status).toBe("pending");
    expect(sentTo(spy, slackUrl)).toHaveLength(1);
    let [row] = await outboxRows(site);
    expect(row).toMatchObject({ status: "queued", attempts: 1, error: "TypeError" });
    const firstRetry = Date.parse(row!.next_attempt_at);
    expect(firstRetry).toBeGreaterThan(Date.now() + 30_000);

    // Not yet due: the cron leaves it.
    await runScheduled("*/5 * * * *", { ...env, ...publicUrl } as never, new Date());
    expect(sentTo(spy, slackUrl)).toHaveLength(1);

    // Due, and still failing: the next wait is longer.
    spy.mockRestore();
    spy = spyOnFetch(() => new Response("busy", { status: 500 }));
    await runScheduled(
      "*/5 * * * *",
      { ...env, ...publicUrl } as never,
      new Date(firstRetry + 1000),
    );
    [row] = await outboxRows(site);
    expect(row).toMatchObject({ status: "queued", attempts: 2, error: "answered 500" });
    expect(Date.parse(row!.next_attempt_at) - firstRetry).toBeGreaterThan(4 * 60_000);

    spy.mockRestore();
    spy = spyOnFetch(() => new Response("ok"));
    await runScheduled(
      "*/5 * * * *",
      { ...env, ...publicUrl } as never,
      new Date(Date.parse(row!.next_attempt_at) + 1000),
    );
    expect(sentTo(spy, slackUrl)).toHaveLength(1);
    expect((await outboxRows(site))[0]!.status).toBe("sent");
    const queue = await modJson("GET", `/api/mod/comments?site=${site}`);
    expect(queue.comments.map((c: any) => c.id)).toEqual([posted.comment.id]);
  });

  it("gives up on a message after a day of failures", async () => {
    const site = await openSite({ moderation: "all" });
    await addTarget(site, { kind: "webhook", url: hookUrl, events: ["held"] });
    spyOnFetch(() => new Response("gone", { status: 410 }));
    await post({ site, page: unique("/giveup") });
    await runScheduled(
      "*/5 * * * *",
      { ...env, ...publicUrl } as never,
      new Date(Date.now() + 1441 * 60_000),
    );
    const [row] = await outboxRows(site);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
  });
});

describe("the daily spam digest", () => {
  it("counts the last day's spam, once a day, for the targets that want it", async () => {
    const site = await openSite({ blockWords: ["casino"] });
    const url = `${hookUrl}/${unique("digest")}`;
    await addTarget(site, { kind: "webhook", url, events: ["spam-digest"] });
    spyOnFetch(() => new Response("ok"));
    for (let i = 0; i < 3; i++) await post({ site, page: unique("/spam"), body: `casino ${i}` });
    vi.restoreAllMocks();
    const spy = spyOnFetch(() => new Response("ok"));
    await runScheduled("0 * * * *", { ...env, ...publicUrl } as never, new Date());
    const sent = sentTo(spy, url).map((s) => JSON.parse(s.body));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ event: "spam.digest", spam: { count: 3 } });
    expect(sent[0].text).toBe(`3 comments caught as spam on Site ${site} in the last day`);
    // The next hour: nothing new is queued for a day.
    await runScheduled(
      "0 * * * *",
      { ...env, ...publicUrl } as never,
      new Date(Date.now() + 3600_000),
    );
    expect(sentTo(spy, url)).toHaveLength(1);
  });
});
