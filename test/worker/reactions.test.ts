/**
 * Page reactions: a site's own set of up to six (none by default), one per reader per kind
 * per page, a few readers per network at most, exact counts under racing clicks, counts in
 * the list answer and the server-rendered thread, and hostile requests that change nothing.
 */
import { describe, expect, it } from "vitest";
import {
  asModerator,
  call,
  callSettled,
  expectError,
  json,
  listComments,
  openSite,
  origin,
  postOk,
  unique,
} from "../helpers";
import { hostile } from "../fixtures/hostile-text";

let readers = 0;
const newReader = () => `reader${(readers++).toString().padStart(6, "0")}${"x".repeat(10)}`;

const offered = ["heart", "clap", "thinking"];

function react(
  body: Record<string, unknown>,
  network = "198.51.100.90",
  headers: Record<string, string> = {},
) {
  return call(
    "/api/reactions",
    json("POST", { reacted: true, ...body }, { "CF-Connecting-IP": network, ...headers }),
  );
}

async function reactOk(body: Record<string, unknown>, network?: string): Promise<any> {
  const res = await react(body, network);
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text);
}

/** The page's reactions as the list answers them. */
async function listed(site: string, page: string): Promise<Record<string, number>> {
  return (await listComments(site, page)).thread.reactions;
}

