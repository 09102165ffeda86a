/** The rules engine end to end: what POST /api/comments stores and answers under each rule. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  createSite,
  listComments,
  postComment,
  postOk,
  unique,
  openSite,
  expectError,
} from "../helpers";
import { ban, mod, queued } from "../mod-api";

const ip = (n: number) => ({ "CF-Connecting-IP": `198.51.100.${n}` });

async function formToken(site: string): Promise<string> {
  return (await listComments(site, unique("/form"))).config.formToken;
}

describe("spam traps", () => {
  it("answers a filled honeypot like a held comment but stores it as spam", async () => {
    const site = await openSite({ moderation: "all" });
    const held = await postOk({ site, page: unique("/p") });
    const trapped = await postOk({
      site,
      page: unique("/p"),
      extra: { honeypot: "http://x.test" },
    });
    expect(trapped.comment.status).toBe("pending");
    expect(Object.keys(trapped).sort()).toEqual(Object.keys(held).sort());
    expect(Object.keys(trapped.comment).sort()).toEqual(Object.keys(held.comment).sort());
    expect(await queued(site, trapped.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["honeypot"],
    });
  });

  it("stores a form sent sooner than minSubmitSeconds after its token as spam", async () => {
    const site = await openSite({ minSubmitSeconds: 3600 });
    const extra = { formToken: await formToken(site) };
    const posted = await postOk({ site, page: unique("/p"), extra });
    expect(posted.comment.status).toBe("pending");
    expect(await queued(site, posted.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["too-fast"],
    });
  });

  it("approves a form whose token is older than minSubmitSeconds", async () => {
    const site = await openSite({ minSubmitSeconds: 0 });
    const posted = await postOk({
      site,
      page: unique("/p"),
      extra: { formToken: await formToken(site) },
    });
    expect(posted.comment.status).toBe("approved");
  });

  it("counts a missing or forged token as too fast only when the site requires one", async () => {
    const lenient = await createSite({ moderation: "none" });
    expect((await postOk({ site: lenient, page: unique("/p") })).comment.status).toBe("approved");

    const strict = await openSite({ requireFormToken: true });
    const other = await openSite();
    for (const token of [undefined, "zzz.forged", await formToken(other)]) {
      const posted = await postOk({
        site: strict,
        page: unique("/p"),
        extra: { formToken: token },
      });
      expect(posted.comment.status).toBe("pending");
      expect((await queued(strict, posted.comment.id)).reasons).toEqual(["missing-form-token"]);
    }
    const honest = await postOk({
      site: strict,
      page: unique("/p"),
      extra: { formToken: await formToken(strict) },
    });
    expect(honest.comment.status).toBe("approved");
  });
});

describe("bans", () => {
  it("stores comments of an author banned through one of their comments as spam", async () => {
    const site = await openSite();
    const email = `${unique("troll")}@example.com`;
    const first = await postOk({ site, page: unique("/p"), email });
    await ban({ site, commentId: first.comment.id, scope: "author" });
    const again = await postOk({
      site,
      page: unique("/p"),
      email: email.toUpperCase(),
      headers: ip(1),
    });
    expect(again.comment.status).toBe("pending");
    expect(await queued(site, again.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["banned-author"],
    });
    const someoneElse = await postOk({ site, page: unique("/p") });
    expect(someoneElse.comment.status).toBe("approved");
  });

  it("stores comments from a banned network as spam whatever the email", async () => {
    const site = await openSite();
    const first = await postOk({ site, page: unique("/p"), headers: ip(2) });
    await ban({ site, commentId: first.comment.id, scope: "network" });
    const again = await postOk({
      site,
      page: unique("/p"),
      email: "new@example.com",
      headers: ip(2),
    });
    expect(await queued(site, again.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["banned-network"],
    });
    expect((await postOk({ site, page: unique("/p"), headers: ip(3) })).comment.status).toBe(
      "approved",
    );
  });

  it("bans an email address that has not commented yet", async () => {
    const site = await openSite();
    const email = `${unique("spammer")}@example.com`;
    await ban({ site, email, scope: "author", reason: "known spammer" });
    const posted = await postOk({ site, page: unique("/p"), email });
    expect(await queued(site, posted.comment.id)).toMatchObject({ reasons: ["banned-author"] });
  });

  it("does nothing once a ban has expired or been lifted", async () => {
    const site = await openSite();
    const expiring = `${unique("a")}@example.com`;
    const lifted = `${unique("b")}@example.com`;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const timed = await ban({ site, email: expiring, scope: "author", expiresAt });
    const open = await ban({ site, email: lifted, scope: "author" });
    expect((await postOk({ site, page: unique("/p"), email: expiring })).comment.status).toBe(
      "pending",
    );

    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.prepare(`UPDATE bans SET expires_at = ?1 WHERE id = ?2`)
      .bind(past, timed.id)
      .run();
    expect((await mod("DELETE", `/api/mod/bans/${open.id}`)).status).toBe(204);

    for (const email of [expiring, lifted]) {
      expect((await postOk({ site, page: unique("/p"), email })).comment.status).toBe("approved");
    }
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a network posts too often, whatever the forwarding headers say", async () => {
    const site = await openSite({ rateLimitPerMinute: 2 });
    for (let i = 0; i < 2; i++) {
      await postOk({
        site,
        page: unique("/p"),
        email: `${unique("n")}@example.com`,
        headers: ip(10),
      });
    }
    const spoofed = {
      ...ip(10),
      "X-Forwarded-For": "192.0.2.99",
      "X-Real-IP": "192.0.2.98",
      "True-Client-IP": "192.0.2.97",
    };
    const res = await postComment({
      site,
      page: unique("/p"),
      email: "fresh@example.com",
      headers: spoofed,
    });
    const retryAfter = Number(res.headers.get("Retry-After"));
    await expectError(res, 429, "rate_limited");
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await postOk({ site, page: unique("/p"), headers: ip(11) })).comment.status).toBe(
      "approved",
    );
  });

  it("limits one email address across networks", async () => {
    const site = await openSite({ rateLimitPerMinute: 2 });
    const email = `${unique("busy")}@example.com`;
    await postOk({ site, page: unique("/p"), email, headers: ip(20) });
    await postOk({ site, page: unique("/p"), email, headers: ip(21) });
    await expectError(
      await postComment({ site, page: unique("/p"), email, headers: ip(22) }),
      429,
      "rate_limited",
    );
  });

  it("limits per day, asking to come back when the oldest counted attempt is a day old", async () => {
    const site = await openSite({ rateLimitPerDay: 2 });
    const email = `${unique("daily")}@example.com`;
    const first = await postOk({ site, page: unique("/p"), email, headers: ip(30) });
    await postOk({ site, page: unique("/p"), email, headers: ip(31) });
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    // Attempts are recorded under the comment's id; the limits count them, not comments.
    await env.DB.prepare(`UPDATE attempts SET created_at = ?1 WHERE id = ?2`)
      .bind(hourAgo, first.comment.id)
      .run();
    const res = await postComment({ site, page: unique("/p"), email, headers: ip(32) });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(23 * 3600 - 60);
    expect(retryAfter).toBeLessThanOrEqual(23 * 3600);
  });
});

describe("content rules", () => {
  it("refuses the same text from the same author on the same page with 409", async () => {
    const site = await openSite();
    const options = { site, page: unique("/p"), body: "Same words twice" };
    await postOk(options);
    await expectError(await postComment(options), 409, "duplicate");
  });

  it("stores block words as spam and holds hold words and too many links", async () => {
    const site = await openSite({ blockWords: ["casino"], holdWords: ["refund"], maxLinks: 1 });
    const blocked = await postOk({ site, page: unique("/p"), email: "me@casino.example" });
    const held = await postOk({ site, page: unique("/p"), body: "A REFUND please" });
    const links = await postOk({
      site,
      page: unique("/p"),
      body: "https://a.example https://b.example",
    });
    for (const posted of [blocked, held, links]) expect(posted.comment.status).toBe("pending");
    expect(await queued(site, blocked.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["block-word:casino"],
    });
    expect(await queued(site, held.comment.id)).toMatchObject({
      status: "pending",
      reasons: ["hold-word:refund"],
    });
    expect((await queued(site, links.comment.id)).reasons).toEqual(["too-many-links"]);
  });
});
