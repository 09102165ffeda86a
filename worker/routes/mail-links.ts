/**
 * Where links from Parley's mail lead: `GET /mail/link?t=…` shows what the link would do and
 * a button; only the button's POST does it (mail scanners follow links; they do not press
 * buttons). A mail client's RFC 8058 one-click unsubscribe POSTs the same address.
 * Moderation links work once and only for a recipient the site still mails; subscription
 * links (confirm, unsubscribe) may be used again, and using them again changes nothing; a
 * reader's own links (verify, "my comments") work once (reader-links.ts).
 */
import type { Context } from "hono";
import * as z from "zod";
import { mailLinkActor } from "../domain/actor";
import type { CommentStatus } from "../domain/comment";
import { mailTokenFor } from "../domain/privacy";
import { siteOrigin } from "../domain/site";
import type { AppEnv } from "../env";
import { deliverAfterResponse } from "../mail/deliver";
import { webhookRecipient } from "../mail/compose";
import { moderationActions, verifyLink } from "../mail/links";
import { linkPage, type PageButton, type PageContent } from "../mail/page";
import { fill, mailStrings } from "../mail/strings";
import { loadLinkSubject, useLink } from "../storage/mail-links";
import { setStatuses } from "../storage/mod-decisions";
import {
  confirmAddress,
  unsubscribeFromSite,
  unsubscribeFromThread,
} from "../storage/subscriptions";
import { databaseOf } from "../platform/site-databases";
import { bodyLimit } from "../middleware/body-limit";
import { requireSecrets } from "../middleware/secrets";
import { dropCachedReads } from "../platform/read-cache";
import { declare, declaredRouter } from "./declare";
import { readForm } from "../validation";
import type { Form, LinkContext } from "./link-context";
import { tellAkismet } from "./moderation/decisions";
import { readerLink, readerLinkRoutes } from "./reader-links";

/** Pages behind the links in Parley's mail, under /mail: small forms only. */
export const mailLinks = declaredRouter("/mail", "public");
mailLinks.app.use(bodyLimit(4 * 1024, "4 KiB"), requireSecrets(), dropCachedReads("all"));

const tokenSchema = z
  .string()
  .max(2048)
  .regex(/^[\w-]+\.[\w-]+$/);
const actSchema = z.enum(moderationActions);
const statusOf: Record<(typeof moderationActions)[number], CommentStatus> = {
  approve: "approved",
  spam: "spam",
  reject: "rejected",
};

/** Its pages answer what is wrong with a link themselves: the token is checked here. */
const linkQuerySchema = z.object({ t: z.string().optional() });
const linkStatuses = [200, 400, 403, 404, 409, 410];

mailLinks.route(
  declare({
    method: "get",
    path: "/link",
    query: linkQuerySchema,
    errors: [],
    page: { statuses: linkStatuses, noStore: true },
  }),
  (c) => answerLink(c, null),
);
mailLinks.route(
  declare({
    method: "post",
    path: "/link",
    query: linkQuerySchema,
    form: z.object({
      t: z.string().optional(),
      act: z.enum(moderationActions).optional(),
      "List-Unsubscribe": z.literal("One-Click").optional(),
    }),
    errors: [],
    page: { statuses: linkStatuses, noStore: true },
  }),
  // An unreadable form is answered as one without fields: the link's page says what is missing.
  async (c) => answerLink(c, await readForm(c).catch(() => ({}))),
);
readerLinkRoutes(mailLinks);

/** The link's page (form null: a GET) or the outcome of its button (a POST's form). */
async function answerLink(c: Context<AppEnv>, form: Form | null) {
  const parsedToken = tokenSchema.safeParse(c.req.query("t") ?? form?.t);
  const english = await mailStrings(c.env.ASSETS, "en");
  if (!parsedToken.success) return linkPage({ language: "en", heading: english.invalid }, 400);
  const token = parsedToken.data;
  const now = new Date();
  const check = await verifyLink(c.get("keys"), token, now);
  if (!check.ok && check.why === "invalid") {
    return linkPage({ language: "en", heading: english.invalid }, 400);
  }
  // Signed by Parley, whether still valid or expired: its claims can be trusted.
  const { claims } = check;
  const singleUse = claims.action === "review" || claims.nonce !== undefined;
  // A review link has no nonce of its own: its signature is what gets used up.
  const usedKey = singleUse ? (claims.nonce ?? token.slice(token.indexOf(".") + 1)) : undefined;
  // The link names its site, and so the database holding it.
  const db = databaseOf(c.env, claims.site);
  const subject = await loadLinkSubject(db, { ...claims, usedKey });
  if (!subject.site) return linkPage({ language: "en", heading: english.invalid }, 404);
  const language = subject.site.settings.mailLanguage;
  const s = await mailStrings(c.env.ASSETS, language);
  // Every page leads on: a moderator's to the desk, a reader's back to the article (or the
  // site, when the link names no page).
  const moderating =
    claims.action === "review" || (moderationActions as readonly string[]).includes(claims.action);
  const page = subject.pageUrl ?? subject.comment?.pageUrl ?? null;
  const wayOn: PageContent["link"] = moderating
    ? { label: s.toDesk, href: "/admin/" }
    : page
      ? { label: s.back, href: page.split("#")[0]! }
      : { label: fill(s.backToSite, { site: subject.site.name }), href: siteOrigin(subject.site) };
  const answer = (
    heading: string,
    status = 200,
    buttons?: PageButton[],
    quote = false,
    link: PageContent["link"] = wayOn,
  ) =>
    linkPage(
      {
        language,
        heading,
        buttons,
        link,
        quote:
          quote && subject.comment
            ? {
                comment: subject.comment,
                wrote: fill(s.wrote, {
                  author: subject.comment.authorName || s.anonymous,
                  page: subject.comment.pageTitle,
                }),
              }
            : undefined,
      },
      status,
    );
  if (!check.ok) return answer(s.expired, 410);

  const context: LinkContext = { c, db, claims, subject, s, answer, usedKey };
  const readers = ["verify", "mine", "myPage"];
  if (readers.includes(claims.action)) return readerLink(context, form);
  if (moderating) return moderate(context, form);
  return subscription(context, form);
}

