/** Sites: who may embed Parley, and each site's settings. Moderator token required. */
import { Hono } from "hono/tiny";
import type { Keys } from "../../domain/keys";
import type { AppEnv } from "../../env";
import { hashEmail, normalizeEmail, openEmail } from "../../domain/privacy";
import { putRecipientsSchema, putSiteSchema, siteParamSchema } from "../../schemas/sites";
import { getSite, listSites, putSite } from "../../storage/sites";
import type { SiteSettings } from "../../schemas/settings";
import { toSiteAnswer } from "../../schemas/sites";
import { listRecipients, replaceRecipients, type Recipient } from "../../storage/subscriptions";
import { parseInput, readJson } from "../../validation";
import { mayModerate } from "../../domain/actor";
import { allDatabases, databaseOf } from "../../platform/site-databases";
import { getSiteOrThrow, moderatedSite, requireOwner } from "../site-lookup";

export const sites = new Hono<AppEnv>();

sites.get("/", async (c) => {
  const all = (await Promise.all(allDatabases(c.env).map(listSites))).flat();
  all.sort((a, b) => (a.id < b.id ? -1 : 1));
  return c.json({
    sites: all.filter((site) => mayModerate(c.var.actor, site.id)).map(toSiteAnswer),
  });
});

sites.get("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  return c.json(toSiteAnswer(await moderatedSite(c, id)));
});

sites.put("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  const input = parseInput(putSiteSchema, await readJson(c));
  const db = databaseOf(c.env, id);
  let settings: SiteSettings | undefined;
  if (input.settings) {
    const { notifyWebhookUrl, ...rest } = input.settings;
    // A secret left out keeps the value it has (or its default, on a new site).
    const kept = notifyWebhookUrl === undefined ? (await getSite(db, id))?.settings : undefined;
    settings = { ...rest, notifyWebhookUrl: notifyWebhookUrl ?? kept?.notifyWebhookUrl ?? null };
  }
  const site = await putSite(db, {
    id,
    name: input.name,
    origins: [...new Set(input.origins)],
    settings,
  });
  return c.json(toSiteAnswer(site));
});

/** Who hears about the site's held comments. */
sites.get("/:site/recipients", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  const db = databaseOf(c.env, id);
  await getSiteOrThrow(db, id);
  return c.json({
    recipients: await recipientViews(c.var.keys, await listRecipients(db, id)),
  });
});

sites.put("/:site/recipients", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  const input = parseInput(putRecipientsSchema, await readJson(c));
  const db = databaseOf(c.env, id);
  await getSiteOrThrow(db, id);
  const emails = [...new Set(input.emails.map(normalizeEmail))];
  const keys = c.var.keys;
  const recipients = await Promise.all(
    emails.map(async (email) => ({
      emailHash: await hashEmail(keys, email),
      emailEncrypted: await keys.encrypt(email),
    })),
  );
  await replaceRecipients(db, id, recipients, new Date().toISOString());
  return c.json({ recipients: await recipientViews(keys, await listRecipients(db, id)) });
});

function recipientViews(keys: Keys, recipients: Recipient[]) {
  return Promise.all(
    recipients.map(async (recipient) => ({
      email: (await openEmail(keys, recipient.emailEncrypted)) ?? "",
      since: recipient.createdAt,
    })),
  );
}
