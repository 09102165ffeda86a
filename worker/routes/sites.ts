/** Sites: who may embed Parley, and each site's settings. Moderator token required. */
import { Hono } from "hono/tiny";
import type { Keys } from "../domain/keys";
import type { AppEnv } from "../env";
import { hashEmail, normalizeEmail, openEmail } from "../domain/privacy";
import { putRecipientsSchema, putSiteSchema, siteParamSchema } from "../schemas/sites";
import { listSites, putSite } from "../storage/sites";
import { listRecipients, replaceRecipients, type Recipient } from "../storage/subscriptions";
import { parseInput, readJson } from "../validation";
import { mayModerate } from "../domain/actor";
import { getSiteOrThrow, moderatedSite, requireOwner } from "./site-lookup";

export const sites = new Hono<AppEnv>();

sites.get("/", async (c) => {
  const all = await listSites(c.env.DB);
  return c.json({ sites: all.filter((site) => mayModerate(c.var.actor, site.id)) });
});

sites.get("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  return c.json(await moderatedSite(c, id));
});

sites.put("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  const input = parseInput(putSiteSchema, await readJson(c));
  const site = await putSite(c.env.DB, {
    id,
    name: input.name,
    origins: [...new Set(input.origins)],
    settings: input.settings,
  });
  return c.json(site);
});

/** Who hears about the site's held comments. */
sites.get("/:site/recipients", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  await getSiteOrThrow(c.env.DB, id);
  return c.json({
    recipients: await recipientViews(c.var.keys, await listRecipients(c.env.DB, id)),
  });
});

sites.put("/:site/recipients", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  requireOwner(c);
  const input = parseInput(putRecipientsSchema, await readJson(c));
  await getSiteOrThrow(c.env.DB, id);
  const emails = [...new Set(input.emails.map(normalizeEmail))];
  const keys = c.var.keys;
  const recipients = await Promise.all(
    emails.map(async (email) => ({
      emailHash: await hashEmail(keys, email),
      emailEncrypted: await keys.encrypt(email),
    })),
  );
  await replaceRecipients(c.env.DB, id, recipients, new Date().toISOString());
  return c.json({ recipients: await recipientViews(keys, await listRecipients(c.env.DB, id)) });
});

function recipientViews(keys: Keys, recipients: Recipient[]) {
  return Promise.all(
    recipients.map(async (recipient) => ({
      email: (await openEmail(keys, recipient.emailEncrypted)) ?? "",
      since: recipient.createdAt,
    })),
  );
}
