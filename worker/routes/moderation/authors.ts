/** Privacy requests: export or erase everything stored about one email address. */
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { toBanView, toModComment } from "../../domain/mod-comment";
import { hashEmail, normalizeEmail } from "../../domain/privacy";
import { authorErasedSchema, authorExportSchema, emailQuerySchema } from "../../schemas/moderation";
import { eraseAuthor, loadAuthorData } from "../../storage/authors";
import { findModerator } from "../../storage/moderators";
import { allDatabases } from "../../platform/site-databases";

/** Privacy requests reach across every site: the owner's. */
export function authorRoutes(api: DeclaredRouter): void {
  api.route(exportAuthorDeclaration, exportAuthor);
  api.route(eraseAuthorDeclaration, eraseAuthorEverywhere);
}

const exportAuthorDeclaration = declare({
  method: "get",
  path: "/authors",
  owner: true,
  query: emailQuerySchema,
  response: authorExportSchema,
  errors: [400, 401, 403],
});

const exportAuthor: Handler<typeof exportAuthorDeclaration> = async (c, { query }) => {
  const { email } = query;
  const emailHash = await hashEmail(c.get("keys"), email);
  // Every database's part, one after another (DB's first), each in its own order.
  const parts = await Promise.all(allDatabases(c.env).map((db) => loadAuthorData(db, emailHash)));
  const data = parts[0]!;
  for (const part of parts.slice(1)) {
    data.comments.push(...part.comments);
    data.bans.push(...part.bans);
    data.knownOnSites.push(...part.knownOnSites);
    data.verifiedOnSites.push(...part.verifiedOnSites);
    data.mail.subscriptions.push(...part.mail.subscriptions);
    data.mail.recipientOn.push(...part.mail.recipientOn);
    data.mail.queuedMail += part.mail.queuedMail;
  }
  const now = new Date();
  // Moderators live in DB alone.
  const account = await findModerator(c.env.DB, { emailHash });
  return c.json({
    email: normalizeEmail(email),
    moderatorAccount: account && {
      id: account.id,
      name: account.name,
      role: account.role,
      sites: account.sites,
      createdAt: account.createdAt,
    },
    comments: await Promise.all(
      data.comments.map((comment) => toModComment(c.get("keys"), comment)),
    ),
    bans: await Promise.all(data.bans.map((ban) => toBanView(c.get("keys"), ban, now))),
    knownOnSites: data.knownOnSites,
    verifiedOnSites: data.verifiedOnSites,
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
};

const eraseAuthorDeclaration = declare({
  method: "delete",
  path: "/authors",
  owner: true,
  query: emailQuerySchema,
  response: authorErasedSchema,
  errors: [400, 401, 403],
});

const eraseAuthorEverywhere: Handler<typeof eraseAuthorDeclaration> = async (c, { query }) => {
  const { email } = query;
  const emailHash = await hashEmail(c.get("keys"), email);
  const erased = await Promise.all(
    allDatabases(c.env).map((db) =>
      eraseAuthor(db, emailHash, c.get("actor"), new Date().toISOString()),
    ),
  );
  // A moderator's account is not erased by a privacy request (it would lock them out): the
  // answer names it, and the owner revokes it, which forgets its address.
  const account = await findModerator(c.env.DB, { emailHash });
  return c.json({
    erased: erased.reduce((sum, n) => sum + n, 0),
    moderatorAccount: account && { id: account.id, name: account.name },
  });
};
