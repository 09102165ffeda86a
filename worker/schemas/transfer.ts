import * as z from "zod";
import { siteIdSchema } from "./common";

export const exportQuerySchema = z.object({ site: siteIdSchema });

export const importQuerySchema = z.object({
  site: siteIdSchema,
  format: z.enum(["wordpress", "disqus", "parley"]),
  pingbacks: z
    .enum(["true", "false"])
    .default("false")
    .describe("WordPress only: also import pingbacks and trackbacks"),
});

export const importResponseSchema = z.object({
  threads: z.number().int().describe("Threads created"),
  comments: z.number().int().describe("Comments added (0 when the same file is imported again)"),
  skipped: z.number().int().describe("Spam, deleted, pingbacks (unless asked for) and orphans"),
});
