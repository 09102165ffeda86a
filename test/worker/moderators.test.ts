/**
 * Named moderators: the owner makes them (a personal token, shown once), they act only on
 * their sites (403 elsewhere), every action's actor is in the audit log, revoking ends
 * access at once, and Cloudflare Access can sign them in instead of a token.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, callSettled, json, openSite, postOk, unique, expectError } from "../helpers";
import { mod, modJson, modLog } from "../mod-api";

afterEach(() => {
  vi.restoreAllMocks();
});

const address = (who: string) => `${unique(who)}@example.com`.toLowerCase();

async function addModerator(sites: string[], extra: Record<string, unknown> = {}) {
  const email = address("mod");
  const made = await modJson("POST", "/api/mod/moderators", {
    name: `Mo ${unique("n")}`,
    email,
    sites,
    ...extra,
  });
  return { ...made, email } as {
    moderator: { id: string; name: string; email: string; role: string; sites: string[] };
    token: string;
    email: string;
  };
}

/** A request with a moderator's own token. */
function as(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? { method } : json(method, body);
  return call(path, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
  });
}

describe("moderator accounts", () => {
  it("gives each a personal token once, keeps only its keyed hash, and lists them without it", async () => {
    const site = await openSite();
    const { moderator, token, email } = await addModerator([site]);
    expect(token).toMatch(/^pm_[\w-]{40,}$/);
    expect(moderator).toMatchObject({ email, role: "moderator", sites: [site] });

    const listed = await modJson("GET", "/api/mod/moderators");
    const mine = listed.moderators.find((m: any) => m.id === moderator.id);
    expect(mine).toEqual(moderator);
    expect(JSON.stringify(listed)).not.toContain(token);
    const row = await env.DB.prepare(`SELECT * FROM moderators WHERE id = ?1`)
      .bind(moderator.id)
      .first();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(email);

    const me = await as(token, "GET", "/api/mod/me");
    expect(await me.json()).toEqual({
      id: moderator.id,
      name: moderator.name,
      role: "moderator",
      sites: [site],
    });
  });

  it("refuses a second account for one email, and sites that do not exist", async () => {
    const site = await openSite();
    const { email } = await addModerator([site]);
    await expectError(
      await mod("POST", "/api/mod/moderators", { name: "Again", email, sites: [site] }),
      400,
      "invalid_input",
    );
    const res = await mod("POST", "/api/mod/moderators", {
      name: "Typo",
      email: address("typo"),
      sites: ["no-such-site"],
    });
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.fields.sites).toContain("no-such-site");
  });

  it("ends a revoked moderator's access with the next request", async () => {
    const site = await openSite();
    const { moderator, token } = await addModerator([site]);
    expect((await as(token, "GET", `/api/mod/comments?site=${site}`)).status).toBe(200);
    expect((await mod("DELETE", `/api/mod/moderators/${moderator.id}`)).status).toBe(204);
    await expectError(
      await as(token, "GET", `/api/mod/comments?site=${site}`),
      401,
      "unauthorized",
    );
    expect((await mod("DELETE", `/api/mod/moderators/${moderator.id}`)).status).toBe(404);
  });

  it("changes a moderator's sites, and the token follows at once", async () => {
    const [first, second] = [await openSite(), await openSite()];
    const { moderator, token } = await addModerator([first]);
    expect((await as(token, "GET", `/api/mod/comments?site=${second}`)).status).toBe(403);
    await modJson("PATCH", `/api/mod/moderators/${moderator.id}`, { sites: [second] });
    expect((await as(token, "GET", `/api/mod/comments?site=${second}`)).status).toBe(200);
    expect((await as(token, "GET", `/api/mod/comments?site=${first}`)).status).toBe(403);
  });

  it("answers a wrong token with 401", async () => {
    await expectError(await as("pm_not-a-real-token", "GET", "/api/mod/me"), 401, "unauthorized");
    await expectError(await as("nonsense", "GET", "/api/mod/me"), 401, "unauthorized");
  });
});

