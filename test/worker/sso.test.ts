/**
 * Single sign-on with the site's own users (issue 27): payloads signed by the docs' helper
 * (docs/recipes/parley-sso.ts) name the author; every way a payload can be wrong is refused
 * with a clear error and stores nothing; signed-in users are keyed by (site, user id) for
 * bans, first-time moderation, edits and privacy requests; a site may take comments only
 * from them.
 */
import { describe, expect, it } from "vitest";
import { signParleyUser, type ParleyUser } from "../../docs/recipes/parley-sso";
import {
  asModerator,
  call,
  expectError,
  json,
  listComments,
  openSite,
  origin,
  unique,
} from "../helpers";
import { ban, mod, modJson, queued, setStatus } from "../mod-api";
import { bearer } from "../public-api";
import { count, rows } from "../sql";

const secret = "sso-secret-for-tests-0123456789abcdef";

function ssoSite(settings: Record<string, unknown> = {}) {
  return openSite({ ssoSecret: secret, ...settings });
}

function user(overrides: Partial<ParleyUser> = {}): ParleyUser {
  return { id: unique("user"), name: "Grace Hopper", ...overrides };
}

/** A post carrying a payload (and, to show they are ignored, typed name and email). */
function postSignedIn(site: string, sso: string, extra: Record<string, unknown> = {}) {
  return call(
    "/api/comments",
    json(
      "POST",
      {
        site,
        page: { key: "/post", url: `${origin}/post`, title: "A post" },
        author: { name: "Mallory", email: "mallory@example.com" },
        body: unique("Signed in"),
        sso,
        ...extra,
      },
      { "CF-Connecting-IP": "203.0.113.9" },
    ),
  );
}

async function postedAs(site: string, sso: string, extra: Record<string, unknown> = {}) {
  const res = await postSignedIn(site, sso, extra);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}

const siteComments = (site: string) =>
  count(`SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1`, site);

/** base64url of a JSON value, to build payloads the helper would never make. */
const part = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

const unpart = (text: string) => JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/")));

async function expectRefused(site: string, sso: string, status: number, message: RegExp) {
  const before = await siteComments(site);
  const body = await expectError(
    await postSignedIn(site, sso),
    status,
    status === 401 ? "unauthorized" : "forbidden",
  );
  expect(body.error.message).toMatch(message);
  expect(await siteComments(site)).toBe(before);
}

describe("the SSO secret", () => {
  it("is written, never read back: answers say only that it is set; a PUT without it keeps it", async () => {
    const site = await ssoSite();
    const shown = await modJson("GET", `/api/mod/sites/${site}`);
    expect(shown.secrets).toEqual({ notifyWebhookUrl: false, ssoSecret: true });
    expect(JSON.stringify(shown)).not.toContain(secret);

    // The desk sends the shown settings back: the secret is kept.
    const kept = await modJson("PUT", `/api/mod/sites/${site}`, {
      name: shown.name,
      origins: shown.origins,
      settings: { ...shown.settings, ssoLoginUrl: "https://blog.example/login" },
    });
    expect(kept.secrets.ssoSecret).toBe(true);
    await postedAs(site, await signParleyUser(user(), site, secret));

    const removed = await modJson("PUT", `/api/mod/sites/${site}`, {
      name: shown.name,
      origins: shown.origins,
      settings: { ...shown.settings, ssoSecret: null },
    });
    expect(removed.secrets.ssoSecret).toBe(false);
    await expectRefused(site, await signParleyUser(user(), site, secret), 403, /no SSO secret/);
  });

  it("refuses a short secret with 400 naming the field", async () => {
    const id = unique("site").toLowerCase();
    const res = await call(
      `/api/mod/sites/${id}`,
      asModerator(json("PUT", { name: "S", origins: [origin], settings: { ssoSecret: "short" } })),
    );
    const body = await expectError(res, 400, "invalid_input");
    expect(body.error.fields?.["settings.ssoSecret"]).toMatch(/at least 32 characters/);
  });

  it("tells the widget, in the list's config, whether and where readers sign in", async () => {
    const site = await ssoSite({
      ssoLoginUrl: "https://blog.example/login",
      anonymousComments: false,
    });
    const { config } = await listComments(site, "/post");
    expect(config.signIn).toEqual({
      sso: true,
      loginUrl: "https://blog.example/login",
      anonymous: false,
    });
    expect(JSON.stringify(config)).not.toContain(secret);
    const plain = await openSite();
    expect((await listComments(plain, "/post")).config.signIn).toEqual({
      sso: false,
      loginUrl: null,
      anonymous: true,
    });
  });
});

