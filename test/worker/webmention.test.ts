/**
 * Webmentions (W3C) for sites that take them: POST /webmention checks and queues (202), the
 * scheduled run fetches each source once, within limits, and a source that links to its
 * target becomes a held comment with the source "webmention". Only the outbound fetch is
 * replaced.
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
import { fetchesPerHostPerHour, processWebmentions } from "../../worker/jobs/webmentions";
import { maxQueuedPerHost } from "../../worker/routes/public/webmention";
import { call, createSite, expectError, listComments, origin, unique } from "../helpers";
import { queue, setStatus } from "../mod-api";
import { count, rows, sql } from "../sql";

afterEach(() => vi.restoreAllMocks());

function send(fields: Record<string, string>) {
  return call("/webmention", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Answers the Worker's fetches by URL (anything else 404), recording the URLs asked. */
function sources(pages: Record<string, () => Response>) {
  const urls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    return pages[url]?.() ?? new Response("", { status: 404 });
  });
  return urls;
}

const page =
  (body: string, status = 200) =>
  () =>
    new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });

const linking = (target: string, title = "A reply on my blog") =>
  `<!doctype html><html><head><title>${title}</title><meta name="author" content="Wendy Writer"></head>
   <body><article class="h-entry"><p>I liked <a href="${target}#comments">this post</a>.</p></article></body></html>`;

async function process() {
  return processWebmentions(env.DB, await deriveKeys(env.SECRET_KEY!), new Date());
}

async function mentionComments(site: string) {
  return rows<{
    id: string;
    status: string;
    body: string;
    author_name: string;
    source_url: string;
    reasons: string;
  }>(
    `SELECT id, status, body, author_name, source_url, reasons FROM comments
     WHERE site_id = ?1 AND source_kind = 'webmention'`,
    site,
  );
}

/** A site that takes Webmentions, on its own origin (mentions are matched by origin). */
async function mentionSite(settings: Record<string, unknown> = {}) {
  const own = `https://${unique("blog").toLowerCase()}.example.org`;
  const site = await createSite({ webmentions: true, moderation: "none", ...settings }, [own]);
  return { site, own };
}

describe("receiving a Webmention", () => {
  it("queues a mention of a site's page (202) and fetches nothing yet", async () => {
    const { site, own } = await mentionSite();
    const urls = sources({});
    const res = await send({
      source: "https://wendy.example.net/reply",
      target: `${own}/posts/hello/`,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: "queued" });
    expect(urls).toEqual([]);
    const [queued] = await rows(
      `SELECT thread_key, state FROM webmentions WHERE site_id = ?1`,
      site,
    );
    expect(queued).toEqual({ thread_key: "/posts/hello/", state: "queued" });
    // Settled by hand: the other tests' runs fetch only their own sources.
    await sql(`UPDATE webmentions SET state = 'done' WHERE site_id = ?1`, site);
  });

  it.each([
    ["no source", { target: "https://x.example.org/a" }, "source"],
    [
      "a source that is not a URL",
      { source: "not a url", target: "https://x.example.org/a" },
      "source",
    ],
    [
      "a javascript: source",
      { source: "javascript:alert(1)", target: "https://x.example.org/a" },
      "source",
    ],
  ])("refuses %s", async (_, fields, field) => {
    const body = await expectError(
      await send(fields as Record<string, string>),
      400,
      "invalid_input",
    );
    expect(body.error.fields).toHaveProperty(field);
  });

  it("refuses a target on no site, or on a site that does not take Webmentions (the default)", async () => {
    await expectError(
      await send({ source: "https://wendy.example.net/r", target: "https://nobody.example.org/a" }),
      400,
      "invalid_input",
    );
    const off = `https://${unique("off").toLowerCase()}.example.org`;
    const site = await createSite({}, [off]);
    await expectError(
      await send({ source: "https://wendy.example.net/r", target: `${off}/a` }),
      400,
      "invalid_input",
    );
    expect(await count(`SELECT COUNT(*) AS n FROM webmentions WHERE site_id = ?1`, site)).toBe(0);
  });

  it.each([
    ["an IP literal", "https://10.0.0.1/page"],
    ["localhost", "http://localhost/page"],
    ["a private name", "https://printer.local/page"],
  ])("refuses a source on %s", async (_, source) => {
    const { own } = await mentionSite();
    await expectError(await send({ source, target: `${own}/a` }), 400, "invalid_input");
  });

  it("refuses a source that is the target itself", async () => {
    const { own } = await mentionSite();
    await expectError(
      await send({ source: `${own}/a`, target: `${own}/a#x` }),
      400,
      "invalid_input",
    );
  });

  it("limits how many mentions from one source host may wait", async () => {
    const { own } = await mentionSite();
    const host = `${unique("flood").toLowerCase()}.example.net`;
    for (let i = 0; i < maxQueuedPerHost; i++) {
      expect((await send({ source: `https://${host}/p${i}`, target: `${own}/a` })).status).toBe(
        202,
      );
    }
    const res = await send({ source: `https://${host}/one-more`, target: `${own}/a` });
    await expectError(res, 429, "rate_limited");
    expect(res.headers.get("Retry-After")).toBe("3600");
    await sql(`UPDATE webmentions SET state = 'done' WHERE source_host = ?1`, host);
  });

  it("refuses a body over 8 KiB", async () => {
    const { own } = await mentionSite();
    const res = await send({
      source: `https://w.example.net/${"x".repeat(9000)}`,
      target: `${own}/a`,
    });
    await expectError(res, 413, "payload_too_large");
  });
});

