/**
 * The pages behind a reader's own links (issue 27). The verification link hands the browser
 * that follows it a reader token (in the way back's fragment, which the widget keeps); the
 * "my comments" link opens the page of everything the address wrote on the site, whose
 * forms (POST /mail/mine, and /mail/mine/export for the JSON) carry the page's own token for
 * an hour. Both links work once: opening one (GET) asks, its button (POST) uses it up.
 */
import type { Context } from "hono";
import * as z from "zod";
import { readerActor } from "../domain/actor";
import { openEmail } from "../domain/privacy";
import { issueReaderToken, newReaderId, readerTokenDays } from "../domain/reader-token";
import { siteOrigin, type Site } from "../domain/site";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { expiresIn, signLink, verifyLink } from "../mail/links";
import { myPageBody, pageForm } from "../mail/my-page";
import { linkPage } from "../mail/page";
import { fill, mailStrings, type MailStrings } from "../mail/strings";
import { databaseOf } from "../platform/site-databases";
import { readerExportSchema } from "../schemas/readers";
import { eraseAuthor } from "../storage/authors";
import { useLink } from "../storage/mail-links";
import { loadReaderData } from "../storage/reader-data";
import { insertReader } from "../storage/readers";
import { getSite } from "../storage/sites";
import { unsubscribeFromThread } from "../storage/subscriptions";
import { readForm } from "../validation";
import { declare, type DeclaredRouter } from "./declare";
import type { Form, LinkContext } from "./link-context";

/** How long the "my comments" page's forms keep working after the link opened it. */
const myPageMinutes = 60;

/**
 * A reader's own link (verify, mine): its question, or (its button) what it does. The page
 * token of "my comments" is refused here: it is for that page's forms only.
 */
export async function readerLink(context: LinkContext, form: Form | null): Promise<Response> {
  const { c, db, claims, subject, s, answer, usedKey } = context;
  // A "my comments" page's token is for that page's forms (/mail/mine), not a link of its own.
  if (claims.action === "myPage") return answer(s.invalid, 400);
  const site = subject.site!;
  const action = claims.action as "verify" | "mine";
  const names = { site: site.name, origin: siteOrigin(site) };
  if (!usedKey || !claims.back) return answer(s.invalid, 400);
  if (subject.used) return answer(s.used, 409);
  if (!form) return answer(fill(s.ask[action], names), 200, [{ label: s[action] }]);
  if (!(await useLink(db, usedKey, new Date(claims.expires * 1000).toISOString()))) {
    return answer(s.used, 409);
  }
  const now = new Date();
  if (action === "mine") return myPage(c, site, claims.recipient, s, now);
  const reader = newReaderId();
  const expires = expiresIn(now, readerTokenDays);
  await insertReader(db, {
    id: reader,
    siteId: site.id,
    emailHash: claims.recipient,
    createdAt: now.toISOString(),
    expiresAt: new Date(expires * 1000).toISOString(),
  });
  const token = await issueReaderToken(c.get("keys"), { site: site.id, reader, expires });
  // A fragment never reaches a server's logs; the widget takes it out of the address.
  return answer(s.done.verify, 200, undefined, false, {
    label: s.back,
    href: `${claims.back.split("#")[0]}#parley-reader=${token}`,
  });
}

/** The page itself, with a fresh token for its forms. */
async function myPage(
  c: Context<AppEnv>,
  site: Site,
  emailHash: string,
  s: MailStrings,
  now: Date,
  notice?: string,
): Promise<Response> {
  const token = await signLink(c.get("keys"), {
    action: "myPage",
    site: site.id,
    recipient: emailHash,
    expires: Math.floor(now.getTime() / 1000) + myPageMinutes * 60,
  });
  const data = await loadReaderData(databaseOf(c.env, site.id), site.id, emailHash);
  return linkPage(
    {
      language: site.settings.mailLanguage,
      heading: fill(s.done.mine, { site: site.name }),
      details: notice ? [notice] : undefined,
      body: myPageBody(data, token, s),
    },
    200,
  );
}

/** The page's token: the site and address it is for, or why it is no longer good. */
async function openMyPage(c: Context<AppEnv>, token: unknown) {
  const check =
    typeof token === "string" && token.length <= 2048
      ? await verifyLink(c.get("keys"), token, new Date())
      : ({ ok: false, why: "invalid" } as const);
  if (!check.ok && check.why === "invalid") return { refused: "invalid" as const };
  const { claims } = check;
  if (claims.action !== "myPage") return { refused: "invalid" as const };
  const site = await getSite(databaseOf(c.env, claims.site), claims.site);
  if (!site) return { refused: "invalid" as const };
  const s = await mailStrings(c.env.ASSETS, site.settings.mailLanguage);
  if (!check.ok) return { refused: "expired" as const, site, s };
  return { refused: null, site, s, emailHash: claims.recipient };
}

