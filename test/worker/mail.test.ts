/**
 * Mail: moderators hear about held comments (one mail, or a digest), readers hear about
 * replies they asked for (double opt-in, approved comments only, never their own, at most
 * one mail per page an hour), and every link in a mail does its work only when its
 * page's button is pressed. The outbound call is the only thing faked (test/mail.ts).
 */
import { env } from "cloudflare:workers";
import { count } from "../sql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deriveKeys } from "../../worker/domain/keys";
import { hashEmail } from "../../worker/domain/privacy";
import { expiresIn, newNonce, signLink } from "../../worker/mail/links";
import { runScheduled } from "../../worker/jobs/scheduled";
import { callSettled, commentPayload, json, listComments, openSite, unique } from "../helpers";
import {
  address,
  fakeEmailService,
  linkIn,
  mailSite,
  minutesFromNow,
  openLink,
  postWithMail,
  pressLink,
  publicUrl,
  sender,
  type FakeEmail,
} from "../mail";
import { mod, modJson, setStatus } from "../mod-api";

afterEach(() => {
  vi.restoreAllMocks();
});

async function statusOf(id: string): Promise<string | undefined> {
  return (
    (await env.DB.prepare(`SELECT status FROM comments WHERE id = ?1`).bind(id).first<{
      status: string;
    }>()) ?? undefined
  )?.status;
}

