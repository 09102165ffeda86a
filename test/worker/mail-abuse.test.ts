/**
 * Mail as an attacker would use it: learning whether an address is a confirmed reader,
 * subscribing someone on the strength of an earlier confirmation, putting words of one's
 * own into mail sent from the site, and breaking out of a mail header.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { rows, sql } from "../sql";
import { env } from "cloudflare:workers";
import { deriveKeys } from "../../worker/domain/keys";
import type { Bindings } from "../../worker/env";
import { deliverOutbox } from "../../worker/mail/deliver";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../worker/index";
import { commentPayload, json, unique } from "../helpers";
import {
  address,
  fakeEmailService,
  linkIn,
  mailSite,
  minutesFromNow,
  openLink,
  postWithMail,
  pressLink,
  sender,
  type FakeEmail,
} from "../mail";
import { mod, setStatus } from "../mod-api";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Posts with notify, confirms by the mail's button; returns the browser's mail token. */
async function confirmInBrowser(mail: FakeEmail, site: string, email: string): Promise<string> {
  const posted = await postWithMail(mail, { site, page: unique("/first"), email, notify: "all" });
  expect(posted.subscription).toBe("awaiting-confirmation");
  const done = await pressLink(mail, linkIn(mail.to(email).at(-1)!, "Confirm"));
  const html = await done.text();
  expect(done.status, html).toBe(200);
  const token = /#parley-mail=([\w-]+)"/.exec(html)?.[1];
  expect(token, `a link back to the article carrying the token in:\n${html}`).toBeDefined();
  return token!;
}

/** The site's subscriptions (the tests that count them have one reader per site). */
function subscriptionsOf(site: string) {
  return rows<{ confirmed_at: string | null }>(
    `SELECT confirmed_at FROM subscriptions WHERE site_id = ?1`,
    site,
  );
}

describe("the answer to a post that asks for mail", () => {
  it("is the same whether or not the address is a confirmed reader", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const confirmed = address("confirmed");
    await confirmInBrowser(mail, site, confirmed);
    const stranger = address("stranger");
    const answers: unknown[] = [];
    for (const email of [confirmed, stranger]) {
      for (const extra of [{ honeypot: "caught" }, {}]) {
        const posted = await postWithMail(mail, {
          site,
          page: unique("/probe"),
          email,
          notify: "all",
          extra,
        });
        answers.push([posted.comment.status, posted.subscription]);
      }
    }
    expect(answers).toEqual([
      ["pending", "awaiting-confirmation"],
      ["approved", "awaiting-confirmation"],
      ["pending", "awaiting-confirmation"],
      ["approved", "awaiting-confirmation"],
    ]);
  });
});

describe("a subscription made by a post", () => {
  it("needs the address's confirmation again, though it confirmed on another page", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const victim = address("victim");
    await confirmInBrowser(mail, site, victim);
    const page = unique("/elsewhere");
    await postWithMail(mail, { site, page, email: victim, name: "Not Victim", notify: "all" });
    await postWithMail(mail, { site, page, body: "a comment the victim never asked about" });
    await mail.deliver(minutesFromNow(120));
    expect(
      mail
        .to(victim)
        .map((sent) => sent.text)
        .join("\n"),
    ).not.toContain("a comment the victim never asked about");
  });

  it("is active at once from the browser that confirmed (its mail token), and only for that address", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const reader = address("reader");
    const token = await confirmInBrowser(mail, site, reader);
    const page = unique("/again");
    const posted = await postWithMail(mail, {
      site,
      page,
      email: reader,
      notify: "all",
      extra: { mailToken: token },
    });
    expect(posted.subscription).toBe("active");
    await postWithMail(mail, { site, page, body: "news for the reader" });
    expect(mail.to(reader).at(-1)?.text).toContain("news for the reader");

    const other = address("other");
    const borrowed = await postWithMail(mail, {
      site,
      page: unique("/borrowed"),
      email: other,
      notify: "all",
      extra: { mailToken: token },
    });
    expect(borrowed.subscription).toBe("awaiting-confirmation");
  });

  it("goes when its comment is judged spam or deleted", async () => {
    const mail = fakeEmailService();
    const site = await mailSite({ moderation: "all" });
    const reader = address("held-reader");
    const spam = await postWithMail(mail, {
      site,
      page: unique("/spam"),
      email: reader,
      notify: "all",
    });
    const deleted = await postWithMail(mail, {
      site,
      page: unique("/deleted"),
      email: reader,
      notify: "replies",
    });
    // Confirmed by the address's owner before the moderators judge.
    await pressLink(mail, linkIn(mail.to(reader).at(-1)!, "Confirm"));
    expect(await subscriptionsOf(site)).toHaveLength(2);
    await setStatus(spam.comment.id, "spam");
    expect(await subscriptionsOf(site)).toHaveLength(1);
    expect((await mod("DELETE", `/api/mod/comments/${deleted.comment.id}`)).status).toBe(204);
    expect(await subscriptionsOf(site)).toHaveLength(0);
  });
});

