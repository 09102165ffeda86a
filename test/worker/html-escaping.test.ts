/**
 * What a reader or a site owner types reaches HTML only escaped: the thread fragment, every
 * mail body and every page behind a mail link, through HTTP, with `<script>`, quotes, `&`
 * and `</p>` in each field they control. The templates one by one, with exact markup:
 * test/domain/thread-html.test.ts and mail-html.test.ts.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runScheduled } from "../../worker/jobs/scheduled";
import { call, callSettled, openSite, origin, postOk, unique } from "../helpers";
import {
  address,
  fakeEmailService,
  linkIn,
  mailSite,
  openLink,
  postWithMail,
  pressLink,
  sender,
  type FakeEmail,
} from "../mail";
import { modJson, setStatus } from "../mod-api";
import { escaped, hostile } from "../fixtures/hostile-text";

/**
 * A page's address as the URL parser keeps it: a ' in the path and the & between parameters
 * stay as they are; the rest, and a ' in the query, are percent-encoded.
 */
const query = encodeURIComponent(hostile).replace(/'/g, "%27");
const hostileUrl = `${origin}/it's?a=1&b=${query}`;
const escapedUrl = `${origin}/it&#39;s?a=1&amp;b=${query}`;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A site that sends mail, named (and signing its mail) with `hostile`. */
async function hostileSite(settings: Record<string, unknown> = {}, recipients: string[] = []) {
  const site = await mailSite(settings, recipients);
  await modJson("PUT", `/api/mod/sites/${site}`, {
    name: hostile,
    origins: [origin],
    settings: {
      moderation: "none",
      minSubmitSeconds: 0,
      rateLimitPerMinute: 10000,
      rateLimitPerDay: 100000,
      mailFrom: sender,
      mailFromName: hostile,
      ...settings,
    },
  });
  return site;
}

/** A comment whose author's name, page title, page address and text are all `hostile`. */
const hostileComment = (site: string, page: string) => ({
  site,
  page,
  name: hostile,
  body: hostile,
  extra: { page: { key: page, url: hostileUrl, title: hostile } },
});

async function pageText(mail: FakeEmail, path: string, press = false): Promise<string> {
  const res = await (press ? pressLink(mail, path) : openLink(mail, path));
  const html = await res.text();
  expect(res.status, html).toBe(200);
  expect(html, path).not.toContain(hostile);
  return html;
}

describe("the thread fragment", () => {
  it("escapes the author's name and website, the page's title and address and the text", async () => {
    const site = await openSite();
    const page = unique("/hostile");
    await postOk({ ...hostileComment(site, page), website: `https://ann.example/it's?a=1&b=2` });
    const res = await call(
      `/api/comments.html?site=${site}&page=${encodeURIComponent(page)}&url=${encodeURIComponent(hostileUrl)}`,
    );
    const html = await res.text();
    expect(html).not.toContain(hostile);
    expect(html).toContain(`<span itemprop="name">${escaped}</span>`);
    expect(html).toContain(`href="https://ann.example/it&#39;s?a=1&amp;b=2">`);
    expect(html).toContain(`<div class="body" itemprop="text"><p>${escaped}</p></div>`);
    expect(html).toContain(`<input type="hidden" name="title" value="${escaped}">`);
    expect(html).toContain(`<input type="hidden" name="url" value="${escapedUrl}">`);
  });

  it("escapes the address a failed form leads back to", async () => {
    const site = await openSite();
    // Taken as sent (only its origin is checked), so not even percent-encoded.
    const backUrl = `${origin}/back?q=${hostile}`;
    const res = await callSettled("/api/comments/form", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
      body: new URLSearchParams({ site, page: unique("/back"), url: backUrl, body: "" }).toString(),
    });
    const html = await res.text();
    expect(res.status, html).toBe(400);
    expect(html).not.toContain(hostile);
    expect(html).toContain(
      `<a href="${origin}/back?q=${escaped}#parley-form">Back to the article</a>`,
    );
  });
});

