/**
 * The posting pipeline under attack: what an attacker tried against `wrangler dev`
 * (issue "Spam and abuse"), each finding pinned as a test. Limits are per site, so each test
 * makes its own site and sends from its own network.
 */
import { describe, expect, it } from "vitest";
import { rows, sql, siteRows } from "../sql";
import {
  asModerator,
  call,
  createSite,
  json,
  listComments,
  origin,
  postComment,
  postOk,
  unique,
  openSite,
  type PostOptions,
  expectError,
} from "../helpers";
import { setStatus } from "../mod-api";
import { bearer } from "../public-api";

/** A site with moderation off and the given limits, so only the rule under test decides. */
function limitedSite(perMinute: number, settings: Record<string, unknown> = {}) {
  return createSite({
    moderation: "none",
    minSubmitSeconds: 0,
    rateLimitPerMinute: perMinute,
    rateLimitPerDay: 1000,
    ...settings,
  });
}

function fromNetwork(address: string, options: PostOptions): Promise<Response> {
  return postComment({ ...options, headers: { "CF-Connecting-IP": address, ...options.headers } });
}

async function statusesOf(requests: Promise<Response>[]): Promise<number[]> {
  return (await Promise.all(requests)).map((res) => res.status);
}

describe("attempt limits count every attempt, spam included", () => {
  it("refuses trap-caught posts past the network's limit, so one client cannot grow D1", async () => {
    const site = await limitedSite(5);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 16; attempt += 1) {
      const res = await fromNetwork("198.51.100.20", {
        site,
        page: unique("/spam-page"),
        extra: { honeypot: "https://spam.example" },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(11).fill(429)]);
    expect(await siteRows("threads", site)).toBeLessThanOrEqual(5);
  });

  it("stores only a few spam comments per network a day, answering the rest like held ones", async () => {
    const site = await limitedSite(1000);
    const answers: any[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const res = await fromNetwork("198.51.100.21", {
        site,
        page: unique("/spam-page"),
        extra: { honeypot: "https://spam.example" },
      });
      expect(res.status).toBe(201);
      answers.push(await res.json());
    }
    for (const answer of answers) {
      expect(answer.comment.status).toBe("pending");
      expect(answer.editToken).toEqual(expect.any(String));
    }
    expect(await siteRows("comments", site)).toBe(5);
    expect(await siteRows("threads", site)).toBe(5);
  });

  it("does not let spam in someone else's name lock their address out", async () => {
    const site = await limitedSite(5);
    const victim = `${unique("victim")}@example.com`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await fromNetwork("198.51.100.22", {
        site,
        page: unique("/p"),
        email: victim,
        extra: { honeypot: "x" },
      });
    }
    const real = await fromNetwork("203.0.113.22", { site, page: unique("/p"), email: victim });
    expect(real.status).toBe(201);
  });

  it("gives no attempt back when a comment is deleted", async () => {
    const site = await limitedSite(5);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const res = await fromNetwork("198.51.100.23", { site, page: unique("/churn") });
      statuses.push(res.status);
      if (res.status !== 201) continue;
      const posted = await res.json<any>();
      const deleted = await call(`/api/comments/${posted.comment.id}`, {
        method: "DELETE",
        headers: bearer(posted.editToken),
      });
      expect(deleted.status).toBe(204);
    }
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(429)]);
  });

  it("lets exactly the limit through when twenty posts race from one network", async () => {
    const site = await limitedSite(3);
    const statuses = await statusesOf(
      Array.from({ length: 20 }, (_, index) =>
        fromNetwork("198.51.100.24", { site, page: unique("/race"), body: `Racing ${index}` }),
      ),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(17);
    expect(await siteRows("comments", site)).toBe(3);
  });

  it("counts refused duplicates, so guessing an author's address is bounded by the limit", async () => {
    const site = await limitedSite(5);
    const page = unique("/public");
    const text = "A comment anyone can read";
    await fromNetwork("203.0.113.25", { site, page, body: text, email: "owner@example.com" });
    const statuses: number[] = [];
    for (const guess of ["a", "b", "c", "d", "e", "owner"]) {
      const res = await fromNetwork("198.51.100.25", {
        site,
        page,
        body: text,
        email: `${guess}@example.com`,
      });
      statuses.push(res.status);
    }
    // The right guess comes sixth: past the limit it learns nothing.
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it("counts each refused duplicate as an attempt", async () => {
    const site = await limitedSite(5);
    const page = unique("/again");
    const options = { site, page, body: "Said once", email: "once@example.com" };
    await fromNetwork("203.0.113.28", options);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      statuses.push((await fromNetwork("198.51.100.28", options)).status);
    }
    expect(statuses).toEqual([409, 409, 409, 409, 409, 429]);
  });
});

