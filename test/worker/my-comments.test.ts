/**
 * "My comments" (issue 27): a magic link opens everything an address wrote on one site,
 * with a JSON export, an erasure asked twice, and every subscription with its unsubscribe.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deriveKeys } from "../../worker/domain/keys";
import { hashEmail } from "../../worker/domain/privacy";
import { signLink } from "../../worker/mail/links";
import { expectError, unique } from "../helpers";
import {
  address,
  fakeEmailService,
  linkIn,
  mailSite,
  openLink,
  postWithMail,
  pressLink,
  type FakeEmail,
} from "../mail";
import { ban } from "../mod-api";
import { askForMail, lastLink, pageTokenIn, verifiedBrowser } from "../readers";
import { count } from "../sql";

/** Opens the "my comments" page of `email` as its owner would: mail, link, button. */
async function openMyComments(mail: FakeEmail, site: string, email: string) {
  expect((await askForMail(mail, site, email, "mine")).status).toBe(202);
  const link = lastLink(mail, email, "mine");
  const res = await pressLink(mail, link);
  const page = await res.text();
  expect(res.status, page).toBe(200);
  return { link, page, token: pageTokenIn(page) };
}

const commentsOf = (site: string, email: string) =>
  deriveKeys(env.SECRET_KEY!)
    .then((keys) => hashEmail(keys, email))
    .then((hash) =>
      count(
        `SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1 AND email_hash = ?2`,
        site,
        hash,
      ),
    );

describe("my comments", () => {
  it("opens, from a single-use link, everything the address wrote on the site, held comments too", async () => {
    const mail = fakeEmailService();
    const site = await mailSite({ moderation: "first-time" });
    const other = await mailSite();
    const me = address("me");
    await postWithMail(mail, { site, page: unique("/one"), email: me, body: "my first words" });
    await postWithMail(mail, { site: other, email: me, body: "words on another site" });
    await postWithMail(mail, { site, email: address("else"), body: "someone else's" });

    const asked = await askForMail(mail, site, me, "mine");
    expect(asked.status).toBe(202);
    const [sent] = mail.to(me).filter((m) => m.subject === `Your comments on Site ${site}`);
    const link = linkIn(sent!, "Show my comments");
    // Opening the link asks first (mail scanners open links).
    const asking = await (await openLink(mail, link)).text();
    expect(asking).toContain(`Show everything this address wrote on Site ${site}?`);
    expect(asking).not.toContain("my first words");

    const opened = await pressLink(mail, link);
    const page = await opened.text();
    expect(page).toContain(`Your comments on Site ${site}`);
    expect(page).toContain("my first words");
    expect(page).toContain("Awaiting moderation");
    expect(page).not.toContain("words on another site");
    expect(page).not.toContain("someone else's");
    expect(opened.headers.get("Cache-Control")).toBe("no-store");

    expect((await pressLink(mail, link)).status).toBe(409);
  });

  it("exports it as JSON to download, with the page's own token only", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const me = address("export");
    await postWithMail(mail, { site, email: me, body: "to keep", notify: "all" });
    await verifiedBrowser(mail, site, me);
    const { token } = await openMyComments(mail, site, me);

    const res = await pressLink(mail, "/mail/mine/export", { t: token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toBe(
      `attachment; filename="comments-${site}.json"`,
    );
    const exported = await res.json<any>();
    expect(exported).toMatchObject({ site, email: me, verifiedBrowsers: 1 });
    expect(exported.comments).toHaveLength(1);
    expect(exported.comments[0]).toMatchObject({ body: "to keep", status: "approved" });
    expect(exported.subscriptions).toEqual([
      expect.objectContaining({ scope: "all", confirmed: false }),
    ]);

    await expectError(
      await pressLink(mail, "/mail/mine/export", { t: `${token}x` }),
      401,
      "unauthorized",
    );
  });

  it("erases it only once asked twice, leaving other sites and the site's bans", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const other = await mailSite();
    const me = address("erase");
    const mine = await postWithMail(mail, { site, email: me });
    await postWithMail(mail, { site: other, email: me });
    await verifiedBrowser(mail, site, me);
    await ban({ site, commentId: mine.comment.id, scope: "author" });
    const { token } = await openMyComments(mail, site, me);

    const asked = await pressLink(mail, "/mail/mine", { t: token, do: "erase" });
    expect(await asked.text()).toContain("This cannot be undone.");
    expect(await commentsOf(site, me)).toBe(1);

    const done = await pressLink(mail, "/mail/mine", { t: token, do: "erase-confirmed" });
    expect(await done.text()).toContain("Erased: 1 comments");
    expect(await commentsOf(site, me)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM readers WHERE site_id = ?1`, site)).toBe(0);
    expect(await commentsOf(other, me)).toBe(1);
    expect(await count(`SELECT COUNT(*) AS n FROM bans WHERE site_id = ?1`, site)).toBe(1);
  });

  it("lists every subscription with an unsubscribe", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const me = address("subscriber");
    const page = unique("/followed");
    await postWithMail(mail, { site, page, email: me, notify: "all" });
    const { page: shown, token } = await openMyComments(mail, site, me);
    expect(shown).toContain("Every new comment on “A post”");
    const thread = /name="thread" value="(\d+)"/.exec(shown)?.[1];
    expect(thread).toBeDefined();

    const res = await pressLink(mail, "/mail/mine", {
      t: token,
      do: "unsubscribe",
      thread: thread!,
    });
    const after = await res.text();
    expect(after).toContain("Unsubscribed.");
    expect(after).not.toContain("Every new comment on");
    expect(await count(`SELECT COUNT(*) AS n FROM subscriptions WHERE site_id = ?1`, site)).toBe(0);
  });

  it("answers a page token past its hour with 410, and one not Parley's with 400", async () => {
    const mail = fakeEmailService();
    const site = await mailSite();
    const keys = await deriveKeys(env.SECRET_KEY!);
    const expired = await signLink(keys, {
      action: "myPage",
      site,
      recipient: await hashEmail(keys, address("late")),
      expires: Math.floor(Date.now() / 1000) - 1,
    });
    const late = await pressLink(mail, "/mail/mine", { t: expired });
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("This page has expired");
    expect((await pressLink(mail, "/mail/mine", { t: "forged.token" })).status).toBe(400);
    // A mail link's token is not a page's.
    const confirmLike = await signLink(keys, {
      action: "confirm",
      site,
      recipient: "x",
      expires: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await pressLink(mail, "/mail/mine", { t: confirmLike })).status).toBe(400);
  });
});