describe("posting as a signed-in user", () => {
  it("names the author from the payload, links the profile, keeps the email sealed and private", async () => {
    const site = await ssoSite({ requireEmail: true });
    const grace = user({
      email: "grace@navy.example",
      avatarUrl: "https://cdn.example/grace.png",
      profileUrl: "https://blog.example/users/grace",
    });
    const posted = await postedAs(site, await signParleyUser(grace, site, secret));
    expect(posted.comment.author.name).toBe("Grace Hopper");
    expect(posted.comment.author.website).toBe("https://blog.example/users/grace");
    // The avatar is Parley's keyed hash, never the payload's third-party picture.
    expect(posted.comment.author.avatar).toMatch(/^[0-9a-f]{32}$/);

    const listed = JSON.stringify(await listComments(site, "/post"));
    expect(listed).toContain("Grace Hopper");
    expect(listed).not.toContain("grace@navy.example");
    expect(listed).not.toContain("cdn.example");
    expect(listed).not.toContain("Mallory");

    const [row] = await rows<{ email_encrypted: string; author_name: string }>(
      `SELECT email_encrypted, author_name FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row?.email_encrypted).toBeTruthy();
    expect(row?.email_encrypted).not.toContain("grace");
    // Moderators see the address the site gave.
    expect((await queued(site, posted.comment.id)).email).toBe("grace@navy.example");
  });

  it("takes a payload without an email where the site requires one from anonymous readers", async () => {
    const site = await ssoSite({ requireEmail: true });
    const posted = await postedAs(site, await signParleyUser(user(), site, secret));
    expect(posted.comment.status).toBe("approved");
    expect((await queued(site, posted.comment.id)).email).toBeNull();
  });

  it("lets the author edit and delete within the window with the edit token", async () => {
    const site = await ssoSite();
    const posted = await postedAs(site, await signParleyUser(user(), site, secret));
    const edited = await call(
      `/api/comments/${posted.comment.id}`,
      json("PATCH", { body: "Edited by Grace" }, bearer(posted.editToken)),
    );
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { comment: { html: string } }).comment.html).toContain(
      "Edited by Grace",
    );
    const deleted = await call(`/api/comments/${posted.comment.id}`, {
      method: "DELETE",
      headers: bearer(posted.editToken),
    });
    expect(deleted.status).toBe(204);
    expect((await listComments(site, "/post")).comments).toEqual([]);
  });
});

describe("payloads that are refused (nothing stored)", () => {
  it("refuses a tampered payload and one signed with another secret", async () => {
    const site = await ssoSite();
    const [header, claims, signature] = (await signParleyUser(user(), site, secret)).split(".");
    const changed = part({ ...unpart(claims!), name: "Admin" });
    await expectRefused(site, `${header}.${changed}.${signature}`, 401, /signature does not match/);
    const other = await signParleyUser(user(), site, "another-secret-0123456789abcdefghij");
    await expectRefused(site, other, 401, /signature does not match/);
  });

  it("refuses an expired payload and one that expires too far ahead", async () => {
    const site = await ssoSite();
    const expired = await signParleyUser(user(), site, secret, {
      ttlSeconds: 600,
      now: Date.now() - 3600_000,
    });
    await expectRefused(site, expired, 401, /has expired/);
    const tooLong = await signParleyUser(user(), site, secret, { ttlSeconds: 7 * 86400 });
    await expectRefused(site, tooLong, 401, /too far ahead/);
  });

  it("refuses another site's payload, even under the same secret", async () => {
    const site = await ssoSite();
    const other = await ssoSite();
    await expectRefused(site, await signParleyUser(user(), other, secret), 401, /another site/);
  });

  it("refuses alg none and any algorithm but HS256", async () => {
    const site = await ssoSite();
    const [, claims, signature] = (await signParleyUser(user(), site, secret)).split(".");
    const none = `${part({ alg: "none", typ: "JWT" })}.${claims}.`;
    await expectRefused(site, none, 401, /not a compact JWT|HS256/);
    const noneSigned = `${part({ alg: "none" })}.${claims}.${signature}`;
    await expectRefused(site, noneSigned, 401, /HS256/);
    const rs256 = `${part({ alg: "RS256", typ: "JWT" })}.${claims}.${signature}`;
    await expectRefused(site, rs256, 401, /HS256/);
    const hs512 = `${part({ alg: "HS512", typ: "JWT" })}.${claims}.${signature}`;
    await expectRefused(site, hs512, 401, /HS256/);
  });

  it("refuses malformed payloads and claims that are missing or wrong", async () => {
    const site = await ssoSite();
    for (const malformed of ["abc", "a.b", "a.b.c.d", "!!.??.##", `${part([1])}.${part({})}.x`]) {
      await expectRefused(site, malformed, 401, /not a compact JWT/);
    }
    const header = part({ alg: "HS256", typ: "JWT" });
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const claims of [
      { name: "No id", aud: site, exp },
      { sub: "u1", aud: site, exp },
      { sub: "u1", name: "No expiry", aud: site },
      { sub: "u1", name: "Bad mail", email: "not-an-address", aud: site, exp },
      { sub: "u1", name: "Bad link", profile: "javascript:alert(1)", aud: site, exp },
    ]) {
      await expectRefused(site, `${header}.${part(claims)}.c2ln`, 401, /claims are incomplete/);
    }
    const tooBig = await postSignedIn(site, "x".repeat(5000));
    const body = await expectError(tooBig, 400, "invalid_input");
    expect(body.error.fields?.sso).toMatch(/at most 4096/);
  });
});

describe("signed-in users, keyed by (site, user id)", () => {
  it("bans the user (by one of their comments), whatever name they go by next, and no one else", async () => {
    const site = await ssoSite();
    const mallory = user({ name: "Mallory" });
    const first = await postedAs(site, await signParleyUser(mallory, site, secret));
    await ban({ site, commentId: first.comment.id, scope: "author" });

    const renamed = await postedAs(
      site,
      await signParleyUser({ ...mallory, name: "Innocent" }, site, secret),
    );
    expect(renamed.comment.status).toBe("pending");
    expect((await queued(site, renamed.comment.id)).status).toBe("spam");
    expect((await queued(site, renamed.comment.id)).reasons).toContain("banned-author");

    const other = await postedAs(site, await signParleyUser(user(), site, secret));
    expect(other.comment.status).toBe("approved");
  });

  it("holds a user's first comment, then lets them through once one is approved, renamed or not", async () => {
    const site = await ssoSite({ moderation: "first-time" });
    const ada = user({ name: "Ada" });
    const first = await postedAs(site, await signParleyUser(ada, site, secret));
    expect(first.comment.status).toBe("pending");
    expect((await queued(site, first.comment.id)).reasons).toContain("first-time-author");
    await setStatus(first.comment.id, "approved");

    const again = await postedAs(
      site,
      await signParleyUser({ ...ada, name: "Ada L." }, site, secret),
    );
    expect(again.comment.status).toBe("approved");
    // Another user typing Ada's name is not Ada.
    const stranger = await postedAs(
      site,
      await signParleyUser(user({ name: "Ada" }), site, secret),
    );
    expect(stranger.comment.status).toBe("pending");
  });

  it("exports and erases everything of one user, on request of the owner", async () => {
    const site = await ssoSite();
    const lin = user({ name: "Lin", email: "lin@example.com" });
    const sso = await signParleyUser(lin, site, secret);
    const one = await postedAs(site, sso);
    const two = await postedAs(site, sso);
    const someoneElse = await postedAs(site, await signParleyUser(user(), site, secret));

    const query = `site=${site}&user=${encodeURIComponent(lin.id)}`;
    const exported = await modJson("GET", `/api/mod/sso-users?${query}`);
    expect(exported.site).toBe(site);
    expect(exported.user).toBe(lin.id);
    expect(exported.comments.map((c: { id: string }) => c.id).sort()).toEqual(
      [one.comment.id, two.comment.id].sort(),
    );
    expect(exported.comments[0].email).toBe("lin@example.com");

    const erased = await modJson("DELETE", `/api/mod/sso-users?${query}`);
    expect(erased).toEqual({ erased: 2 });
    const left = (await listComments(site, "/post")).comments.map((c: { id: string }) => c.id);
    expect(left).toEqual([someoneElse.comment.id]);
    expect((await modJson("GET", `/api/mod/sso-users?${query}`)).comments).toEqual([]);

    // Without the user's id there is no one to look up.
    const bad = await mod("GET", `/api/mod/sso-users?site=${site}`);
    await expectError(bad, 400, "invalid_input");
  });
});

describe("anonymous comments turned off", () => {
  it("refuses a comment without a payload (403), takes one with", async () => {
    const site = await ssoSite({ anonymousComments: false });
    const res = await call(
      "/api/comments",
      json(
        "POST",
        {
          site,
          page: { key: "/post", url: `${origin}/post` },
          author: { name: "Ann", email: "ann@example.com" },
          body: "Anonymous",
        },
        { "CF-Connecting-IP": "203.0.113.9" },
      ),
    );
    const body = await expectError(res, 403, "forbidden");
    expect(body.error.message).toMatch(/only from its signed-in users/);
    expect(await siteComments(site)).toBe(0);
    await postedAs(site, await signParleyUser(user(), site, secret));
    expect(await siteComments(site)).toBe(1);
  });
});
