/**
 * The server-rendered thread (GET /api/comments.html) and its plain form
 * (POST /api/comments/form): what readers without JavaScript and crawlers get, through the
 * same rules as the JSON API.
 */
import { describe, expect, it } from "vitest";
import { rows } from "../sql";
import { call, callSettled, json, openSite, origin, postOk, unique } from "../helpers";

const fragmentPath = (site: string, page: string, query = "") =>
  `/api/comments.html?site=${site}&page=${encodeURIComponent(page)}${query}`;

async function fragment(site: string, page: string, query = ""): Promise<string> {
  const res = await call(fragmentPath(site, page, query));
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
  return res.text();
}

/** The form's hidden fields, as a browser would send them back. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="(\w+)" value="([^"]*)">/g,
  ))
    fields[name!] = value!.replace(/&amp;/g, "&").replace(/&quot;/g, '"');
  return fields;
}

function sendForm(
  fields: Record<string, string>,
  headers: Record<string, string> = { Origin: origin },
) {
  return call("/api/comments/form", {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "CF-Connecting-IP": "203.0.113.50",
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

async function formOf(site: string, page: string): Promise<Record<string, string>> {
  return hiddenFields(await fragment(site, page, `&url=${encodeURIComponent(`${origin}${page}`)}`));
}

const reader = { name: "Nora", email: "nora@example.com", website: "", honeypot: "" };

describe("GET /api/comments.html", () => {
  it("renders the approved thread as articles with anchors, times and schema.org microdata", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/fragment");
    const held = await postOk({ site, page, body: "Held for review" });
    const open = await openSite();
    const first = await postOk({
      site: open,
      page,
      body: "Root *words*",
      name: "<b>Ann</b>",
      website: "https://ann.example",
    });
    const reply = await postOk({ site: open, page, body: "A reply", parentId: first.comment.id });
    const html = await fragment(open, page);

    expect(html).toContain(
      `<article id="comment-${first.comment.id}" class="comment" itemprop="comment" itemscope itemtype="https://schema.org/Comment"`,
    );
    expect(html).toContain(
      `<a class="permalink" href="#comment-${first.comment.id}"><time itemprop="dateCreated" datetime="`,
    );
    expect(html).toContain(`<div class="body" itemprop="text"><p>Root <em>words</em></p></div>`);
    expect(html).toContain('<span itemprop="name">&lt;b&gt;Ann&lt;/b&gt;</span>');
    expect(html).toContain(
      '<a itemprop="url" rel="nofollow ugc noopener" href="https://ann.example/">',
    );
    // The reply sits in a list nested under its root's item.
    expect(html).toMatch(
      new RegExp(
        `comment-${first.comment.id}.*</article><ol><li><article id="comment-${reply.comment.id}"`,
      ),
    );
    // The widget's own words, as its heading puts them.
    expect(html).toContain('<h2 id="parley-heading">2 comments</h2>');
    expect(html).not.toMatch(/<script/i);
    // A held comment is nowhere.
    expect(await fragment(site, page)).not.toContain(held.comment.id);
  });

  it("carries a plain form with the form token, the honeypot and the page to come back to", async () => {
    const site = await openSite({ requireEmail: true });
    const page = unique("/form");
    const html = await fragment(site, page, `&url=${encodeURIComponent(`${origin}${page}`)}`);
    expect(html).toContain(
      '<form id="parley-form" class="parley-form" method="post" action="https://parley.test/api/comments/form">',
    );
    expect(hiddenFields(html)).toMatchObject({ site, page, url: `${origin}${page}` });
    expect(hiddenFields(html).formToken).toMatch(/^[0-9a-z]+\./);
    expect(html).toContain(
      '<input id="parley-email" name="email" type="email" autocomplete="email" required>',
    );
    expect(html).toContain('name="honeypot" tabindex="-1"');
    expect(html).toContain(
      '<p id="parley-pending" role="status">Your comment is awaiting moderation.</p>',
    );
  });

  it("says so instead of a form where the thread is closed or Turnstile guards the site", async () => {
    const site = await openSite({ turnstileSiteKey: "1x00000000000000000000AA" });
    const page = unique("/turnstile");
    const html = await fragment(site, page, `&url=${encodeURIComponent(`${origin}${page}`)}`);
    expect(html).toContain("Posting a comment here needs JavaScript.");
    expect(html).not.toContain("<form");
  });

  it("speaks the page's language in the widget's words, with a tag of its own", async () => {
    const site = await openSite({ requireName: true });
    const page = unique("/de");
    await postOk({ site, page, body: "Hallo" });
    const url = `&url=${encodeURIComponent(`${origin}${page}`)}`;
    const german = await callSettled(fragmentPath(site, page) + `${url}&lang=de-AT`);
    const html = await german.text();
    expect(html).toContain('<section class="parley-thread" lang="de"');
    expect(html).toContain('<h2 id="parley-heading">1 Kommentar</h2>');
    expect(html).toContain('<h3 id="parley-reply-heading">Schreibe einen Kommentar</h3>');
    expect(html).toContain('<label for="parley-name">Name *</label>');
    expect(html).toContain("Dein Kommentar wartet auf Freischaltung.");
    expect(html).toContain(">Kommentar abschicken</button>");
    expect(german.headers.get("ETag")).toMatch(/-html-de"$/);
    // A language Parley lacks reads as English; so does none.
    const other = await (await callSettled(fragmentPath(site, page) + `${url}&lang=pt-BR`)).text();
    expect(other).toContain('<h2 id="parley-heading">1 comment</h2>');
    expect(other).toContain('<label for="parley-name">Name *</label>');
    expect(other).toContain('<label for="parley-website">Website</label>');
  });

  it("answers 304 to its own tag, a tag apart from the JSON list's", async () => {
    const site = await openSite();
    const page = unique("/etag");
    await postOk({ site, page });
    const first = await callSettled(fragmentPath(site, page));
    const tag = first.headers.get("ETag")!;
    expect(tag).toMatch(/-html-en"$/);
    const list = await callSettled(`/api/comments?site=${site}&page=${encodeURIComponent(page)}`);
    expect(list.headers.get("ETag")).not.toBe(tag);
    const again = await callSettled(fragmentPath(site, page), {
      headers: { "If-None-Match": tag },
    });
    expect(again.status).toBe(304);
  });

  it("links to the next page of roots", async () => {
    const site = await openSite();
    const page = unique("/pages");
    for (const body of ["one", "two", "three"]) await postOk({ site, page, body });
    const html = await fragment(site, page, "&limit=2");
    const next = /<a rel="next" href="([^"]+)">Load more comments<\/a>/
      .exec(html)?.[1]
      ?.replace(/&amp;/g, "&");
    expect(next).toBeDefined();
    const rest = await (await call(new URL(next!).pathname + new URL(next!).search)).text();
    expect(rest).toContain("<p>three</p>");
    expect(rest).not.toContain("<p>one</p>");
  });

  it("validates its query like the list", async () => {
    const res = await call("/api/comments.html?site=&page=/x");
    expect(res.status).toBe(400);
  });
});

describe("POST /api/comments/form", () => {
  it("stores a comment and sends the reader back to it", async () => {
    const site = await openSite();
    const page = unique("/nojs");
    const res = await sendForm({
      ...(await formOf(site, page)),
      ...reader,
      body: "No script needed",
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("Location")!);
    expect(location.origin + location.pathname).toBe(`${origin}${page}`);
    const id = /^#comment-(c_\w+)$/.exec(location.hash)?.[1];
    expect(id).toBeDefined();
    expect(await fragment(site, page)).toContain(`<article id="comment-${id}"`);
  });

  it("sends a held comment's author to the awaiting-moderation notice", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/held");
    const res = await sendForm({ ...(await formOf(site, page)), ...reader, body: "Wait for me" });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("Location")!).hash).toBe("#parley-pending");
  });

  it("takes the origin from Referer when a browser sends no Origin", async () => {
    const site = await openSite();
    const page = unique("/referer");
    const res = await sendForm(
      { ...(await formOf(site, page)), ...reader, body: "From the page" },
      { Referer: `${origin}${page}` },
    );
    expect(res.status).toBe(303);
  });

  it("refuses a form from elsewhere, or from nowhere, storing nothing", async () => {
    const site = await openSite();
    const page = unique("/elsewhere");
    const fields = { ...(await formOf(site, page)), ...reader, body: "Cross-site" };
    for (const headers of [{ Origin: "https://evil.example" }, {} as Record<string, string>]) {
      const res = await sendForm(fields, headers);
      expect(res.status).toBe(403);
      expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
      expect(await res.text()).toContain("This site does not accept comments from this origin.");
    }
    expect(await rows("SELECT id FROM comments WHERE site_id = ?1", site)).toEqual([]);
  });

  it("keeps a filled honeypot or a too-fast form out of the thread, answered like a held comment", async () => {
    const site = await openSite({ minSubmitSeconds: 30 });
    const page = unique("/traps");
    const fields = await formOf(site, page);
    const fast = await sendForm({ ...fields, ...reader, body: "Too quick" });
    expect(new URL(fast.headers.get("Location")!).hash).toBe("#parley-pending");
    const trapped = await sendForm({
      ...fields,
      ...reader,
      honeypot: "http://spam.example",
      body: "Buy",
    });
    expect(new URL(trapped.headers.get("Location")!).hash).toBe("#parley-pending");
    const stored = await rows<{ status: string; reasons: string }>(
      "SELECT status, reasons FROM comments WHERE site_id = ?1 ORDER BY created_at",
      site,
    );
    expect(stored.map((row) => row.status)).toEqual(["spam", "spam"]);
    expect(stored.map((row) => JSON.parse(row.reasons))).toEqual([
      ["too-fast"],
      ["honeypot", "too-fast"],
    ]);
  });

  it("answers a page naming the wrong field, with a way back, and stores nothing", async () => {
    const site = await openSite();
    const page = unique("/wrong");
    const res = await sendForm({ ...(await formOf(site, page)), ...reader, body: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("<h1>");
    expect(html).toMatch(/Write a comment|required|at least/i);
    expect(html).toContain(`<a href="${origin}${page}#parley-form">Back to the article</a>`);
    expect(await rows("SELECT id FROM comments WHERE site_id = ?1", site)).toEqual([]);
  });

  it("is a form, not JSON: a JSON body gets 415 as the page it declares", async () => {
    const res = await call("/api/comments/form", json("POST", { site: "x" }, { Origin: origin }));
    expect(res.status).toBe(415);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
  });

  it("holds the JSON API's rate limit, with Retry-After", async () => {
    const site = await openSite({ rateLimitPerMinute: 1 });
    const page = unique("/limit");
    const fields = { ...(await formOf(site, page)), ...reader };
    expect((await sendForm({ ...fields, body: "one" })).status).toBe(303);
    const limited = await sendForm({ ...fields, body: "two" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