describe("page reactions", () => {
  it("are off by default: no bar in the list, and a reaction is refused", async () => {
    const site = await openSite();
    const page = unique("/off");
    const list = await listComments(site, page);
    expect(list.config.reactions).toEqual([]);
    expect(list.thread.reactions).toEqual({});
    await expectError(
      await react({ site, page, kind: "heart", reader: newReader() }),
      403,
      "forbidden",
    );
  });

  it("count one per reader per kind, in the site's order, and a reader can take theirs back", async () => {
    const site = await openSite({ reactions: offered });
    const page = unique("/reacted");
    const [ann, bo] = [newReader(), newReader()];
    expect(await reactOk({ site, page, kind: "clap", reader: ann }, "198.51.100.91")).toEqual({
      reactions: { heart: 0, clap: 1, thinking: 0 },
      reacted: true,
    });
    await reactOk({ site, page, kind: "clap", reader: ann }, "198.51.100.91");
    await reactOk({ site, page, kind: "heart", reader: ann }, "198.51.100.91");
    await reactOk({ site, page, kind: "clap", reader: bo }, "198.51.100.92");
    const list = await listComments(site, page);
    expect(list.config.reactions).toEqual(offered);
    expect(Object.entries(list.thread.reactions)).toEqual([
      ["heart", 1],
      ["clap", 2],
      ["thinking", 0],
    ]);
    expect(
      await reactOk({ site, page, kind: "clap", reader: ann, reacted: false }, "198.51.100.91"),
    ).toEqual({ reactions: { heart: 1, clap: 1, thinking: 0 }, reacted: false });
    expect(await listed(site, page)).toEqual({ heart: 1, clap: 1, thinking: 0 });
  });

  it("work on a page nobody has commented on, which then takes its title from the first comment", async () => {
    const site = await openSite({ reactions: ["heart"] });
    const page = unique("/quiet");
    await reactOk({ site, page, kind: "heart", reader: newReader() });
    const before = await listComments(site, page);
    expect(before.thread).toMatchObject({
      count: 0,
      url: null,
      title: null,
      reactions: { heart: 1 },
    });
    await postOk({ site, page });
    const after = await listComments(site, page);
    expect(after.thread).toMatchObject({
      count: 1,
      url: `${origin}${page}`,
      title: "A post",
      reactions: { heart: 1 },
    });
  });

  it("keep an exact count when many readers click at once", async () => {
    const site = await openSite({ reactions: ["heart"] });
    const page = unique("/race");
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        react({ site, page, kind: "heart", reader: newReader() }, `198.51.100.${100 + (i % 10)}`),
      ),
    );
    expect(await listed(site, page)).toEqual({ heart: 20 });
  });

  it("take at most five readers of one network per kind, whatever their ids", async () => {
    const site = await openSite({ reactions: ["heart", "clap"] });
    const page = unique("/stuffing");
    let answer: any;
    for (let i = 0; i < 8; i++) {
      answer = await reactOk({ site, page, kind: "heart", reader: newReader() }, "198.51.100.70");
    }
    expect(answer).toEqual({ reactions: { heart: 5, clap: 0 }, reacted: false });
    // Another kind, and another network, count on their own.
    await reactOk({ site, page, kind: "clap", reader: newReader() }, "198.51.100.70");
    await reactOk({ site, page, kind: "heart", reader: newReader() }, "198.51.100.71");
    expect(await listed(site, page)).toEqual({ heart: 6, clap: 1 });
  });

  it("hold a network to ten times the site's posting limit, with Retry-After", async () => {
    const site = await openSite({ reactions: ["heart"], rateLimitPerMinute: 1 });
    for (let i = 0; i < 10; i++) {
      await reactOk(
        { site, page: unique("/limit"), kind: "heart", reader: newReader() },
        "198.51.100.80",
      );
    }
    const limited = await react(
      { site, page: unique("/limit"), kind: "heart", reader: newReader() },
      "198.51.100.80",
    );
    await expectError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    // Taking one back is never limited.
    const back = await react(
      { site, page: "/limit", kind: "heart", reader: newReader(), reacted: false },
      "198.51.100.80",
    );
    expect(back.status).toBe(200);
  });

  it("refuse hostile and wrong requests, naming the field, and change nothing", async () => {
    const site = await openSite({ reactions: ["heart"] });
    const page = unique("/hostile");
    const reader = newReader();
    const refused: [Record<string, unknown>, string][] = [
      [{ site, page, kind: hostile, reader }, "kind"],
      [{ site, page, kind: "__proto__", reader }, "kind"],
      [{ site, page, kind: "heart", reader: hostile }, "reader"],
      [{ site, page, kind: "heart", reader: "short" }, "reader"],
      [{ site, page: "/a\u0000b", kind: "heart", reader }, "page"],
      [{ site, page: "x".repeat(3000), kind: "heart", reader }, "page"],
      [{ site, page, kind: "heart", reader, reacted: "yes" }, "reacted"],
      [{ site: hostile, page, kind: "heart", reader }, "site"],
    ];
    for (const [body, field] of refused) {
      const error = await expectError(await react(body), 400, "invalid_input");
      expect(Object.keys(error.error.fields!), JSON.stringify(body)).toEqual([field]);
    }
    // A kind the site does not offer, a site that does not exist, another site's page.
    await expectError(await react({ site, page, kind: "clap", reader }), 403, "forbidden");
    await expectError(
      await react({ site: "no-such-site", page, kind: "heart", reader }),
      404,
      "site_not_found",
    );
    await expectError(
      await react({ site, page, kind: "heart", reader }, undefined, {
        Origin: "https://evil.example",
      }),
      403,
      "origin_not_allowed",
    );
    const notJson = await call("/api/reactions", {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: JSON.stringify({ site, page, kind: "heart", reader, reacted: true }),
    });
    await expectError(notJson, 415, "unsupported_media_type");
    expect((await listComments(site, page)).thread).toMatchObject({ reactions: { heart: 0 } });
    // Unknown fields are ignored; the site's own origin may react.
    const fromSite = await react({ site, page, kind: "heart", reader, extra: hostile }, undefined, {
      Origin: origin,
    });
    expect(fromSite.status).toBe(200);
    expect(fromSite.headers.get("Access-Control-Allow-Origin")).toBe(origin);
  });

  it("show in the server-rendered thread, each named, only where the site offers them", async () => {
    const site = await openSite({ reactions: ["clap", "heart"] });
    const page = unique("/fragment");
    await reactOk({ site, page, kind: "heart", reader: newReader() });
    const fragment = await (
      await callSettled(`/api/comments.html?site=${site}&page=${encodeURIComponent(page)}`)
    ).text();
    expect(fragment).toContain(
      '<ul class="reactions" aria-label="Reactions"><li><span role="img" aria-label="Applause">👏</span> 0</li><li><span role="img" aria-label="Love">❤️</span> 1</li></ul>',
    );
    const german = await (
      await callSettled(`/api/comments.html?site=${site}&page=${encodeURIComponent(page)}&lang=de`)
    ).text();
    expect(german).toContain('aria-label="Reaktionen"');
    const without = await openSite();
    const plain = await (await callSettled(`/api/comments.html?site=${without}&page=/x`)).text();
    expect(plain).not.toContain("reactions");
  });

  it("are a setting of up to six known kinds, each named once", async () => {
    const site = await openSite();
    const put = (reactions: unknown) =>
      call(
        `/api/mod/sites/${site}`,
        asModerator(json("PUT", { name: "Site", origins: [origin], settings: { reactions } })),
      );
    for (const bad of [
      ["heart", "thumbsup", "laugh", "wow", "sad", "celebrate", "clap"],
      ["heart", "heart"],
      ["heart", hostile],
      "heart",
    ]) {
      const error = await expectError(await put(bad), 400, "invalid_input");
      expect(Object.keys(error.error.fields!)[0]).toMatch(/^settings\.reactions/);
    }
    expect((await listComments(site, "/x")).config.reactions).toEqual([]);
    expect((await put(["wow", "sad"])).status).toBe(200);
    expect((await listComments(site, "/x")).config.reactions).toEqual(["wow", "sad"]);
  });
});
