/** Cloudflare Turnstile, for sites that turn it on: verified with siteverify, failing closed. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { rows } from "../sql";
import {
  postComment,
  createSite,
  listComments,
  origin,
  unique,
  type PostOptions,
  expectError,
} from "../helpers";
import { fakeSiteverify, turnstileTestKeys } from "../fakes";

afterEach(() => vi.restoreAllMocks());

/** A site with Turnstile on, whose pages live on blog.example and example.com. */
function turnstileSite(settings: Record<string, unknown> = {}) {
  return createSite(
    {
      moderation: "none",
      minSubmitSeconds: 0,
      rateLimitPerMinute: 100,
      turnstileSiteKey: turnstileTestKeys.siteKeyPasses,
      ...settings,
    },
    [origin, "https://example.com"],
  );
}

function post(
  options: PostOptions & { token?: string | null },
  secret: string | null = turnstileTestKeys.secretPasses,
) {
  const extra =
    options.token === null ? {} : { turnstileToken: options.token ?? turnstileTestKeys.dummyToken };
  return postComment({
    ...options,
    extra: { ...extra, ...options.extra },
    headers: { "CF-Connecting-IP": "198.51.100.60", ...options.headers },
    bindings: { TURNSTILE_SECRET: secret ?? undefined },
  });
}

async function turnstileError(res: Response): Promise<string> {
  const body = await expectError(res, 400, "invalid_input");
  expect(Object.keys(body.error.fields ?? {})).toEqual(["turnstileToken"]);
  return body.error.fields!.turnstileToken!;
}

async function storedCount(site: string): Promise<number> {
  return (await rows(`SELECT id FROM comments WHERE site_id = ?1`, site)).length;
}

describe("Turnstile", () => {
  it("tells the widget the site key in the list's config", async () => {
    const site = await turnstileSite();
    const list = await listComments(site, unique("/t"));
    expect(list.config.turnstileSiteKey).toBe(turnstileTestKeys.siteKeyPasses);
    const plain = await createSite();
    expect((await listComments(plain, "/t")).config.turnstileSiteKey).toBeNull();
  });

  it("accepts a comment whose token siteverify vouches for, sending secret, token and address", async () => {
    const site = await turnstileSite();
    const { calls } = fakeSiteverify();
    const res = await post({ site, page: unique("/ok") });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      secret: turnstileTestKeys.secretPasses,
      response: turnstileTestKeys.dummyToken,
      remoteip: "198.51.100.60",
    });
    expect(calls[0]!.idempotency_key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a missing token with a 400 the reader can act on, without asking siteverify", async () => {
    const site = await turnstileSite();
    const { calls } = fakeSiteverify();
    const message = await turnstileError(await post({ site, page: unique("/none"), token: null }));
    expect(message).toMatch(/verif/i);
    expect(calls).toHaveLength(0);
    expect(await storedCount(site)).toBe(0);
  });

  it("refuses what the failing and the spent dummy secrets say no to", async () => {
    const site = await turnstileSite();
    fakeSiteverify();
    await turnstileError(await post({ site, page: unique("/no") }, turnstileTestKeys.secretFails));
    const spent = await turnstileError(
      await post({ site, page: unique("/spent") }, turnstileTestKeys.secretSpent),
    );
    expect(spent).toMatch(/expired|again/i);
    expect(await storedCount(site)).toBe(0);
  });

  it("refuses a token solved on a host that is not the site's, or for another action", async () => {
    const site = await turnstileSite();
    fakeSiteverify({ hostname: "evil.example" });
    await turnstileError(await post({ site, page: unique("/host") }));
    vi.restoreAllMocks();
    fakeSiteverify({ action: "login" });
    await turnstileError(await post({ site, page: unique("/action") }));
    expect(await storedCount(site)).toBe(0);
  });

  it("treats every outage as a failure: errors, garbage, timeouts, unreachable", async () => {
    const site = await turnstileSite();
    const outages: (() => Response | Promise<Response>)[] = [
      () => new Response("Bad gateway", { status: 502 }),
      () => new Response("<html>challenge</html>", { headers: { "Content-Type": "text/html" } }),
      () => Response.json({ success: "yes" }),
      () => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")),
      () => Promise.reject(new TypeError("Network connection lost.")),
    ];
    for (const answer of outages) {
      vi.restoreAllMocks();
      fakeSiteverify({ answer });
      await turnstileError(await post({ site, page: unique("/outage") }));
    }
    expect(await storedCount(site)).toBe(0);
  });

  it("runs the free traps first: a filled honeypot is spam without a siteverify call", async () => {
    const site = await turnstileSite();
    const { calls } = fakeSiteverify();
    const res = await post({ site, page: unique("/trap"), extra: { honeypot: "bot" } });
    expect(res.status).toBe(201);
    expect((await res.json<any>()).comment.status).toBe("pending");
    expect(calls).toHaveLength(0);
  });

  it("counts failed checks as attempts, so the limit stops a bot guessing tokens", async () => {
    const site = await turnstileSite({ rateLimitPerMinute: 3 });
    const { calls } = fakeSiteverify();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await turnstileError(
        await post({ site, page: unique("/guess") }, turnstileTestKeys.secretFails),
      );
    }
    await expectError(await post({ site, page: unique("/guess") }), 429, "rate_limited");
    expect(calls).toHaveLength(3);
  });

  it("needs no token on a site without a Turnstile key", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const { calls } = fakeSiteverify();
    expect((await post({ site, page: unique("/plain"), token: null })).status).toBe(201);
    expect(calls).toHaveLength(0);
  });

  it("answers 500 naming TURNSTILE_SECRET when a site uses Turnstile but the secret is not set", async () => {
    const site = await turnstileSite();
    const { calls } = fakeSiteverify();
    const res = await post({ site, page: unique("/unset") }, null);
    const body = await expectError(res, 500, "internal");
    expect(body.error.message).toContain("TURNSTILE_SECRET");
    expect(calls).toHaveLength(0);
  });
});