/** Every row of the tables a link could change, to show a GET changes none. */
async function mailState(): Promise<string> {
  const tables = [
    "comments",
    "subscriptions",
    "mail_addresses",
    "outbox",
    "used_links",
    "moderation_log",
  ];
  const dumps = await env.DB.batch(
    tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1`)),
  );
  return JSON.stringify(dumps.map((dump) => dump.results));
}

/** A reader who asked for replies and confirmed: posts on `page`, returns their comment. */
async function confirmedSubscriber(
  mail: FakeEmail,
  site: string,
  page: string,
  email: string,
  notify: "replies" | "all" = "replies",
) {
  const posted = await postWithMail(mail, { site, page, email, name: "Sub", notify });
  if (posted.subscription === "awaiting-confirmation") {
    const [confirmation] = mail.to(email).slice(-1);
    expect((await pressLink(mail, linkIn(confirmation!, "Confirm"))).status).toBe(200);
  }
  return posted;
}

describe("mail to moderators about held comments", () => {
  it("mails each recipient when a comment is held, with the comment and its reasons", async () => {
    const mail = fakeEmailService();
    const [owner, helper] = [address("owner"), address("helper")];
    const site = await mailSite({ moderation: "all" }, [owner, helper]);
    const page = unique("/held");
    const posted = await postWithMail(mail, { site, page, body: "Please **review** me" });

    expect(posted.comment.status).toBe("pending");
    for (const to of [owner, helper]) {
      const [held] = mail.to(to);
      expect(held?.subject).toBe(`A comment awaits review on Site ${site}`);
      expect(held?.from).toEqual({ email: sender, name: "Blog comments" });
      expect(held?.text).toContain("Please **review** me");
      expect(held?.text).toContain("Held because: moderation-all");
      expect(held?.html).toContain("<strong>review</strong>");
      expect(held?.headers["Auto-Submitted"]).toBe("auto-generated");
    }
    // The mail went out in the request's waitUntil; nothing is left to send.
    expect((await mail.deliver()).sent).toBe(0);
  });

  it("sends nothing for approved comments, or where the site names no sender", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const quiet = await openSite({ moderation: "all" });
    await modJson("PUT", `/api/mod/sites/${quiet}/recipients`, { emails: [owner] });
    await postWithMail(mail, { site: quiet, page: unique("/quiet") });
    const open = await mailSite({}, [owner]);
    await postWithMail(mail, { site: open, page: unique("/open") });
    await mail.deliver(minutesFromNow(60));
    expect(mail.to(owner)).toEqual([]);
  });

  it("folds the comments held within the window into one digest", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all", mailDigestMinutes: 15 }, [owner]);
    const page = unique("/busy");
    await postWithMail(mail, { site, page, body: "first held" });
    await postWithMail(mail, { site, page, body: "second held" });
    await postWithMail(mail, { site, page, body: "third held" });
    expect(mail.to(owner)).toHaveLength(1);

    await mail.deliver(minutesFromNow(10));
    expect(mail.to(owner)).toHaveLength(1);
    await mail.deliver(minutesFromNow(16));
    const [, digest] = mail.to(owner);
    expect(digest?.subject).toBe(`Comments awaiting review on Site ${site}: 2`);
    expect(digest?.text).toContain("second held");
    expect(digest?.text).toContain("third held");
    expect(digest?.text).not.toContain("first held");
  });

  it("leaves out of a digest what a moderator handled meanwhile", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    const page = unique("/handled");
    await postWithMail(mail, { site, page, body: "opens the window" });
    const handled = await postWithMail(mail, { site, page, body: "handled already" });
    await setStatus(handled.comment.id, "approved");
    await mail.deliver(minutesFromNow(16));
    expect(mail.to(owner)).toHaveLength(1);
  });
});

describe("one-click moderation from the mail", () => {
  async function heldMail() {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    const posted = await postWithMail(mail, { site, page: unique("/mod"), body: "held body" });
    return { mail, owner, site, id: posted.comment.id as string, held: mail.to(owner)[0]! };
  }

  it("opens a page that asks, and acts only when its button POSTs", async () => {
    const { mail, id, held } = await heldMail();
    const approve = linkIn(held, "Approve");
    const before = await mailState();
    const page = await openLink(mail, approve);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Approve this comment?");
    expect(html).toContain("held body");
    expect(html).toMatch(/<form method="post"><button type="submit">Approve<\/button><\/form>/);
    expect(await mailState()).toBe(before);
    expect(await statusOf(id)).toBe("pending");

    const done = await pressLink(mail, approve);
    expect(done.status).toBe(200);
    const doneHtml = await done.text();
    expect(doneHtml).toContain("The comment is approved.");
    // The page leads on to the desk.
    expect(doneHtml).toContain('<a href="/admin/">Open the desk</a>');
    expect(await statusOf(id)).toBe("approved");
  });

  it("serves its pages with strict headers", async () => {
    const { mail, held } = await heldMail();
    const page = await openLink(mail, linkIn(held, "Spam"));
    const csp = page.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    expect(page.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(page.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });

  it("marks spam and rejects through the other two links", async () => {
    const first = await heldMail();
    await pressLink(first.mail, linkIn(first.held, "Spam"));
    expect(await statusOf(first.id)).toBe("spam");
    const second = await heldMail();
    await pressLink(second.mail, linkIn(second.held, "Reject"));
    expect(await statusOf(second.id)).toBe("rejected");
  });

  it("refuses a reused link, and the comment stays as the first use left it", async () => {
    const { mail, id, held } = await heldMail();
    const reject = linkIn(held, "Reject");
    expect((await pressLink(mail, reject)).status).toBe(200);
    await setStatus(id, "approved");
    const again = await pressLink(mail, reject);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This link has already been used.");
    expect((await openLink(mail, reject)).status).toBe(409);
    expect(await statusOf(id)).toBe("approved");
  });

  it("refuses a tampered link", async () => {
    const { mail, id, held } = await heldMail();
    const approve = linkIn(held, "Approve");
    const [payload, signature] = approve.split("t=")[1]!.split(".");
    // The claims of another comment, under this link's signature.
    const claims = JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, comment: "c_someoneelse0000" }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    const flipped = signature!.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    for (const path of [
      `/mail/link?t=${forged}.${signature}`,
      `/mail/link?t=${payload}.${flipped}`,
      "/mail/link?t=nonsense",
      "/mail/link",
    ]) {
      const res = await pressLink(mail, path);
      expect(res.status, path).toBe(400);
      expect(await res.text()).toContain("This link is not valid.");
    }
    expect(await statusOf(id)).toBe("pending");
  });

  it("refuses an expired link, with a page that says so", async () => {
    const { mail, site, id, owner } = await heldMail();
    const keys = await deriveKeys(env.SECRET_KEY!);
    const token = await signLink(keys, {
      action: "approve",
      site,
      comment: id,
      recipient: await hashEmail(keys, owner),
      expires: expiresIn(new Date(Date.now() - 8 * 86_400_000), 7),
      nonce: newNonce(),
    });
    const res = await pressLink(mail, `/mail/link?t=${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This link has expired.");
    expect(await statusOf(id)).toBe("pending");
  });

  it("stops working for a recipient taken off the site's list", async () => {
    const { mail, site, id, held } = await heldMail();
    await modJson("PUT", `/api/mod/sites/${site}/recipients`, { emails: [] });
    expect((await pressLink(mail, linkIn(held, "Approve"))).status).toBe(403);
    expect(await statusOf(id)).toBe("pending");
  });

  it("says so when the comment is gone", async () => {
    const { mail, id, held } = await heldMail();
    await mod("DELETE", `/api/mod/comments/${id}`);
    const res = await openLink(mail, linkIn(held, "Approve"));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This comment is no longer there.");
  });

  it("speaks the site's mail language", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all", mailLanguage: "de" }, [owner]);
    await postWithMail(mail, { site, page: unique("/de") });
    const [held] = mail.to(owner);
    expect(held?.subject).toBe(`Ein Kommentar wartet auf Prüfung auf Site ${site}`);
    expect(held?.html).toContain('<html lang="de">');
    const page = await (await openLink(mail, linkIn(held!, "Freigeben"))).text();
    expect(page).toContain("Diesen Kommentar freigeben?");
  });
});