describe("a moderator on another site", () => {
  async function twoSites() {
    const [mine, theirs] = [await openSite(), await openSite()];
    const { token, moderator } = await addModerator([mine]);
    const page = unique("/elsewhere");
    const other = await postOk({ site: theirs, page, body: "on their site" });
    const own = await postOk({ site: mine, page, body: "on my site" });
    return { mine, theirs, token, moderator, other, own, page };
  }

  it("is refused (403) everywhere on it, and nothing changes", async () => {
    const { theirs, token, other, page } = await twoSites();
    const refused: [string, string, unknown?][] = [
      ["GET", `/api/mod/comments?site=${theirs}`],
      ["GET", `/api/mod/comments/counts?site=${theirs}`],
      ["PATCH", `/api/mod/comments/${other.comment.id}`, { status: "spam" }],
      ["DELETE", `/api/mod/comments/${other.comment.id}`],
      ["PATCH", "/api/mod/threads", { site: theirs, key: page, closed: true }],
      ["POST", "/api/mod/bans", { site: theirs, commentId: other.comment.id, scope: "author" }],
      ["GET", `/api/mod/bans?site=${theirs}`],
      ["GET", `/api/mod/log?site=${theirs}`],
      ["GET", `/api/mod/sites/${theirs}`],
      ["GET", `/api/mod/export?site=${theirs}`],
      ["GET", "/api/mod/comments?site=no-such-site"],
    ];
    for (const [method, path, body] of refused) {
      const res = await as(token, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await res.json<any>()).error.code).toBe("forbidden");
    }
    const stored = await env.DB.prepare(`SELECT status, deleted_at FROM comments WHERE id = ?1`)
      .bind(other.comment.id)
      .first();
    expect(stored).toEqual({ status: "approved", deleted_at: null });
    expect(await modLog(theirs)).toEqual([]);
  });

  it("cannot slip another site's comment into a bulk action", async () => {
    const { token, other, own } = await twoSites();
    const res = await as(token, "POST", "/api/mod/comments/bulk", {
      ids: [own.comment.id, other.comment.id],
      status: "spam",
    });
    expect(res.status).toBe(403);
    const statuses = await env.DB.prepare(
      `SELECT status FROM comments WHERE id IN (?1, ?2) ORDER BY status`,
    )
      .bind(own.comment.id, other.comment.id)
      .all();
    expect(statuses.results.map((r: any) => r.status)).toEqual(["approved", "approved"]);
  });

  it("sees only their own sites, and none of the owner's tools", async () => {
    const { mine, token } = await twoSites();
    const listed = await (await as(token, "GET", "/api/mod/sites")).json<any>();
    expect(listed.sites.map((s: any) => s.id)).toEqual([mine]);
    for (const [method, path, body] of [
      ["PUT", `/api/mod/sites/${mine}`, { name: "Mine", origins: ["https://blog.example"] }],
      ["GET", `/api/mod/sites/${mine}/recipients`],
      ["GET", "/api/mod/moderators"],
      ["POST", "/api/mod/moderators", { name: "X", email: address("x"), sites: [mine] }],
      ["GET", "/api/mod/authors?email=someone%40example.com"],
      ["DELETE", "/api/mod/authors?email=someone%40example.com"],
      ["POST", `/api/mod/import?site=${mine}&format=parley`, { threads: [] }],
      // A site's export holds every reader's email: the owner's alone.
      ["GET", `/api/mod/export?site=${mine}`],
    ] as [string, string, unknown?][]) {
      expect((await as(token, method, path, body)).status, `${method} ${path}`).toBe(403);
    }
  });

  it("never reads a site's secrets; nobody does, and saving the site keeps them", async () => {
    const { mine, token } = await twoSites();
    const hook = "https://hooks.example/T0123/secret-path";
    const putBack = await modJson("PUT", `/api/mod/sites/${mine}`, {
      name: "Mine",
      origins: ["https://blog.example"],
      settings: { moderation: "none", notifyWebhookUrl: hook },
    });
    expect(putBack.secrets).toEqual({ notifyWebhookUrl: true, ssoSecret: false });
    const seen = [
      JSON.stringify(putBack),
      await (await as(token, "GET", `/api/mod/sites/${mine}`)).text(),
      await (await as(token, "GET", "/api/mod/sites")).text(),
      JSON.stringify(await modJson("GET", `/api/mod/sites/${mine}`)),
      JSON.stringify(await modJson("GET", `/api/mod/export?site=${mine}`)),
    ];
    for (const text of seen) expect(text).not.toContain("secret-path");
    const shown = await modJson("GET", `/api/mod/sites/${mine}`);
    expect(shown.settings).not.toHaveProperty("notifyWebhookUrl");
    expect(shown.secrets).toEqual({ notifyWebhookUrl: true, ssoSecret: false });

    // Saving what the desk was shown (no secret in it) keeps the secret; null removes it.
    await modJson("PUT", `/api/mod/sites/${mine}`, {
      name: shown.name,
      origins: shown.origins,
      settings: { ...shown.settings, maxLinks: 3 },
    });
    const stored = await env.DB.prepare(`SELECT settings FROM sites WHERE id = ?1`)
      .bind(mine)
      .first<{ settings: string }>();
    expect(JSON.parse(stored!.settings)).toMatchObject({ notifyWebhookUrl: hook, maxLinks: 3 });
    const removed = await modJson("PUT", `/api/mod/sites/${mine}`, {
      name: shown.name,
      origins: shown.origins,
      settings: { ...shown.settings, notifyWebhookUrl: null },
    });
    expect(removed.secrets).toEqual({ notifyWebhookUrl: false, ssoSecret: false });
  });

  it("moderates their own site, and the log names who did what", async () => {
    const { mine, token, moderator, own, page } = await twoSites();
    expect(
      (await as(token, "PATCH", `/api/mod/comments/${own.comment.id}`, { status: "spam" })).status,
    ).toBe(200);
    await modJson("PATCH", `/api/mod/comments/${own.comment.id}`, { status: "approved" });
    expect(
      (await as(token, "PATCH", "/api/mod/threads", { site: mine, key: page, closed: true }))
        .status,
    ).toBe(200);
    const log = await modLog(mine);
    expect(log.map((entry: any) => [entry.action, entry.to, entry.actor])).toEqual([
      ["close-thread", "closed", { id: moderator.id, name: moderator.name }],
      ["status", "approved", { id: "owner", name: "Owner" }],
      ["status", "spam", { id: moderator.id, name: moderator.name }],
      ["add-moderator", null, { id: "owner", name: "Owner" }],
    ]);
  });

  it("is everywhere when their role is owner", async () => {
    const theirs = await openSite();
    const { token } = await addModerator([], { role: "owner" });
    expect((await as(token, "GET", `/api/mod/comments?site=${theirs}`)).status).toBe(200);
    expect((await as(token, "GET", "/api/mod/moderators")).status).toBe(200);
    expect((await (await as(token, "GET", "/api/mod/me")).json<any>()).sites).toBeNull();
  });
});

