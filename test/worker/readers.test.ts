/**
 * Verified email without accounts or cookies (issue 27): the mail that proves an address,
 * its limits, the reader token it hands a browser, and what that token does (the verified
 * mark, first-time moderation where the site asks for it, edits and deletion from any
 * device, held comments shown); every way a token can be wrong, refused.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deriveKeys } from "../../worker/domain/keys";
import { issueReaderToken } from "../../worker/domain/reader-token";
import { call, callSettled, expectError, json, listComments, unique } from "../helpers";
import {
  address,
  fakeEmailService,
  mailSite,
  openLink,
  postWithMail,
  pressLink,
  type FakeEmail,
} from "../mail";
import { modJson, setStatus } from "../mod-api";
import { askForMail, lastLink, readerTokenIn, verifiedBrowser } from "../readers";
import { count, rows, sql } from "../sql";

const readerRows = (site: string) =>
  count(`SELECT COUNT(*) AS n FROM readers WHERE site_id = ?1`, site);
/** The site's outbox rows of a kind, by default those that are or will be mail. */
const outboxRows = (site: string, kind: string, statuses = ["queued", "sending", "sent"]) =>
  count(
    `SELECT COUNT(*) AS n FROM outbox WHERE site_id = ?1 AND kind = ?2
       AND status IN (SELECT value FROM json_each(?3))`,
    site,
    kind,
    JSON.stringify(statuses),
  );

/** A post that must be refused with 401, leaving the site without a new comment. */
async function expectRefusedPost(
  mail: FakeEmail,
  site: string,
  readerToken: string,
  message: RegExp,
) {
  const before = await count(`SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1`, site);
  const res = await callSettled(
    "/api/comments",
    json("POST", {
      site,
      page: { key: "/post", url: "https://blog.example/post", title: "A post" },
      author: { name: "Ann", email: "ann@example.com" },
      body: unique("refused"),
      readerToken,
    }),
    mail.bindings,
  );
  const body = await expectError(res, 401, "unauthorized");
  expect(body.error.message).toMatch(message);
  expect(await count(`SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1`, site)).toBe(before);
}

