/**
 * Notification targets as the moderation API takes and shows them. The URL and tokens are
 * write-only: an answer shows a hint (the host and the last characters), never the secret.
 */
import * as z from "zod";
import { siteIdSchema } from "./common";

export const targetKinds = ["slack", "discord", "telegram", "ntfy", "webhook"] as const;
export type TargetKind = (typeof targetKinds)[number];

/** What a target can ask to hear about. */
export const targetEvents = ["held", "approved", "reported", "spam-digest"] as const;
export type TargetEvent = (typeof targetEvents)[number];

const eventsSchema = z
  .array(z.enum(targetEvents))
  .min(1, "Choose at least one event.")
  .max(targetEvents.length)
  .refine((events) => new Set(events).size === events.length, "Name each event once.");

const labelSchema = z.string().trim().max(100);

const httpsUrl = (message: string) =>
  z
    .url({ protocol: /^https$/, message })
    .max(2000)
    .regex(/^[Hh][Tt][Tt][Pp][Ss]:/, message);
const httpUrl = z
  .url({ protocol: /^https?$/, message: "Enter an http(s) URL." })
  .max(2000)
  .regex(/^[Hh][Tt][Tt][Pp][Ss]?:/, "Enter an http(s) URL.");

/** BotFather's token: the bot's number, a colon, and its secret part. */
export const botTokenSchema = z
  .string()
  .trim()
  .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, "Paste the token BotFather gave (123456:ABC…).");
/** A chat's numeric id (negative for groups and channels), as Telegram's updates carry it. */
export const chatIdSchema = z
  .string()
  .trim()
  .regex(/^-?\d{1,20}$/, "Give the chat's numeric id (groups start with -).");

const common = { label: labelSchema.default(""), events: eventsSchema };

/** A new target: its kind decides what else it needs. */
export const newTargetSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("slack"),
    url: httpsUrl("Paste the incoming webhook's https URL."),
    ...common,
  }),
  z.object({
    kind: z.literal("discord"),
    url: httpsUrl("Paste the channel webhook's https URL."),
    ...common,
  }),
  z.object({
    kind: z.literal("telegram"),
    botToken: botTokenSchema,
    chatId: chatIdSchema,
    /** Held comments come with Approve, Spam and Reject buttons that act from this chat. */
    moderate: z.boolean().default(false),
    ...common,
  }),
  z.object({
    kind: z.literal("ntfy"),
    url: httpUrl,
    token: z
      .string()
      .trim()
      .regex(/^[\x21-\x7E]{1,200}$/, "Paste the access token (tk_…).")
      .optional(),
    priority: z.number().int().min(1).max(5).default(3),
    ...common,
  }),
  z.object({ kind: z.literal("webhook"), url: httpUrl, ...common }),
]);
export type NewTarget = z.infer<typeof newTargetSchema>;

/** A change of what a target hears and how it is named (its secrets: delete and add again). */
export const targetChangeSchema = z
  .object({
    label: labelSchema.optional(),
    events: eventsSchema.optional(),
    moderate: z.boolean().optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), {
    message: "Give a label, events or moderate.",
    path: ["events"],
  });

export const targetParamsSchema = z.object({
  site: siteIdSchema,
  target: z.string().regex(/^t_[a-z0-9]{8,40}$/, "Not a notification target id."),
});

export const targetSchema = z.object({
  id: z.string(),
  kind: z.enum(targetKinds),
  label: z.string(),
  events: z.array(z.enum(targetEvents)),
  /** Where it goes, masked ("hooks.slack.com/…c9Qx"): the secret itself is never shown. */
  hint: z.string(),
  /** Telegram: the chat it posts to; null for the others. */
  chatId: z.string().nullable(),
  moderate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const telegramWebhookSchema = z.object({
  /** Where Telegram now sends the bot's updates (a button press). */
  url: z.string(),
});

/** The secret part of a target, sealed at rest. */
export interface TargetSecret {
  url?: string;
  token?: string;
  botToken?: string;
  priority?: number;
}