describe("mail to an address that has not confirmed", () => {
  it("names the site and its origin only, never what the poster typed", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const victim = address("victim");
    const lure = "IMPORTANT verify your account at https://evil.example/login";
    await postWithMail(mail, {
      site,
      email: victim,
      name: "Security Team https://evil.example",
      notify: "all",
      extra: { page: { key: `/${unique("lure")}`, url: "https://blog.example/x", title: lure } },
    });
    const [confirmation] = mail.to(victim);
    expect(confirmation).toBeDefined();
    const everything = JSON.stringify(confirmation);
    expect(everything).not.toContain("evil.example");
    expect(everything).not.toContain("IMPORTANT");
    expect(confirmation!.text).toContain(`Site ${site}`);
    expect(confirmation!.text).toContain("https://blog.example");
    const asked = await (await openLink(mail, linkIn(confirmation!, "Confirm"))).text();
    expect(asked).not.toContain("evil.example");
    expect(asked).toContain(`Site ${site}`);
  });
});

describe("mail headers", () => {
  it("refuses line breaks and other control characters in a site's name and sender name", async () => {
    const site = await mailSite();
    for (const settings of [{ mailFromName: "News\r\nBcc: evil@example.com" }, {}]) {
      const name = Object.keys(settings).length ? "News" : "News\nBcc: evil@example.com";
      const res = await mod("PUT", `/api/mod/sites/${site}`, {
        name,
        origins: ["https://blog.example"],
        settings: { mailFrom: sender, ...settings },
      });
      expect(res.status, await res.clone().text()).toBe(400);
    }
  });

  it("strips them in the transport, whatever is stored", async () => {
    const mail = fakeEmailService();
    const owner = address("owner");
    const site = await mailSite({ moderation: "all" }, [owner]);
    // As an older version might have stored it.
    await sql(
      `UPDATE sites SET name = ?2, settings = json_set(settings, '$.mailFromName', ?3) WHERE id = ?1`,
      site,
      "News\r\nBcc: evil@example.com",
      "Desk\nX-Evil: 1",
    );
    await postWithMail(mail, { site, page: unique("/headers") });
    const [held] = mail.to(owner);
    expect(held).toBeDefined();
    expect(held!.subject).not.toMatch(/[\r\n]/);
    expect(held!.from.name).not.toMatch(/[\r\n]/);
    expect(held!.subject).toContain("News Bcc: evil@example.com");
  });
});

describe("the digest window", () => {
  it("holds while a mail of its fold is still being sent: one mail, then one digest", async () => {
    const owner = address("owner");
    const site = await mailSite({ moderation: "all", mailDigestMinutes: 15 }, [owner]);
    const page = unique("/rush");
    // Sending blocks until released, as a slow transport would.
    const sent: { to: string; text: string }[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const bindings = {
      ...env,
      EMAIL: {
        async send(message: { to: string; text: string }) {
          sent.push(message);
          await gate;
        },
      },
      PUBLIC_URL: "https://comments.test",
    } as unknown as Bindings;
    // Each post starts its own delivery after its response, as in production.
    const runs: Promise<void>[] = [];
    async function hold(n: number) {
      const ctx = createExecutionContext();
      const payload = commentPayload({ site, page, body: `held in the rush ${n}` });
      const request = new Request("https://parley.test/api/comments", {
        ...json("POST", payload, { "CF-Connecting-IP": `203.0.113.${100 + n}` }),
      });
      const res = await worker.fetch(request, bindings, ctx);
      expect(res.status, await res.clone().text()).toBe(201);
      runs.push(waitOnExecutionContext(ctx));
    }
    await hold(0);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    // Eleven more while the first mail is still being sent: each run finds the window held.
    for (let n = 1; n < 12; n++) await hold(n);
    release();
    await Promise.all(runs);
    expect(sent.filter((mail) => mail.to === owner)).toHaveLength(1);

    await deliverOutbox(bindings, await deriveKeys(env.SECRET_KEY!), minutesFromNow(16));
    const mails = sent.filter((mail) => mail.to === owner);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.text.match(/held in the rush \d+/g)).toHaveLength(11);
  });
});