describe("no oracle in the answers", () => {
  it("returns the avatar seed only for approved comments", async () => {
    const site = await openSite();
    const trapped = await postOk({ site, page: unique("/o"), extra: { honeypot: "x" } });
    expect(trapped.comment.author).toEqual({ name: "Ann", website: null, avatar: "" });

    const held = await openSite({ moderation: "all" });
    const pending = await postOk({ site: held, page: unique("/o") });
    expect((pending.comment.author as { avatar: string }).avatar).toBe("");
    const own = await call(`/api/comments/${pending.comment.id}`, {
      headers: bearer(pending.editToken),
    });
    expect((await own.json<any>()).author.avatar).toBe("");

    const approved = await postOk({ site, page: unique("/o") });
    expect((approved.comment.author as { avatar: string }).avatar).toMatch(/^[0-9a-f]{32}$/);
  });

  it("lets a first-time author through only when name and email match an approved comment", async () => {
    const site = await createSite({ minSubmitSeconds: 0 });
    const email = `${unique("regular")}@example.com`;
    const first = await postOk({ site, page: unique("/ft"), name: "Regular Reader", email });
    await setStatus(first.comment.id, "approved");

    const impostor = await postOk({
      site,
      page: unique("/ft"),
      name: "Someone Else",
      email,
      headers: { "CF-Connecting-IP": "198.51.100.26" },
      body: "Cheap pills at https://spam.example",
    });
    expect(impostor.comment.status).toBe("pending");
    const [stored] = await rows<{ reasons: string }>(
      `SELECT reasons FROM comments WHERE id = ?1`,
      impostor.comment.id,
    );
    expect(JSON.parse(stored!.reasons)).toContain("first-time-author");

    const again = await postOk({ site, page: unique("/ft"), name: "regular reader", email });
    expect(again.comment.status).toBe("approved");
  });
});

describe("threads cannot be claimed in advance", () => {
  it("takes a page's title, url and age from its first approved comment", async () => {
    const site = await openSite({ closeAfterDays: 1 });
    const page = unique("/2027/future-post");
    const fake = await call(
      "/api/comments",
      json(
        "POST",
        {
          site,
          page: { key: page, url: `${origin}/hacked`, title: "FAKE: site hacked" },
          author: { name: "Bot", email: "bot@spam.example" },
          body: "first!",
          honeypot: "gotcha",
        },
        { "CF-Connecting-IP": "198.51.100.27" },
      ),
    );
    expect(fake.status).toBe(201);
    const early = await listComments(site, page);
    expect(early.thread).toMatchObject({ url: null, title: null, count: 0, closed: false });

    // Long after the bot's visit, the article is published and really commented on.
    const longAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await sql(
      `UPDATE threads SET created_at = ?3 WHERE site_id = ?1 AND key = ?2`,
      site,
      page,
      longAgo,
    );
    const real = await call(
      "/api/comments",
      json("POST", {
        site,
        page: { key: page, url: `${origin}${page}`, title: "The real post" },
        author: { name: "Ann", email: "ann@example.com" },
        body: "Great read",
      }),
    );
    expect(real.status).toBe(201);
    const list = await listComments(site, page);
    expect(list.thread).toMatchObject({
      url: `${origin}${page}`,
      title: "The real post",
      count: 1,
      closed: false,
    });
  });

  it("takes them from a held comment only once a moderator approves it", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/held-first");
    const held = await call(
      "/api/comments",
      json("POST", {
        site,
        page: { key: page, url: `${origin}${page}`, title: "Held title" },
        author: { name: "Ann", email: "ann@example.com" },
        body: "Waiting",
      }),
    );
    const posted = await held.json<any>();
    expect((await listComments(site, page)).thread.title).toBeNull();
    await setStatus(posted.comment.id, "approved");
    expect((await listComments(site, page)).thread).toMatchObject({
      title: "Held title",
      url: `${origin}${page}`,
      count: 1,
    });
  });
});

describe("the bulk endpoint", () => {
  it("counts the comments it changed, not the rows its triggers touched", async () => {
    const site = await openSite({ moderation: "all" });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      ids.push((await postOk({ site, page: unique("/bulk") })).comment.id);
    }
    const res = await call(
      "/api/mod/comments/bulk",
      asModerator(json("POST", { ids, status: "approved" })),
    );
    expect(await res.json()).toEqual({ updated: 3 });
    const again = await call(
      "/api/mod/comments/bulk",
      asModerator(json("POST", { ids, status: "approved" })),
    );
    expect(await again.json()).toEqual({ updated: 0 });
  });
});

describe("text that only looks harmless", () => {
  it("refuses names that only look blank where a name is required", async () => {
    const site = await openSite();
    const blanks = [
      "\u3164",
      "\u2800\u2800",
      "\u200d\u200d",
      "\u{e0041}\u{e0042}",
      "\u0301\u0302\u0303\u0304",
      "\u115f\u1160",
      "\uffa0",
      "\u034f\u180e",
    ];
    for (const name of blanks) {
      const res = await postComment({ site, page: unique("/blank"), name });
      const body = await expectError(res, 400, "invalid_input");
      expect(Object.keys(body.error.fields ?? {}), JSON.stringify(name)).toEqual(["author.name"]);
    }
    // Real names in any script, emoji sequences included, still pass.
    for (const name of ["Zoë", "李雷", "👩‍💻 Ada", "Ｊｏｈｎ"]) {
      expect((await postComment({ site, page: unique("/name"), name })).status).toBe(201);
    }
  });

  it("keeps at most a few combining marks on a letter", async () => {
    const site = await openSite();
    const zalgo = `Z${"\u0336\u0337\u0338".repeat(20)}oe`;
    const posted = await postOk({ site, page: unique("/zalgo"), name: zalgo });
    const name = (posted.comment.author as { name: string }).name;
    expect([...name].length).toBeLessThanOrEqual(2 + 1 + 4);
    expect(name.startsWith("Z")).toBe(true);
  });

  it("drops bidi overrides and isolates from comment bodies", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/bidi"),
      body: "price: \u202e0001$\u202c and \u2067isolated\u2069 text",
    });
    expect(posted.comment.html).toBe("<p>price: 0001$ and isolated text</p>");
  });

  it("sends X-Content-Type-Options: nosniff on API answers", async () => {
    const site = await openSite();
    for (const res of [
      await call(`/api/comments?site=${site}&page=/x`),
      await call(`/api/comments?site=nope&page=/x`),
      await call("/healthz"),
      await call("/api/mod/sites"),
    ]) {
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
  });
});