describe("mail to moderators", () => {
  it("escapes the site's, author's and page's names in the held mail and its pages", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await hostileSite({ moderation: "all" }, [owner]);
    await postWithMail(mail, hostileComment(site, unique("/held")));
    const [held] = mail.to(owner);
    // The sender's name is a header, the subject and text part text: as typed.
    expect(held?.from.name).toBe(hostile);
    expect(held?.subject).toBe(`A comment awaits review on ${hostile}`);
    expect(held?.text).toContain(`${hostile} on “${hostile}”:\n> ${hostile}`);
    expect(held?.html).not.toContain(hostile);
    expect(held?.html).toContain(`<p><strong>${escaped} on “${escaped}”:</strong></p>`);
    expect(held?.html).toContain(`<p>${escaped}</p></blockquote>`);

    const ask = await pageText(mail, linkIn(held!, "Approve"));
    expect(ask).toContain(
      `<p class="by">${escaped} on “${escaped}”:</p><blockquote><p>${escaped}</p></blockquote>`,
    );
    expect(await pageText(mail, linkIn(held!, "Spam"), true)).toContain("marked as spam");
  });

  it("escapes the site's name on the webhook's review page", async () => {
    const site = await hostileSite({
      moderation: "all",
      notifyWebhookUrl: "https://hooks.example/parley/T0123",
    });
    const spy = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("ok"));
    const mail = fakeEmailService();
    await postWithMail(mail, hostileComment(site, unique("/review")));
    const { reviewUrl } = JSON.parse(String(spy.mock.calls[0]![1]?.body));
    spy.mockRestore();
    const link = new URL(reviewUrl);
    const html = await pageText(mail, link.pathname + link.search);
    expect(html).toContain(`<title>A comment awaits review on ${escaped}</title>`);
    expect(html).toContain(`<h1>A comment awaits review on ${escaped}</h1>`);
    expect(html).toContain(`<p class="by">${escaped} on “${escaped}”:</p>`);
  });

  it("escapes the site's, author's and page's names in the daily spam note", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await hostileSite({ mailSpamReport: true }, [owner]);
    const caught = await postWithMail(mail, hostileComment(site, unique("/spam")));
    await setStatus(caught.comment.id, "spam");
    await runScheduled("23 * * * *", { ...env, ...mail.bindings } as never, new Date());
    const [note] = mail.to(owner);
    expect(note?.subject).toBe(`Caught as spam on ${hostile} in the last day: 1`);
    expect(note?.html).not.toContain(hostile);
    expect(note?.html).toContain(`<p><strong>${escaped} on “${escaped}”:</strong></p>`);
  });
});

describe("mail to readers", () => {
  it("escapes the site's name in the confirmation mail and on its pages", async () => {
    const mail = fakeEmailService();
    const site = await hostileSite();
    const reader = address("reader");
    await postWithMail(mail, { site, page: unique("/sub"), email: reader, notify: "all" });
    const [confirmation] = mail.to(reader);
    expect(confirmation?.subject).toBe(`Confirm mail about comments on ${hostile}`);
    expect(confirmation?.html).not.toContain(hostile);
    expect(confirmation?.html).toContain(`new comments on ${escaped} (${origin})`);
    const link = linkIn(confirmation!, "Confirm");
    expect(await pageText(mail, link)).toContain(
      `<h1>Get mail about new comments on ${escaped} (${origin})?</h1>`,
    );
    expect(await pageText(mail, link, true)).toContain("Confirmed");
  });

  it("escapes the page's title and address and the site's name in a reply and its unsubscribe pages", async () => {
    const mail = fakeEmailService();
    const site = await hostileSite();
    const page = unique("/replies");
    const reader = address("reader");
    await postWithMail(mail, { ...hostileComment(site, page), email: reader, notify: "all" });
    await pressLink(mail, linkIn(mail.to(reader)[0]!, "Confirm"));
    await postWithMail(mail, { ...hostileComment(site, page), email: address("other") });
    const reply = mail.to(reader).at(-1)!;
    expect(reply.subject).toBe(`New comment on “${hostile}”`);
    expect(reply.text).toContain(`Read it on the page: ${hostileUrl}#comment-`);
    expect(reply.html).not.toContain(hostile);
    expect(reply.html).toContain(`<a href="${escapedUrl}#comment-`);
    expect(reply.html).toContain(`<p>You asked for mail about new comments on ${escaped}.</p>`);
    expect(reply.html).toContain(`>No more mail from ${escaped}</a>`);

    const stopPage = linkIn(reply, "No more mail about this page");
    expect(await pageText(mail, stopPage)).toContain(`<h1>Stop mail about “${escaped}”?</h1>`);
    const stopSite = linkIn(
      reply,
      `No more mail from ${hostile.replace(/[(){}.*+?^$|[\]\\]/g, "\\$&")}`,
    );
    expect(await pageText(mail, stopSite)).toContain(`<h1>Stop all mail from ${escaped}?</h1>`);
    const stopped = await pageText(mail, stopSite, true);
    expect(stopped).toContain(`<h1>You will get no more mail from ${escaped}.</h1>`);
    // A link naming no page leads back to the site, its name escaped there too.
    expect(stopped).toContain(`<a href="${origin}">Back to ${escaped}</a>`);
  });
});