describe("fetching the source later", () => {
  it("makes a source that links to the target a held comment, whatever the moderation mode", async () => {
    const { site, own } = await mentionSite({ moderation: "none" });
    const source = `https://${unique("wendy").toLowerCase()}.example.net/reply`;
    const target = `${own}/posts/hello/`;
    await send({ source, target });
    const urls = sources({ [source]: page(linking(target)) });
    await process();
    expect(urls).toEqual([source]);
    const [comment] = await mentionComments(site);
    expect(comment).toMatchObject({
      status: "pending",
      author_name: "Wendy Writer",
      source_url: source,
      body: `Mentioned this page in “A reply on my blog”: <${source}>`,
    });
    expect(JSON.parse(comment!.reasons)).toEqual(["webmention"]);
    const held = await queue(site, "&status=pending");
    expect(held[0].source).toEqual({ kind: "webmention", url: source });

    await setStatus(comment!.id, "approved");
    const list = await listComments(site, "/posts/hello/");
    expect(list.comments[0].source).toEqual({ kind: "webmention", url: source });
    // Fetched once: a second run finds nothing queued.
    await process();
    expect(urls).toHaveLength(1);
  });

  it("stores nothing for a source without a link to the target", async () => {
    const { site, own } = await mentionSite();
    const source = `https://${unique("nolink").toLowerCase()}.example.net/p`;
    await send({ source, target: `${own}/a` });
    sources({
      [source]: page(
        `<p>No link to <span>${own}/a</span> here, only <a href="${own}/b">another</a></p>`,
      ),
    });
    await process();
    expect(await mentionComments(site)).toEqual([]);
    const [mention] = await rows(
      `SELECT state, outcome FROM webmentions WHERE source = ?1`,
      source,
    );
    expect(mention).toEqual({ state: "done", outcome: "no-link" });
  });

  it("removes the comment when the source, sent again, no longer links or is gone", async () => {
    const { site, own } = await mentionSite();
    const source = `https://${unique("gone").toLowerCase()}.example.net/p`;
    const target = `${own}/a`;
    await send({ source, target });
    sources({ [source]: page(linking(target)) });
    await process();
    expect(await mentionComments(site)).toHaveLength(1);
    await send({ source, target });
    sources({ [source]: page("", 410) });
    await process();
    expect(await mentionComments(site)).toEqual([]);
  });

  it("keeps a rejected mention rejected when it is sent again", async () => {
    const { site, own } = await mentionSite();
    const source = `https://${unique("rej").toLowerCase()}.example.net/p`;
    const target = `${own}/a`;
    await send({ source, target });
    sources({ [source]: page(linking(target)) });
    await process();
    const [comment] = await mentionComments(site);
    await setStatus(comment!.id, "rejected");
    await send({ source, target });
    sources({ [source]: page(linking(target, "Changed title")) });
    await process();
    expect(await mentionComments(site)).toEqual([
      expect.objectContaining({ id: comment!.id, status: "rejected", body: comment!.body }),
    ]);
  });

  it("renders a hostile source's title as text, and abandons a huge one", async () => {
    const { site, own } = await mentionSite();
    const hostile = `https://${unique("evil").toLowerCase()}.example.net/p`;
    const huge = `https://${unique("huge").toLowerCase()}.example.net/p`;
    const target = `${own}/a`;
    await send({ source: hostile, target });
    await send({ source: huge, target });
    sources({
      [hostile]: page(
        linking(target, `<script>alert(1)</script>[x](javascript:alert(2)) **bold**`),
      ),
      [huge]: page(linking(target) + "x".repeat(600 * 1024)),
    });
    await process();
    const comments = await mentionComments(site);
    expect(comments).toHaveLength(1);
    const [html] = await rows<{ html: string }>(
      `SELECT html FROM comments WHERE id = ?1`,
      comments[0]!.id,
    );
    // The title is text: no tag, no link but the source's own, no emphasis.
    expect(html!.html).not.toMatch(/<script|href="javascript:|<strong>/);
    expect(html!.html).toContain("[x](javascript:alert(2)) **bold**");
    const [abandoned] = await rows(`SELECT outcome FROM webmentions WHERE source = ?1`, huge);
    expect(abandoned).toEqual({ outcome: "too-large" });
  });

  it("fetches at most a few sources of one host an hour; the rest wait", async () => {
    const { own } = await mentionSite();
    const host = `${unique("busy").toLowerCase()}.example.net`;
    const target = `${own}/a`;
    const pages: Record<string, () => Response> = {};
    for (let i = 0; i < fetchesPerHostPerHour + 2; i++) {
      const source = `https://${host}/p${i}`;
      await send({ source, target });
      pages[source] = page(linking(target));
    }
    const urls = sources(pages);
    await process();
    await process();
    expect(urls.filter((url) => url.includes(host))).toHaveLength(fetchesPerHostPerHour);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM webmentions WHERE source_host = ?1 AND state = 'queued'`,
        host,
      ),
    ).toBe(2);
  });

  it("runs on the five-minute scheduled run", async () => {
    const { site, own } = await mentionSite();
    const source = `https://${unique("cron").toLowerCase()}.example.net/p`;
    await send({ source, target: `${own}/a` });
    sources({ [source]: page(linking(`${own}/a`)) });
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await mentionComments(site)).toHaveLength(1);
  });
});

// The origin the other tests' sites use is not a Webmention site's.
it("leaves the default test origin alone", async () => {
  await expectError(
    await send({ source: "https://w.example.net/x", target: `${origin}/a` }),
    400,
    "invalid_input",
  );
});