async function moderate(
  { c, db, claims, subject, s, answer, usedKey }: LinkContext,
  form: Form | null,
) {
  const { comment } = subject;
  // The webhook's link only reviews, and only while the site still posts to that webhook; a
  // mailed link works while its recipient still receives the site's notices (a moderator
  // removed from the list loses their links).
  const webhook = subject.site!.settings.notifyWebhookUrl;
  const fromWebhook = claims.recipient.startsWith("webhook");
  const allowed = fromWebhook
    ? claims.action === "review" &&
      webhook !== null &&
      claims.recipient === (await webhookRecipient(c.get("keys"), webhook))
    : subject.recipientListed;
  if (!allowed || !usedKey) return answer(s.invalid, 403);
  if (subject.used) return answer(s.used, 409);
  if (!comment || comment.deleted || comment.id !== claims.comment) return answer(s.gone, 404);

  if (!form) {
    if (claims.action !== "review") {
      const action = claims.action as (typeof moderationActions)[number];
      return answer(s.ask[action], 200, [{ label: s[action] }], true);
    }
    return answer(
      fill(s.held, { site: subject.site!.name }),
      200,
      moderationActions.map((act) => ({ label: s[act], act, quiet: act !== "approve" })),
      true,
    );
  }
  const act = actSchema.safeParse(claims.action === "review" ? form.act : claims.action);
  if (!act.success) return answer(s.invalid, 400);
  if (!(await useLink(db, usedKey, new Date(claims.expires * 1000).toISOString()))) {
    return answer(s.used, 409);
  }
  const status = statusOf[act.data];
  const actor = mailLinkActor(fromWebhook ? "webhook" : "mail");
  const { akismetReviewed } = await setStatuses(
    db,
    [comment.id],
    status,
    actor,
    new Date().toISOString(),
  );
  tellAkismet(c, db, akismetReviewed, status);
  if (status === "approved") deliverAfterResponse(c.executionCtx, c.env, c.get("keys"), db);
  return answer(s.done[act.data]);
}

async function subscription({ c, db, claims, subject, s, answer }: LinkContext, form: Form | null) {
  const site = subject.site!;
  const action = claims.action as "confirm" | "stopPage" | "stopSite";
  // The confirmation reaches an address before it has said yes to anything: like its mail,
  // its page names the site and its origin only, never what a poster typed.
  const names = { page: subject.pageTitle ?? "", site: site.name, origin: siteOrigin(site) };
  if (action !== "stopSite" && subject.pageTitle === null) return answer(s.invalid, 404);
  if (!form) {
    const label = { confirm: s.confirm, stopPage: s.stopPage, stopSite: fill(s.stopSite, names) };
    return answer(fill(s.ask[action], names), 200, [{ label: label[action] }]);
  }
  const at = new Date().toISOString();
  switch (action) {
    case "confirm": {
      // An address erased or unsubscribed since has nothing left to confirm.
      const confirmed = await confirmAddress(db, site.id, claims.recipient, at);
      if (!confirmed) return answer(s.invalid, 404);
      if (!subject.pageUrl) break;
      // This browser confirmed: the way back hands it the mail token, which the widget keeps
      // so its next posts subscribe at once (a fragment never reaches a server's logs).
      const token = await mailTokenFor(
        c.get("keys"),
        site.id,
        claims.recipient,
        confirmed.addressSince,
      );
      return answer(fill(s.done[action], names), 200, undefined, false, {
        label: s.back,
        href: `${subject.pageUrl.split("#")[0]}#parley-mail=${token}`,
      });
    }
    case "stopPage":
      await unsubscribeFromThread(db, site.id, claims.thread!, claims.recipient);
      break;
    case "stopSite":
      await unsubscribeFromSite(db, site.id, claims.recipient);
      break;
  }
  return answer(fill(s.done[action], names));
}
