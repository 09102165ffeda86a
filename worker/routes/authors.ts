/** Privacy requests: export or erase everything stored about one email address. */
import { Hono } from "hono/tiny";
import { toBanView, toModComment } from "../domain/mod-comment";
import { hashEmail, normalizeEmail } from "../domain/privacy";
import type { AppEnv } from "../env";
import { emailQuerySchema } from "../schemas/moderation";
import { eraseAuthor, loadAuthorData } from "../storage/authors";
import { parseInput } from "../validation";
import { requireOwner } from "./site-lookup";

export const authors = new Hono<AppEnv>();

// Privacy requests reach across every site: the owner's.
authors.use(async (c, next) => {
  requireOwner(c);
  await next();
});

authors.get("/", async (c) => {
  const { email } = parseInput(emailQuerySchema, c.req.query());
  const data = await loadAuthorData(c.env.DB, await hashEmail(c.var.keys, email));
  const now = new Date();
  return c.json({
    email: normalizeEmail(email),
    comments: await Promise.all(data.comments.map((comment) => toModComment(c.var.keys, comment))),
    bans: await Promise.all(data.bans.map((ban) => toBanView(c.var.keys, ban, now))),
    knownOnSites: data.knownOnSites,
    mail: {
      subscriptions: data.mail.subscriptions.map((subscription) => ({
        site: subscription.siteId,
        page: subscription.threadKey,
        scope: subscription.scope,
        commentId: subscription.commentId,
        confirmed: subscription.confirmed,
        createdAt: subscription.createdAt,
      })),
      recipientOn: data.mail.recipientOn,
      queuedMail: data.mail.queuedMail,
    },
  });
});

authors.delete("/", async (c) => {
  const { email } = parseInput(emailQuerySchema, c.req.query());
  return c.json({
    erased: await eraseAuthor(c.env.DB, await hashEmail(c.var.keys, email), c.var.actor),
  });
});