describe("verifying an address", () => {
  it("mails a link whose button, once, gives the browser that follows it a reader token", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const reader = address("verify");
    const asked = await askForMail(mail, site, reader, "verify");
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ accepted: true });
    const [sent] = mail.to(reader);
    expect(sent?.subject).toBe(`Verify your email for comments on Site ${site}`);
    // Like the confirmation, it names the site and its origin, nothing a requester typed.
    expect(sent?.text).toContain(`Site ${site} (https://blog.example)`);

    const link = lastLink(mail, reader, "verify");
    // Opening it (a mail scanner does) changes nothing.
    const asking = await openLink(mail, link);
    expect(await asking.text()).toContain("in this browser?");
    expect(await readerRows(site)).toBe(0);

    const done = await pressLink(mail, link);
    const page = await done.text();
    expect(page).toContain("Your email is verified in this browser.");
    const token = readerTokenIn(page);
    expect(page).toContain(`href="https://blog.example/post#parley-reader=${token}"`);
    expect(await readerRows(site)).toBe(1);

    // Replayed: the link works once.
    const again = await pressLink(mail, link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This link has already been used.");
    expect(await readerRows(site)).toBe(1);
  });

  it("answers the same whether or not the address is known, and mails it at most once an hour", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const known = address("known");
    await postWithMail(mail, { site, page: unique("/known"), email: known });
    const stranger = address("stranger");

    const answers = [];
    for (const email of [known, stranger, known, stranger]) {
      const res = await askForMail(mail, site, email, "verify", "198.51.100.31");
      answers.push({
        status: res.status,
        body: await res.text(),
        type: res.headers.get("Content-Type"),
      });
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    // One mail each: the second request within the hour is answered alike and mails nothing.
    expect(mail.to(known).filter((sent) => sent.subject.startsWith("Verify"))).toHaveLength(1);
    expect(mail.to(stranger)).toHaveLength(1);
    expect(await outboxRows(site, "verify")).toBe(2);
    // The same writes for both: every request leaves an outbox row, the unmailed one skipped
    // and without the address.
    expect(await outboxRows(site, "verify", ["skipped"])).toBe(2);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM outbox WHERE site_id = ?1 AND status = 'skipped'
           AND recipient_encrypted IS NOT NULL`,
        site,
      ),
    ).toBe(0);

    // An hour on, the address may be mailed again; "my comments" has an hour of its own.
    await sql(
      `UPDATE reader_mail_requests SET created_at = ?2 WHERE site_id = ?1`,
      site,
      new Date(Date.now() - 3_700_000).toISOString(),
    );
    await askForMail(mail, site, stranger, "verify", "198.51.100.32");
    await askForMail(mail, site, stranger, "mine", "198.51.100.32");
    expect(mail.to(stranger)).toHaveLength(3);
  });

  it("takes a few requests an hour from one network, then refuses with 429 and mails nothing", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    for (let i = 0; i < 5; i++) {
      expect((await askForMail(mail, site, address("n"), "verify", "198.51.100.40")).status).toBe(
        202,
      );
    }
    const late = address("late");
    const refused = await askForMail(mail, site, late, "verify", "198.51.100.40");
    await expectError(refused, 429, "rate_limited");
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3590);
    expect(mail.to(late)).toEqual([]);

    // Retry-After says when the oldest of the five leaves the hour, not a whole hour.
    await sql(
      `UPDATE reader_mail_requests SET created_at = ?2 WHERE site_id = ?1`,
      site,
      new Date(Date.now() - 50 * 60_000).toISOString(),
    );
    const later = await askForMail(mail, site, late, "verify", "198.51.100.40");
    await expectError(later, 429, "rate_limited");
    const wait = Number(later.headers.get("Retry-After"));
    expect(wait).toBeGreaterThanOrEqual(590);
    expect(wait).toBeLessThanOrEqual(600);
    // Another network is not held back.
    expect((await askForMail(mail, site, late, "verify", "198.51.100.41")).status).toBe(202);
  });

  it("refuses a page off the site's origins and a site that sends no mail", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const res = await callSettled(
      "/api/readers/mail",
      json("POST", { site, email: address("x"), purpose: "verify", page: "https://evil.example/" }),
      mail.bindings,
    );
    const body = await expectError(res, 400, "invalid_input");
    expect(Object.keys(body.error.fields!)).toEqual(["page"]);
    const silent = await mailSite({ mailFrom: null });
    await expectError(await askForMail(mail, silent, address("y"), "verify"), 403, "forbidden");
    expect(mail.sent).toEqual([]);
  });
});

describe("a verified browser's reader token", () => {
  it("marks a comment under its own address verified, in every public view, the email kept private", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const reader = address("marked");
    const readerToken = await verifiedBrowser(mail, site, reader);
    const page = unique("/marked");

    const posted = await postWithMail(mail, { site, page, email: reader, extra: { readerToken } });
    expect(posted.comment.verified).toBe(true);
    // The token proves one address: a comment under another is not verified.
    const other = await postWithMail(mail, {
      site,
      page,
      email: address("other"),
      extra: { readerToken },
    });
    expect(other.comment.verified).toBeUndefined();

    const list = await listComments(site, page);
    const [first, second] = list.comments;
    expect(first.verified).toBe(true);
    expect(second.verified).toBeUndefined();
    expect(JSON.stringify(list)).not.toContain(reader);
    const fragment = await (await call(`/api/comments.html?site=${site}&page=${page}`)).text();
    expect(fragment.match(/class="badge verified"/g)).toHaveLength(1);
    expect(fragment).not.toContain(reader);
  });

  it("refuses an altered token, another site's, an expired one and a revoked one (401), storing nothing", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const token = await verifiedBrowser(mail, site, address("refused"));

    const [payload, signature] = token.split(".");
    const flipped = signature!.startsWith("A")
      ? `B${signature!.slice(1)}`
      : `A${signature!.slice(1)}`;
    await expectRefusedPost(mail, site, `${payload}.${flipped}`, /not valid/);
    await expectRefusedPost(mail, site, "not-a-token", /not valid/);

    const otherSite = await mailSite();
    await expectRefusedPost(mail, otherSite, token, /another site/);

    const keys = await deriveKeys(env.SECRET_KEY!);
    const [row] = await rows<{ id: string }>(`SELECT id FROM readers WHERE site_id = ?1`, site);
    const expired = await issueReaderToken(keys, {
      site,
      reader: row!.id,
      expires: Math.floor(Date.now() / 1000) - 60,
    });
    await expectRefusedPost(mail, site, expired, /expired/);

    const revoked = await call(`/api/readers/token?site=${site}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(204);
    expect(await readerRows(site)).toBe(0);
    await expectRefusedPost(mail, site, token, /revoked/);
  });

  it("edits and deletes the author's comments within the window from any verified browser", async () => {
    const mail = fakeEmailService();
    const site = await mailSite({ editWindowSeconds: 600 });
    const author = address("author");
    const page = unique("/devices");
    // Posted on one device, without any token...
    const posted = await postWithMail(mail, { site, page, email: author });
    const second = await postWithMail(mail, { site, page, email: author, body: "second one" });
    // ...and verified on another.
    const token = await verifiedBrowser(mail, site, author);
    const bearer = { Authorization: `Bearer ${token}` };

    const edited = await call(
      `/api/comments/${posted.comment.id}`,
      json("PATCH", { body: "edited elsewhere" }, bearer),
    );
    expect(edited.status, await edited.clone().text()).toBe(200);
    expect((await edited.json<any>()).comment.html).toContain("edited elsewhere");

    const stranger = await verifiedBrowser(mail, site, address("stranger"));
    const refused = await call(
      `/api/comments/${posted.comment.id}`,
      json("PATCH", { body: "not mine" }, { Authorization: `Bearer ${stranger}` }),
    );
    expect((await expectError(refused, 401, "unauthorized")).error.message).toMatch(/author/);

    const removed = await call(`/api/comments/${second.comment.id}`, {
      method: "DELETE",
      headers: bearer,
    });
    expect(removed.status).toBe(204);

    // Past the window, the token does no more than the edit token would.
    await sql(
      `UPDATE comments SET created_at = ?2 WHERE id = ?1`,
      posted.comment.id,
      new Date(Date.now() - 700_000).toISOString(),
    );
    const late = await call(
      `/api/comments/${posted.comment.id}`,
      json("PATCH", { body: "too late" }, bearer),
    );
    await expectError(late, 403, "edit_window_closed");
  });

  it("shows a verified browser its held comments on a page, and no one else's", async () => {
    const mail = fakeEmailService();
    const site = await mailSite({ moderation: "all" });
    const author = address("held");
    const page = unique("/held");
    const held = await postWithMail(mail, { site, page, email: author, body: "wait for me" });
    await postWithMail(mail, { site, page, email: address("someone") });
    const token = await verifiedBrowser(mail, site, author);

    const path = `/api/readers/comments?site=${site}&page=${encodeURIComponent(page)}`;
    const res = await call(path, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { comments } = await res.json<any>();
    expect(comments.map((comment: any) => comment.id)).toEqual([held.comment.id]);
    expect(comments[0]).toMatchObject({ status: "pending", body: "wait for me" });
    expect(Date.parse(comments[0].editableUntil)).toBeGreaterThan(Date.now());
    expect(comments[0].author.avatar).toBe("");

    await expectError(await call(path), 401, "unauthorized");
  });
});

