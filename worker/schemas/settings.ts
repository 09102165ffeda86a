import * as z from "zod";
import { languages } from "../domain/languages";
import { reactionKinds } from "../domain/reactions";
import { emailPattern, ownerNameSchema } from "./common";

/**
 * A site's settings. Every field has a default, so `{}` is a complete configuration and
 * settings stored by an older version pick up new fields' defaults when read.
 */
export const siteSettingsSchema = z.object({
  moderation: z.enum(["first-time", "all", "none"]).default("first-time"),
  knownAuthorsMustVerify: z.boolean().default(false),
  maxLinks: z.number().int().min(0).max(100).default(2),
  holdWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  blockWords: z.array(z.string().trim().min(1).max(100)).max(1000).default([]),
  requireName: z.boolean().default(true),
  requireEmail: z.boolean().default(true),
  maxDepth: z.number().int().min(1).max(20).default(5),
  maxLength: z.number().int().min(1).max(20000).default(10000),
  editWindowSeconds: z.number().int().min(0).max(86400).default(900),
  minSubmitSeconds: z.number().int().min(0).max(3600).default(3),
  requireFormToken: z.boolean().default(false),
  rateLimitPerMinute: z.number().int().min(1).max(10000).default(5),
  rateLimitPerDay: z.number().int().min(1).max(100000).default(50),
  previewsPerMinute: z.number().int().min(1).max(10000).default(20),
  closeAfterDays: z.number().int().min(1).max(36500).nullable().default(null),
  turnstileSiteKey: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{10,100}$/, "Paste the site key from the Turnstile dashboard.")
    .nullable()
    .default(null),
  akismet: z.boolean().default(false),
  akismetSendEmail: z.boolean().default(false),
  notifyWebhookUrl: z
    .url({ protocol: /^https?$/, message: "Enter an http(s) URL." })
    .regex(/^[Hh][Tt][Tt][Pp][Ss]?:/, "Enter an http(s) URL.")
    .nullable()
    .default(null),
  mailFrom: z
    .string()
    .max(254)
    .regex(emailPattern, "Enter the address the site's mail is sent from.")
    .nullable()
    .default(null),
  mailFromName: ownerNameSchema.max(100).nullable().default(null),
  mailLanguage: z.enum(languages).default("en"),
  mailDigestMinutes: z.number().int().min(1).max(1440).default(15),
  mailSpamReport: z.boolean().default(false),
  likes: z.boolean().default(true),
  reactions: z
    .array(z.enum(reactionKinds))
    .max(6, "Offer at most six reactions.")
    .refine((kinds) => new Set(kinds).size === kinds.length, "Name each reaction once.")
    .default([]),
  reports: z.boolean().default(true),
  feeds: z.boolean().default(true),
  holdAfterReports: z.number().int().min(1).max(100).default(3),
  readerNotifications: z.boolean().default(true),
  ssoSecret: z
    .string()
    .min(32, "Use an SSO secret of at least 32 characters.")
    .max(200, "An SSO secret has at most 200 characters.")
    .regex(/^[\x21-\x7e]+$/, "Use printable ASCII characters, without spaces.")
    .nullable()
    .default(null),
  ssoLoginUrl: z
    .url({ protocol: /^https?$/, message: "Enter an http(s) URL." })
    .regex(/^[Hh][Tt][Tt][Pp][Ss]?:/, "Enter an http(s) URL.")
    .max(2000)
    .nullable()
    .default(null),
  anonymousComments: z.boolean().default(true),
  remoteRepliesDays: z.number().int().min(0).max(365).default(30),
  webmentions: z.boolean().default(false),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

/**
 * Settings that are secrets (a webhook's URL is its credential): written, never read back,
 * by anyone. Answers say only whether each is set; a PUT that leaves one out keeps it.
 */
export const secretSettings = ["notifyWebhookUrl", "ssoSecret"] as const;
export type SecretSetting = (typeof secretSettings)[number];

/** The settings as any answer shows them: the secrets left out. */
export const shownSettingsSchema = siteSettingsSchema.omit({
  notifyWebhookUrl: true,
  ssoSecret: true,
});

export function shownSettings(settings: SiteSettings): z.infer<typeof shownSettingsSchema> {
  const { notifyWebhookUrl: _webhook, ssoSecret: _sso, ...shown } = settings;
  return shown;
}

/** Which secrets are set. */
export function secretsSet(settings: SiteSettings): Record<SecretSetting, boolean> {
  return {
    notifyWebhookUrl: settings.notifyWebhookUrl !== null,
    ssoSecret: settings.ssoSecret !== null,
  };
}

/**
 * Stored settings as today's rules read them. A value stored before a rule tightened (a
 * sender name with a line break, say) falls back to its default instead of failing every
 * request of the site.
 */
export function resolveSettings(stored: unknown): SiteSettings {
  const parsed = siteSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const refused = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  console.warn(`settings: stored ${[...refused].join(", ")} refused, using defaults`);
  const record = typeof stored === "object" && stored !== null ? stored : {};
  const kept = Object.entries(record).filter(([name]) => !refused.has(name));
  return siteSettingsSchema.parse(Object.fromEntries(kept));
}