describe("the daily spam note", () => {
  it("lists what was caught as spam, with a link to approve it", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ mailSpamReport: true }, [owner]);
    const caught = await postWithMail(mail, {
      site,
      page: unique("/spam"),
      body: "not spam at all",
    });
    await setStatus(caught.comment.id, "spam");

    await runScheduled("23 * * * *", { ...env, ...mail.bindings } as never, new Date());
    const [note] = mail.to(owner);
    expect(note?.subject).toBe(`Caught as spam on Site ${site} in the last day: 1`);
    expect(note?.text).toContain("not spam at all");
    await pressLink(mail, linkIn(note!, "Approve"));
    expect(await statusOf(caught.comment.id)).toBe("approved");

    // Once a day: the next hourly run adds nothing.
    await runScheduled("23 * * * *", { ...env, ...mail.bindings } as never, new Date());
    expect(mail.to(owner)).toHaveLength(1);
  });
});

describe("reader subscriptions", () => {
  it("offers them only where the site sends mail", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = encodeURIComponent(unique("/offer"));
    const offered = await callSettled(`/api/comments?site=${site}&page=${page}`, {}, mail.bindings);
    expect((await offered.json<any>()).config.notifications).toBe(true);
    expect((await listComments(site, unique("/offer"))).config.notifications).toBe(false);
    const off = await mailSite({ readerNotifications: false });
    const quiet = await callSettled(`/api/comments?site=${off}&page=${page}`, {}, mail.bindings);
    expect((await quiet.json<any>()).config.notifications).toBe(false);
  });

  it("needs an email address", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const res = await callSettled(
      "/api/comments",
      json("POST", {
        ...commentPayload({ site, page: unique("/no-email") }),
        author: { name: "Ann" },
        notify: "replies",
      }),
      mail.bindings,
    );
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.fields).toHaveProperty(["author.email"]);
  });

  it("sends nothing to readers who did not opt in", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = unique("/no-opt-in");
    const reader = address("reader");
    const first = await postWithMail(mail, { site, page, email: reader });
    expect(first.subscription).toBeUndefined();
    await postWithMail(mail, { site, page, parentId: first.comment.id, email: address("other") });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toEqual([]);
  });

  it("confirms an address first, and sends nothing else before that", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = unique("/opt-in");
    const reader = address("reader");
    const first = await postWithMail(mail, { site, page, email: reader, notify: "replies" });
    expect(first.subscription).toBe("awaiting-confirmation");
    const [confirmation] = mail.to(reader);
    expect(confirmation?.subject).toBe(`Confirm mail about comments on Site ${site}`);
    // Names the site and its origin, nothing a poster typed (mail-abuse.test.ts).
    expect(confirmation?.text).toContain(`Site ${site} (https://blog.example)`);

    // A reply before the confirmation: nothing, now or later.
    await postWithMail(mail, { site, page, parentId: first.comment.id, email: address("early") });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(1);

    // Opening the link changes nothing; its button confirms.
    const confirm = linkIn(confirmation!, "Confirm");
    const before = await mailState();
    const page1 = await openLink(mail, confirm);
    expect(await page1.text()).toContain(
      `Get mail about new comments on Site ${site} (https://blog.example)?`,
    );
    expect(await mailState()).toBe(before);
    const done = await pressLink(mail, confirm);
    const confirmedPage = await done.text();
    expect(confirmedPage).toContain("Confirmed: you will get mail about new comments.");
    // The way back to the article hands this browser its mail token.
    const mailToken = /href="https:\/\/blog\.example\/opt-in[^"#]*#parley-mail=([\w-]+)"/.exec(
      confirmedPage,
    )?.[1];
    expect(mailToken).toBeDefined();
    // Pressing it again is harmless.
    expect((await pressLink(mail, confirm)).status).toBe(200);

    await postWithMail(mail, {
      site,
      page,
      parentId: first.comment.id,
      email: address("later"),
      name: "Bea",
      body: "a reply worth reading",
    });
    const [, reply] = mail.to(reader);
    // They asked for replies to their comment: the mail says whose reply, and why it came.
    expect(reply?.subject).toBe("Bea replied to your comment on “A post”");
    expect(reply?.text).toContain(
      `You asked for mail about replies to your comments on Site ${site}.`,
    );
    expect(reply?.text).not.toContain("about new comments");
    expect(reply?.text).toContain("Bea on “A post”:");
    expect(reply?.text).toContain("> a reply worth reading");
    expect(reply?.text).toMatch(
      /Read it on the page: https:\/\/blog\.example\/opt-in[^#]*#comment-c_/,
    );
    expect(reply?.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${publicUrl}/mail/link\\?t=`));
    expect(reply?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    // From the browser that confirmed, the address subscribes on another page at once.
    const elsewhere = await postWithMail(mail, {
      site,
      page: unique("/opt-in-2"),
      email: reader,
      notify: "all",
      extra: { mailToken },
    });
    expect(elsewhere.subscription).toBe("active");
    expect(mail.to(reader)).toHaveLength(2);
  });

  it("sends a stranger's address at most one confirmation a day", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const victim = address("victim");
    for (let i = 0; i < 3; i++) {
      await postWithMail(mail, { site, page: unique("/flood"), email: victim, notify: "all" });
    }
    expect(mail.to(victim)).toHaveLength(1);
  });

  it("mails about a held reply only once a moderator approves it", async () => {
    const mail = fakeEmailService();
    const site = await mailSite({ holdWords: ["held"] });
    const page = unique("/held-reply");
    const reader = address("reader");
    const mine = await confirmedSubscriber(mail, site, page, reader);
    const held = await postWithMail(mail, {
      site,
      page,
      parentId: mine.comment.id,
      body: "held reply",
    });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(1);

    await setStatus(held.comment.id, "approved");
    await mail.deliver();
    const [, reply] = mail.to(reader);
    expect(reply?.text).toContain("held reply");
    // Approving again (or a bulk approve) sends nothing more.
    await modJson("POST", "/api/mod/comments/bulk", { ids: [held.comment.id], status: "approved" });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(2);
  });

  it("never mails the author of the new comment", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = unique("/self");
    const reader = address("reader");
    const mine = await confirmedSubscriber(mail, site, page, reader, "all");
    await postWithMail(mail, { site, page, email: reader, body: "talking to myself" });
    await postWithMail(mail, { site, page, parentId: mine.comment.id, email: reader });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(1);
  });

  it("follows replies to one's comment, or every comment on the page", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = unique("/scopes");
    const [replies, all] = [address("replies"), address("all")];
    const mine = await confirmedSubscriber(mail, site, page, replies, "replies");
    await confirmedSubscriber(mail, site, page, all, "all");
    await postWithMail(mail, { site, page, body: "a new top-level comment" });
    expect(mail.to(replies).map((m) => m.subject)).toEqual([
      "Confirm mail about comments on Site " + site,
    ]);
    expect(mail.to(all).at(-1)?.text).toContain("a new top-level comment");
    await postWithMail(mail, { site, page, parentId: mine.comment.id, body: "answering you" });
    expect(mail.to(replies).at(-1)?.text).toContain("answering you");
  });

  it("sends at most one mail per page an hour, folding the rest in", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const page = unique("/hourly");
    const reader = address("reader");
    await confirmedSubscriber(mail, site, page, reader, "all");
    await postWithMail(mail, { site, page, body: "one" });
    await postWithMail(mail, { site, page, body: "two" });
    await postWithMail(mail, { site, page, body: "three" });
    expect(mail.to(reader)).toHaveLength(2);
    await mail.deliver(minutesFromNow(30));
    expect(mail.to(reader)).toHaveLength(2);
    await mail.deliver(minutesFromNow(61));
    const digest = mail.to(reader)[2];
    expect(digest?.subject).toBe("New comments on “A post”: 2");
    expect(digest?.text).toContain("two");
    expect(digest?.text).toContain("three");
  });
});

describe("unsubscribing", () => {
  async function subscribedTwice() {
    const mail = fakeEmailService();
    const site = await mailSite();
    const [page, other] = [unique("/stop"), unique("/stop-other")];
    const reader = address("reader");
    await confirmedSubscriber(mail, site, page, reader, "all");
    await confirmedSubscriber(mail, site, other, reader, "all");
    await postWithMail(mail, { site, page, body: "news on the first page" });
    const news = mail.to(reader).at(-1)!;
    return { mail, site, page, other, reader, news };
  }

  it("stops one page with a click, and again changes nothing", async () => {
    const { mail, site, page, other, reader, news } = await subscribedTwice();
    const stop = linkIn(news, "No more mail about this page");
    expect(await (await openLink(mail, stop)).text()).toContain("Stop mail about “A post”?");
    const done = await pressLink(mail, stop);
    const doneHtml = await done.text();
    expect(doneHtml).toContain("You will get no more mail about this page.");
    // And back to the article it was about.
    expect(doneHtml).toMatch(
      /<a href="https:\/\/blog\.example\/stop-[^"#]*">Back to the page<\/a>/,
    );
    expect((await pressLink(mail, stop)).status).toBe(200);

    const sent = mail.to(reader).length;
    await postWithMail(mail, { site, page, body: "unheard" });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(sent);
    // The other page still mails.
    await postWithMail(mail, { site, page: other, body: "still heard" });
    expect(mail.to(reader).at(-1)?.text).toContain("still heard");
  });

  it("takes a mail client's RFC 8058 one-click POST", async () => {
    const { mail, site, page, reader, news } = await subscribedTwice();
    const target = news.headers["List-Unsubscribe"]!.slice(1, -1).replace(publicUrl, "");
    const res = await pressLink(mail, target, { "List-Unsubscribe": "One-Click" });
    expect(res.status).toBe(200);
    const sent = mail.to(reader).length;
    await postWithMail(mail, { site, page, body: "unheard" });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(sent);
  });

  it("stops the whole site, and drops mail already queued", async () => {
    const { mail, site, page, other, reader, news } = await subscribedTwice();
    // Queued behind the hour's window:
    await postWithMail(mail, { site, page, body: "queued" });
    await pressLink(mail, linkIn(news, `No more mail from Site ${site}`));
    expect((await pressLink(mail, linkIn(news, `No more mail from Site ${site}`))).status).toBe(
      200,
    );

    const sent = mail.to(reader).length;
    await postWithMail(mail, { site, page: other, body: "unheard" });
    await mail.deliver(minutesFromNow(120));
    expect(mail.to(reader)).toHaveLength(sent);
    const left = await count(`SELECT COUNT(*) AS n FROM subscriptions WHERE site_id = ?1`, site);
    expect(left).toBe(0);
    // Subscribing again starts over with a confirmation.
    const again = await postWithMail(mail, { site, page, email: reader, notify: "all" });
    expect(again.subscription).toBe("awaiting-confirmation");
  });
});

describe("when sending fails", () => {
  it("keeps the comment, and the outbox retries with backoff", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    const logged = vi.spyOn(console, "warn");
    mail.fail(Object.assign(new Error("sender not verified"), { code: "E_SENDER_NOT_VERIFIED" }));
    const posted = await postWithMail(mail, { site, page: unique("/fails"), body: "kept" });
    expect(await statusOf(posted.comment.id)).toBe("pending");
    const row = () =>
      env.DB.prepare(
        `SELECT status, attempts, error, recipient_encrypted IS NOT NULL AS sealed FROM outbox
         WHERE subject_id = ?1`,
      )
        .bind(posted.comment.id)
        .first();
    expect(await row()).toEqual({
      status: "queued",
      attempts: 1,
      error: "E_SENDER_NOT_VERIFIED",
      sealed: 1,
    });
    // Not before the backoff:
    await mail.deliver();
    expect((await row())?.attempts).toBe(1);

    mail.fail(null);
    await mail.deliver(minutesFromNow(2));
    expect(mail.to(owner)).toHaveLength(1);
    expect(await row()).toMatchObject({ status: "sent", sealed: 0 });
    for (const [line] of logged.mock.calls) expect(String(line)).not.toContain(owner);
  });

  it("gives up after a day, and logs it without the address", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    mail.fail(new Error("down"));
    const posted = await postWithMail(mail, { site, page: unique("/gives-up") });
    const logged = vi.spyOn(console, "warn");
    await mail.deliver(minutesFromNow(25 * 60));
    const row = await env.DB.prepare(
      `SELECT status, recipient_encrypted FROM outbox WHERE subject_id = ?1`,
    )
      .bind(posted.comment.id)
      .first();
    expect(row).toEqual({ status: "failed", recipient_encrypted: null });
    const lines = logged.mock.calls.map(([line]) => String(line));
    expect(lines.some((line) => line.includes("gave up"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(owner);
  });
});

describe("Resend as the transport", () => {
  it("posts each mail to Resend's API with the key and an idempotency key", async () => {
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    const spy = vi
      .spyOn(globalThis, "fetch")
      .mockImplementation(async () => Response.json({ id: "re_123" }));
    const res = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page: unique("/resend"), body: "via resend" })),
      { RESEND_API_KEY: "re_test_key", PUBLIC_URL: publicUrl },
    );
    expect(res.status).toBe(201);
    const call = spy.mock.calls.find(([url]) => String(url) === "https://api.resend.com/emails");
    expect(call).toBeDefined();
    const headers = new Headers(call![1]?.headers);
    expect(headers.get("Authorization")).toBe("Bearer re_test_key");
    expect(headers.get("Idempotency-Key")).toMatch(/^[0-9a-f]{32}-1$/);
    const body = JSON.parse(String(call![1]?.body));
    expect(body).toMatchObject({
      from: `"Blog comments" <${sender}>`,
      to: [owner],
      subject: `A comment awaits review on Site ${site}`,
    });
    expect(body.text).toContain("via resend");
    expect(body.html).toContain("via resend");
  });

  it("retries what Resend refused", async () => {
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    vi.spyOn(globalThis, "fetch").mockImplementation(
      async () => new Response("{}", { status: 500 }),
    );
    const res = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page: unique("/resend-500") })),
      { RESEND_API_KEY: "re_test_key", PUBLIC_URL: publicUrl },
    );
    const { comment } = await res.json<any>();
    const row = await env.DB.prepare(`SELECT status, error FROM outbox WHERE subject_id = ?1`)
      .bind(comment.id)
      .first();
    expect(row).toEqual({ status: "queued", error: "HTTP 500" });
  });
});

describe("recipients and privacy", () => {
  it("lists and replaces a site's recipients", async () => {
    const site = await mailSite();
    const [a, b] = [address("a"), address("b")];
    const set = await modJson("PUT", `/api/mod/sites/${site}/recipients`, {
      emails: [a, b.toUpperCase(), b],
    });
    expect(set.recipients.map((r: any) => r.email).sort()).toEqual([a, b].sort());
    await modJson("PUT", `/api/mod/sites/${site}/recipients`, { emails: [b] });
    const listed = await modJson("GET", `/api/mod/sites/${site}/recipients`);
    expect(listed.recipients.map((r: any) => r.email)).toEqual([b]);
    const bad = await mod("PUT", `/api/mod/sites/${site}/recipients`, {
      emails: ["not an address"],
    });
    expect(bad.status).toBe(400);
    expect((await modJson("GET", `/api/mod/sites/${site}/recipients`)).recipients).toHaveLength(1);
    expect((await mod("GET", "/api/mod/sites/no-such-site/recipients")).status).toBe(404);
  });

  it("exports and erases subscriptions, recipient entries and queued mail", async () => {
    const mail = fakeEmailService();
    const reader = address("reader");
    const site = await mailSite({}, [reader]);
    const page = unique("/privacy");
    await postWithMail(mail, { site, page, email: reader, notify: "all" });
    await postWithMail(mail, {
      site,
      page: unique("/privacy-2"),
      email: reader,
      notify: "replies",
    });

    const exported = await modJson("GET", `/api/mod/authors?email=${encodeURIComponent(reader)}`);
    expect(exported.mail.subscriptions).toHaveLength(2);
    expect(exported.mail.subscriptions[0]).toMatchObject({
      site,
      page,
      scope: "all",
      confirmed: false,
    });
    expect(exported.mail.recipientOn).toEqual([site]);

    await modJson("DELETE", `/api/mod/authors?email=${encodeURIComponent(reader)}`);
    const hash = await hashEmail(await deriveKeys(env.SECRET_KEY!), reader);
    const left = await env.DB.batch(
      ["subscriptions", "mail_addresses", "mail_recipients"].map((table) =>
        env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE email_hash = ?1`).bind(hash),
      ),
    );
    expect(left.map((r: any) => r.results[0].n)).toEqual([0, 0, 0]);
    const outbox = await count(`SELECT COUNT(*) AS n FROM outbox WHERE recipient_hash = ?1`, hash);
    expect(outbox).toBe(0);
  });

  it("forgets unconfirmed addresses after a week, with their subscriptions", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const reader = address("reader");
    await postWithMail(mail, { site, page: unique("/expire"), email: reader, notify: "all" });
    const hash = await hashEmail(await deriveKeys(env.SECRET_KEY!), reader);
    await env.DB.prepare(`UPDATE mail_addresses SET created_at = ?1 WHERE email_hash = ?2`)
      .bind(new Date(Date.now() - 8 * 86_400_000).toISOString(), hash)
      .run();
    await runScheduled("23 * * * *", env, new Date());
    const left = await count(`SELECT COUNT(*) AS n FROM subscriptions WHERE email_hash = ?1`, hash);
    expect(left).toBe(0);
  });

  it("forgets the address in the outbox once a mail is sent", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    await postWithMail(mail, { site, page: unique("/forget") });
    const sealed = await count(
      `SELECT COUNT(*) AS n FROM outbox WHERE site_id = ?1 AND recipient_encrypted IS NOT NULL`,
      site,
    );
    expect(sealed).toBe(0);
  });
});
