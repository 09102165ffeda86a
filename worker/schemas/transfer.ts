import * as z from "zod";
import { siteIdSchema } from "./common";

export const exportQuerySchema = z.object({ site: siteIdSchema });

export const importQuerySchema = z.object({
  site: siteIdSchema,
  // Other systems' exports are converted where the file is (`npm run import`), so the
  // Worker carries no HTML or XML parser: it reads Parley's format only.
  format: z
    .literal("parley", {
      error:
        "The server reads Parley's format only: import WordPress and Disqus files with `npm run import`, which converts them on your machine.",
    })
    .optional(),
});

export const importResponseSchema = z.object({
  threads: z.number().int(),
  comments: z.number().int(),
  skipped: z.number().int(),
});
