/** Schemas of the moderation API's links from pages to their posts on Mastodon and Bluesky. */
import * as z from "zod";
import { remoteKinds } from "../domain/remote-source";
import { pageKeySchema, siteIdSchema } from "./common";

export const remoteKindSchema = z.enum(remoteKinds);

export const pageQuerySchema = z.object({ site: siteIdSchema, key: pageKeySchema });

export const newRemoteLinkSchema = z.object({
  site: siteIdSchema,
  key: pageKeySchema,
  kind: remoteKindSchema,
  /** The post's address: a Mastodon status URL, a bsky.app post URL or an at:// URI. */
  url: z.string().trim().min(1).max(2048),
});

export const removeRemoteLinkSchema = pageQuerySchema.extend({ kind: remoteKindSchema });

export const remoteLinkSchema = z.object({
  kind: remoteKindSchema,
  url: z.string(),
  linkedAt: z.string(),
  pulledAt: z.string().nullable(),
  state: z.enum(["active", "gone"]),
  lastError: z.string().nullable(),
});

export const remoteLinksSchema = z.object({ key: z.string(), links: z.array(remoteLinkSchema) });

export const pullResponseSchema = remoteLinksSchema.extend({
  pulls: z.array(
    z.object({
      kind: remoteKindSchema,
      outcome: z.enum(["pulled", "gone", "failed"]),
      problem: z.string().optional(),
      inserted: z.number().int(),
      updated: z.number().int(),
      removed: z.number().int(),
    }),
  ),
});