describe("the queue for the desk", () => {
  it("searches text, author, page and email, and counts each status", async () => {
    const site = await openSite({ moderation: "all" });
    const [page, other] = [unique("/search"), unique("/elsewhere")];
    const email = address("findme");
    const a = await postOk({ site, page, body: "A remark about gardening", name: "Ada" });
    const b = await postOk({ site, page: other, body: "Something else", name: "Bo", email });
    await modJson("PATCH", `/api/mod/comments/${b.comment.id}`, { status: "spam" });
    const search = async (q: string) =>
      (
        await modJson("GET", `/api/mod/comments?site=${site}&q=${encodeURIComponent(q)}`)
      ).comments.map((c: any) => c.id);
    expect(await search("GARDEN")).toEqual([a.comment.id]);
    expect(await search("ada")).toEqual([a.comment.id]);
    expect(await search(other)).toEqual([b.comment.id]);
    expect(await search(email.toUpperCase())).toEqual([b.comment.id]);
    expect(await search("nothing like this")).toEqual([]);
    expect((await modJson("GET", `/api/mod/comments/counts?site=${site}`)).counts).toEqual({
      pending: 1,
      approved: 0,
      spam: 1,
      rejected: 0,
      reported: 0,
    });
  });

  it("gives each comment its Markdown and the comment it answers", async () => {
    const site = await openSite();
    const page = unique("/context");
    const parent = await postOk({ site, page, body: "The **question**", name: "Quinn" });
    const reply = await postOk({ site, page, body: "An *answer*", parentId: parent.comment.id });
    const queue = (await modJson("GET", `/api/mod/comments?site=${site}`)).comments;
    const shown = queue.find((c: any) => c.id === reply.comment.id);
    expect(shown.body).toBe("An *answer*");
    expect(shown.parent).toEqual({
      id: parent.comment.id,
      author: "Quinn",
      body: "The **question**",
      deleted: false,
    });
    expect(queue.find((c: any) => c.id === parent.comment.id).parent).toBeNull();
  });
});

