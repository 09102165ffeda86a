/**
 * Privacy requests: export or erase everything stored about one email address, or about one
 * signed-in user of a site (single sign-on), whom the site knows by their id.
 */
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { toBanView, toModComment } from "../../domain/mod-comment";
import type { Keys } from "../../domain/keys";
import { hashEmail, normalizeEmail, ssoUserHash } from "../../domain/privacy";
import {
  authorErasedSchema,
  authorExportSchema,
  emailQuerySchema,
  ssoUserErasedSchema,
  ssoUserExportSchema,
  ssoUserQuerySchema,
} from "../../schemas/moderation";
import { eraseAuthor, loadAuthorData } from "../../storage/authors";
import { findModerator } from "../../storage/moderators";
import { allDatabases, databaseOf } from "../../platform/site-databases";

type AuthorData = Awaited<ReturnType<typeof loadAuthorData>>;

/** Privacy requests reach across every site: the owner's. */
export function authorRoutes(api: DeclaredRouter): void {
  api.route(exportAuthorDeclaration, exportAuthor);
  api.route(eraseAuthorDeclaration, eraseAuthorEverywhere);
  api.route(exportSsoUserDeclaration, exportSsoUser);
  api.route(eraseSsoUserDeclaration, eraseSsoUser);
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
    ...(await exportAnswer(c.get("keys"), data)),
    verifiedOnSites: data.verifiedOnSites,
  });
};

/** What an export tells of the data stored under one hash (an address's or a signed-in user's). */
async function exportAnswer(keys: Keys, data: AuthorData) {
  const now = new Date();
  return {
    comments: await Promise.all(data.comments.map((comment) => toModComment(keys, comment))),
    bans: await Promise.all(data.bans.map((ban) => toBanView(keys, ban, now))),
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
  };
}

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

const exportSsoUserDeclaration = declare({
  method: "get",
  path: "/sso-users",
  owner: true,
  query: ssoUserQuerySchema,
  response: ssoUserExportSchema,
  errors: [400, 401, 403],
});

/** A signed-in user's data: their hash is the site's alone, so only the site's database holds it. */
const exportSsoUser: Handler<typeof exportSsoUserDeclaration> = async (c, { query }) => {
  const { site, user } = query;
  const hash = await ssoUserHash(c.get("keys"), site, user);
  const data = await loadAuthorData(databaseOf(c.env, site), hash);
  return c.json({ site, user, ...(await exportAnswer(c.get("keys"), data)) });
};

const eraseSsoUserDeclaration = declare({
  method: "delete",
  path: "/sso-users",
  owner: true,
  query: ssoUserQuerySchema,
  response: ssoUserErasedSchema,
  errors: [400, 401, 403],
});

const eraseSsoUser: Handler<typeof eraseSsoUserDeclaration> = async (c, { query }) => {
  const { site, user } = query;
  const hash = await ssoUserHash(c.get("keys"), site, user);
  const erased = await eraseAuthor(
    databaseOf(c.env, site),
    hash,
    c.get("actor"),
    new Date().toISOString(),
  );
  return c.json({ erased });
};