const myPageForm = z.object({
  t: z.string().optional(),
  do: z.enum(["unsubscribe", "erase", "erase-confirmed"]).optional(),
  thread: z.string().optional(),
});

export function readerLinkRoutes(router: DeclaredRouter): void {
  router.route(
    declare({
      method: "post",
      path: "/mine",
      form: myPageForm,
      errors: [],
      page: { statuses: [200, 400, 410], noStore: true },
    }),
    async (c) => {
      const form = myPageForm.safeParse(await readForm(c).catch(() => ({})));
      const opened = await openMyPage(c, form.data?.t);
      if (!form.success || opened.refused === "invalid") {
        const english = await mailStrings(c.env.ASSETS, "en");
        return linkPage({ language: "en", heading: english.invalid }, 400);
      }
      const { site, s } = opened;
      if (opened.refused) {
        return linkPage(
          { language: site.settings.mailLanguage, heading: s.reader.pageExpired },
          410,
        );
      }
      return myPageAction(
        c,
        { site, s, emailHash: opened.emailHash, token: form.data.t! },
        form.data,
      );
    },
  );
  router.route(
    declare({
      method: "post",
      path: "/mine/export",
      form: z.object({ t: z.string().max(2048) }),
      response: readerExportSchema,
      download: true,
      errors: [400, 401, 413, 415],
    }),
    async (c, { body }) => {
      const opened = await openMyPage(c, body.t);
      if (opened.refused) {
        throw new ApiError(
          "unauthorized",
          "This page's link has expired or is not valid; ask for a new one from the comments.",
        );
      }
      return exportData(c, opened.site, opened.emailHash);
    },
  );
}

/** What a button of the page asked for: an unsubscribe, the erasure (asked, then done). */
async function myPageAction(
  c: Context<AppEnv>,
  page: { site: Site; s: MailStrings; emailHash: string; token: string },
  form: z.infer<typeof myPageForm>,
): Promise<Response> {
  const { site, s, emailHash, token } = page;
  const db = databaseOf(c.env, site.id);
  const r = s.reader;
  const now = new Date();
  switch (form.do) {
    case "unsubscribe": {
      const thread = Number(form.thread);
      if (Number.isSafeInteger(thread)) await unsubscribeFromThread(db, site.id, thread, emailHash);
      return myPage(c, site, emailHash, s, now, r.unsubscribed);
    }
    case "erase":
      return linkPage(
        {
          language: site.settings.mailLanguage,
          heading: fill(r.eraseAsk, { site: site.name }),
          body: pageForm(token, { do: "erase-confirmed" }, r.eraseYes),
        },
        200,
      );
    case "erase-confirmed": {
      const erased = await eraseAuthor(db, emailHash, readerActor(site.id), now.toISOString(), {
        siteId: site.id,
      });
      const heading = fill(r.erased, { n: erased, site: site.name });
      return linkPage({ language: site.settings.mailLanguage, heading }, 200);
    }
    default:
      return myPage(c, site, emailHash, s, now);
  }
}

/** Everything the page shows, as JSON to keep: the right of access, served to the reader. */
async function exportData(c: Context<AppEnv>, site: Site, emailHash: string): Promise<Response> {
  const data = await loadReaderData(databaseOf(c.env, site.id), site.id, emailHash);
  const exported: z.input<typeof readerExportSchema> = {
    site: site.id,
    email: await openEmail(c.get("keys"), data.emailEncrypted).catch(() => null),
    exportedAt: new Date().toISOString(),
    comments: data.comments.map((comment) => ({
      id: comment.id,
      page: comment.pageTitle,
      url: comment.pageUrl,
      status: comment.status,
      name: comment.authorName,
      website: comment.authorWebsite,
      body: comment.body,
      createdAt: comment.createdAt,
      editedAt: comment.editedAt,
      verified: comment.verifiedAt !== null,
    })),
    subscriptions: data.subscriptions.map((subscription) => ({
      page: subscription.pageTitle,
      scope: subscription.scope,
      confirmed: subscription.confirmed,
      createdAt: subscription.createdAt,
    })),
    verifiedBrowsers: data.verifiedBrowsers,
  };
  // An answer to a POST: no cache keeps it without being told to, so no Cache-Control.
  return c.json(exported, 200, {
    "Content-Disposition": `attachment; filename="comments-${site.id}.json"`,
  });
}