describe("signing in with Cloudflare Access", () => {
  const toBase64Url = (bytes: ArrayBuffer | Uint8Array) =>
    btoa(String.fromCharCode(...new Uint8Array(bytes)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
  const encode = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

  /** A team with its own (locally made) signing key, published where Access publishes it. */
  async function accessTeam() {
    const team = `${unique("team").toLowerCase()}.cloudflareaccess.com`;
    const audience = unique("aud");
    const pair = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
    const certs = vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      return url === `https://${team}/cdn-cgi/access/certs`
        ? Response.json({ keys: [{ ...jwk, kid: "key-1", alg: "RS256" }] })
        : new Response("", { status: 404 });
    });
    const sign = async (claims: Record<string, unknown>, kid = "key-1") => {
      const head = encode({ alg: "RS256", kid, typ: "JWT" });
      const body = encode({
        aud: [audience],
        iss: `https://${team}`,
        exp: Math.floor(Date.now() / 1000) + 600,
        iat: Math.floor(Date.now() / 1000),
        ...claims,
      });
      const signature = await crypto.subtle.sign(
        "RSASSA-PKCS1-v1_5",
        pair.privateKey,
        new TextEncoder().encode(`${head}.${body}`),
      );
      return `${head}.${body}.${toBase64Url(signature)}`;
    };
    const ask = (assertion: string) =>
      callSettled(
        "/api/mod/me",
        { headers: { "Cf-Access-Jwt-Assertion": assertion } },
        { ACCESS_TEAM_DOMAIN: team, ACCESS_AUD: audience },
      );
    return { sign, ask, certs, team };
  }

  it("signs in the moderator whose email Access vouches for", async () => {
    const site = await openSite();
    const { moderator, email } = await addModerator([site]);
    const { sign, ask } = await accessTeam();
    const res = await ask(await sign({ email: email.toUpperCase() }));
    expect(res.status).toBe(200);
    expect((await res.json<any>()).id).toBe(moderator.id);
  });

  it("refuses a forged, expired, foreign or unknown assertion", async () => {
    const site = await openSite();
    const { email } = await addModerator([site]);
    const { sign, ask, team } = await accessTeam();
    const good = await sign({ email });
    const [head, body] = good.split(".");
    const tampered = `${head}.${encode({ ...JSON.parse(atob(body!.replace(/-/g, "+").replace(/_/g, "/"))), email: "boss@example.com" })}.${good.split(".")[2]}`;
    const cases = {
      tampered,
      expired: await sign({ email, exp: Math.floor(Date.now() / 1000) - 60 }),
      "other audience": await sign({ email, aud: ["someone-else"] }),
      "other issuer": await sign({ email, iss: `https://evil-${team}` }),
      "unknown key": await sign({ email }, "key-2"),
      "not a moderator": await sign({ email: address("stranger") }),
      garbage: "not.a.jwt",
    };
    for (const [name, assertion] of Object.entries(cases)) {
      expect((await ask(assertion)).status, name).toBe(401);
    }
  });

  it("is not consulted where Access is not configured", async () => {
    const site = await openSite();
    const { email } = await addModerator([site]);
    const { sign } = await accessTeam();
    const res = await call("/api/mod/me", {
      headers: { "Cf-Access-Jwt-Assertion": await sign({ email }) },
    });
    expect(res.status).toBe(401);
  });
});