describe("the owner's privacy requests", () => {
  it("export the sites where the address verified a browser, and erase those browsers", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const reader = address("owner-request");
    const token = await verifiedBrowser(mail, site, reader);
    const query = `?email=${encodeURIComponent(reader)}`;
    expect((await modJson("GET", `/api/mod/authors${query}`)).verifiedOnSites).toEqual([site]);
    await modJson("DELETE", `/api/mod/authors${query}`);
    expect(await readerRows(site)).toBe(0);
    await expectRefusedPost(mail, site, token, /revoked/);
  });
});

describe("first-time moderation with verification", () => {
  async function knownAuthor(settings: Record<string, unknown>) {
    const mail = fakeEmailService();
    const site = await mailSite({ moderation: "first-time", ...settings });
    const author = address("regular");
    const first = await postWithMail(mail, { site, page: unique("/first"), email: author });
    expect(first.comment.status).toBe("pending");
    await setStatus(first.comment.id, "approved");
    return { mail, site, author };
  }

  it("lets a known author through unverified by default (an approved comment under the same name and email)", async () => {
    const { mail, site, author } = await knownAuthor({});
    const again = await postWithMail(mail, { site, page: unique("/again"), email: author });
    expect(again.comment.status).toBe("approved");
  });

  it("holds a known author's unverified comment where the site asks for verification", async () => {
    const { mail, site, author } = await knownAuthor({ knownAuthorsMustVerify: true });
    const unverified = await postWithMail(mail, { site, page: unique("/again"), email: author });
    expect(unverified.comment.status).toBe("pending");
    const [stored] = await rows<{ reasons: string }>(
      `SELECT reasons FROM comments WHERE id = ?1`,
      unverified.comment.id,
    );
    expect(JSON.parse(stored!.reasons)).toEqual(["unverified-author"]);

    const readerToken = await verifiedBrowser(mail, site, author);
    const verified = await postWithMail(mail, {
      site,
      page: unique("/again"),
      email: author,
      extra: { readerToken },
    });
    expect(verified.comment).toMatchObject({ status: "approved", verified: true });
  });
});
