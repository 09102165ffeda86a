/** Schemas of the Webmention endpoint (W3C Webmention §3.2: a form with source and target). */
import * as z from "zod";
import { httpUrlSchema } from "./common";

export const webmentionSchema = z.object({
  source: httpUrlSchema,
  target: httpUrlSchema,
});

export const webmentionAcceptedSchema = z.object({ status: z.literal("queued") });
