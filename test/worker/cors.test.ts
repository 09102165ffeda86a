import { describe, expect, it } from "vitest";
import { asModerator, call, origin, postComment, unique, openSite } from "../helpers";

const acao = "Access-Control-Allow-Origin";

function fromOrigin(path: string, from: string, init: RequestInit = {}) {
  return call(path, { ...init, headers: { ...(init.headers as object), Origin: from } });
}

describe("CORS on the public API", () => {
  it("lets the site's own origin read the list, and no other", async () => {
    const site = await openSite({}, [origin, "https://www.blog.example"]);
    const path = `/api/comments?site=${site}&page=${unique("/cors")}`;
    const own = await fromOrigin(path, "https://www.blog.example");
    expect(own.status).toBe(200);
    expect(own.headers.get(acao)).toBe("https://www.blog.example");
    expect(own.headers.get("Vary")).toContain("Origin");

    const foreign = await fromOrigin(path, "https://evil.example");
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get(acao)).toBeNull();
    expect((await call(path)).headers.get(acao)).toBeNull();
  });

  it("does not let one site's origin read another site's comments", async () => {
    const mine = await openSite({}, ["https://mine.example"]);
    await openSite({}, ["https://theirs.example"]);
    const res = await fromOrigin(`/api/comments?site=${mine}&page=/x`, "https://theirs.example");
    expect(res.headers.get(acao)).toBeNull();
  });

  it("lets the site's origin read a post's answer", async () => {
    const site = await openSite();
    const res = await postComment({ site, page: unique("/p"), headers: { Origin: origin } });
    expect(res.status).toBe(201);
    expect(res.headers.get(acao)).toBe(origin);
  });

  it("lets a known origin read error answers, so a widget can show what went wrong", async () => {
    const site = await openSite();
    const res = await postComment({
      site,
      page: unique("/p"),
      email: "not-an-email",
      headers: { Origin: origin },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get(acao)).toBe(origin);

    const unknown = await postComment({
      site,
      page: unique("/p"),
      email: "not-an-email",
      headers: { Origin: "https://evil.example" },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get(acao)).toBeNull();
  });

  it("answers a preflight from a known origin, and not one from an unknown origin", async () => {
    await openSite({}, ["https://preflight.example"]);
    const preflight = {
      method: "OPTIONS",
      headers: {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, idempotency-key",
      },
    };
    const known = await fromOrigin("/api/comments", "https://preflight.example", preflight);
    expect(known.status).toBe(204);
    expect(known.headers.get(acao)).toBe("https://preflight.example");
    expect(known.headers.get("Access-Control-Allow-Methods")).toContain("POST");
    expect(known.headers.get("Access-Control-Allow-Methods")).toContain("PATCH");
    const allowed = known.headers.get("Access-Control-Allow-Headers")!.toLowerCase();
    for (const header of ["content-type", "authorization", "idempotency-key"]) {
      expect(allowed).toContain(header);
    }
    const edit = await fromOrigin(
      "/api/comments/c_abcdefgh12",
      "https://preflight.example",
      preflight,
    );
    expect(edit.headers.get(acao)).toBe("https://preflight.example");

    const unknown = await fromOrigin("/api/comments", "https://evil.example", preflight);
    expect(unknown.headers.get(acao)).toBeNull();
  });

  it("never makes the moderation API readable cross-origin", async () => {
    const site = await openSite();
    for (const init of [asModerator(), {}, { method: "OPTIONS" }]) {
      const res = await fromOrigin(`/api/mod/sites/${site}`, origin, init);
      expect(res.headers.get(acao)).toBeNull();
      expect(res.headers.get("Access-Control-Allow-Credentials")).toBeNull();
    }
    const ok = await fromOrigin(`/api/mod/sites/${site}`, origin, asModerator());
    expect(ok.status).toBe(200);
  });

  it("exposes Retry-After to the site's pages", async () => {
    const site = await openSite({ rateLimitPerMinute: 1 });
    const page = unique("/rl");
    await postComment({ site, page, headers: { Origin: origin } });
    const limited = await postComment({ site, page, headers: { Origin: origin } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get(acao)).toBe(origin);
    expect(limited.headers.get("Access-Control-Expose-Headers")).toContain("Retry-After");
  });
});
