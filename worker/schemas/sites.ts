import * as z from "zod";
import type { Site } from "../domain/site";
import { secretsSet, shownSettings, shownSettingsSchema, siteSettingsSchema } from "./settings";
import { emailSchema, originSchema, ownerNameSchema, siteIdSchema } from "./common";

export const siteParamSchema = z.object({ site: siteIdSchema });

export const putSiteSchema = z.object({
  name: ownerNameSchema,
  origins: z
    .array(originSchema)
    .min(1, "List at least one origin, such as https://news.example.")
    .max(50),
  settings: siteSettingsSchema
    // A secret left out is kept (answers never show it, so a desk cannot send it back).
    .extend({
      notifyWebhookUrl: siteSettingsSchema.shape.notifyWebhookUrl.unwrap().nullable().optional(),
      ssoSecret: siteSettingsSchema.shape.ssoSecret.unwrap().nullable().optional(),
    })
    .optional(),
});

export const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  origins: z.array(z.string()),
  settings: shownSettingsSchema,
  secrets: z.object({ notifyWebhookUrl: z.boolean(), ssoSecret: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const putRecipientsSchema = z.object({
  emails: z.array(emailSchema).max(20, "A site mails at most 20 recipients."),
});

export const recipientsSchema = z.object({
  recipients: z.array(z.object({ email: z.string(), since: z.string() })),
});

/** A site as the moderation API answers with it: its secrets only said to be set or not. */
export function toSiteAnswer(site: Site): z.infer<typeof siteSchema> {
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    settings: shownSettings(site.settings),
    secrets: secretsSet(site.settings),
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
  };
}
