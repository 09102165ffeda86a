/** Sites: who may embed Parley, and each site's settings. Moderator token required. */
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { Keys } from "../../domain/keys";
import { hashEmail, normalizeEmail, openEmail } from "../../domain/privacy";
import {
  putRecipientsSchema,
  putSiteSchema,
  recipientsSchema,
  siteParamSchema,
  siteSchema,
} from "../../schemas/sites";
import { getSite, listSites, putSite } from "../../storage/sites";
import type { SiteSettings } from "../../schemas/settings";
import { toSiteAnswer } from "../../schemas/sites";
import { listRecipients, replaceRecipients, type Recipient } from "../../storage/subscriptions";
import { mayModerate } from "../../domain/actor";
import { allDatabases, databaseOf } from "../../platform/site-databases";
import { getSiteOrThrow, moderatedSite } from "../site-lookup";

/** Sites: the owner makes and changes them; a moderator reads those they moderate. */
export function siteRoutes(api: DeclaredRouter): void {
  api.route(listSitesDeclaration, listModeratedSites);
  api.route(readSiteDeclaration, readSite);
  api.route(putSiteDeclaration, saveSite);
  api.route(readRecipientsDeclaration, readRecipients);
  api.route(putRecipientsDeclaration, putRecipients);
}

const listSitesDeclaration = declare({
  method: "get",
  path: "/sites",
  response: z.object({ sites: z.array(siteSchema) }),
  errors: [401],
});

const listModeratedSites: Handler<typeof listSitesDeclaration> = async (c) => {
  const all = (await Promise.all(allDatabases(c.env).map(listSites))).flat();
  all.sort((a, b) => (a.id < b.id ? -1 : 1));
  return c.json({
    sites: all.filter((site) => mayModerate(c.get("actor"), site.id)).map(toSiteAnswer),
  });
};

const readSiteDeclaration = declare({
  method: "get",
  path: "/sites/:site",
  params: siteParamSchema,
  response: siteSchema,
  errors: [400, 401, 403, 404],
});

const readSite: Handler<typeof readSiteDeclaration> = async (c, { params }) => {
  const { site: id } = params;
  return c.json(toSiteAnswer(await moderatedSite(c, id)));
};

const putSiteDeclaration = declare({
  method: "put",
  path: "/sites/:site",
  owner: true,
  params: siteParamSchema,
  body: putSiteSchema,
  response: siteSchema,
  errors: [400, 401, 403, 413, 415],
});

const saveSite: Handler<typeof putSiteDeclaration> = async (c, { params, body: input }) => {
  const { site: id } = params;
  const db = databaseOf(c.env, id);
  let settings: SiteSettings | undefined;
  if (input.settings) {
    const { notifyWebhookUrl, ssoSecret, ...rest } = input.settings;
    // A secret left out keeps the value it has (or its default, on a new site).
    const kept =
      notifyWebhookUrl === undefined || ssoSecret === undefined
        ? (await getSite(db, id))?.settings
        : undefined;
    settings = {
      ...rest,
      notifyWebhookUrl:
        notifyWebhookUrl === undefined ? (kept?.notifyWebhookUrl ?? null) : notifyWebhookUrl,
      ssoSecret: ssoSecret === undefined ? (kept?.ssoSecret ?? null) : ssoSecret,
    };
  }
  const site = await putSite(
    db,
    {
      id,
      name: input.name,
      origins: [...new Set(input.origins)],
      settings,
    },
    new Date().toISOString(),
  );
  return c.json(toSiteAnswer(site));
};

/** Who hears about the site's held comments. */
const readRecipientsDeclaration = declare({
  method: "get",
  path: "/sites/:site/recipients",
  owner: true,
  params: siteParamSchema,
  response: recipientsSchema,
  errors: [400, 401, 403, 404],
});

const readRecipients: Handler<typeof readRecipientsDeclaration> = async (c, { params }) => {
  const { site: id } = params;
  const db = databaseOf(c.env, id);
  await getSiteOrThrow(db, id);
  return c.json({
    recipients: await recipientViews(c.get("keys"), await listRecipients(db, id)),
  });
};

const putRecipientsDeclaration = declare({
  method: "put",
  path: "/sites/:site/recipients",
  owner: true,
  params: siteParamSchema,
  body: putRecipientsSchema,
  response: recipientsSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const putRecipients: Handler<typeof putRecipientsDeclaration> = async (
  c,
  { params, body: input },
) => {
  const { site: id } = params;
  const db = databaseOf(c.env, id);
  await getSiteOrThrow(db, id);
  const emails = [...new Set(input.emails.map(normalizeEmail))];
  const keys = c.get("keys");
  const recipients = await Promise.all(
    emails.map(async (email) => ({
      emailHash: await hashEmail(keys, email),
      emailEncrypted: await keys.encrypt(email),
    })),
  );
  await replaceRecipients(db, id, recipients, new Date().toISOString());
  return c.json({ recipients: await recipientViews(keys, await listRecipients(db, id)) });
};

function recipientViews(keys: Keys, recipients: Recipient[]) {
  return Promise.all(
    recipients.map(async (recipient) => ({
      email: (await openEmail(keys, recipient.emailEncrypted)) ?? "",
      since: recipient.createdAt,
    })),
  );
}
