/**
 * Command-line options of the operations scripts, read with node:util's parseArgs and
 * checked with zod (the origin and site id with the Worker's own schemas), so a mistyped
 * flag stops with a sentence before anything is asked of Cloudflare.
 */
import { parseArgs } from "node:util";
import * as z from "zod";
import { originSchema, siteIdSchema } from "../../worker/schemas/common";
import { OperatorError } from "./errors";

/** An origin from whatever was pasted: https://blog.example/2024/post → https://blog.example. */
export const pastedOriginSchema = z
  .string()
  .transform((value) => {
    try {
      return new URL(value.trim()).origin;
    } catch {
      return value;
    }
  })
  .pipe(originSchema);

const workerUrlSchema = z
  .url({
    protocol: /^https?$/,
    error: "Give the Worker's address, such as https://comments.blog.example.",
  })
  .transform((url) => url.replace(/\/+$/, ""));

const setupOptionsSchema = z.object({
  origin: pastedOriginSchema.optional(),
  site: siteIdSchema.optional(),
  config: z.string().optional(),
  url: workerUrlSchema.optional(),
  "dry-run": z.boolean().default(false),
});

export type SetupOptions = z.infer<typeof setupOptionsSchema>;

const stringOption = { type: "string" } as const;
const flag = { type: "boolean" } as const;

/** Parses argv against declared flags; unknown flags and bad values become one sentence. */
export function readOptions<Schema extends z.ZodType>(
  argv: string[],
  flags: Record<string, typeof stringOption | typeof flag>,
  schema: Schema,
  usage: string,
): z.infer<Schema> {
  let values;
  try {
    values = parseArgs({ args: argv, options: flags, strict: true }).values;
  } catch (error) {
    throw new OperatorError(`${(error as Error).message.split(".")[0]}. ${usage}`);
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OperatorError(`--${issue.path.join(".")}: ${issue.message} ${usage}`);
  }
  return parsed.data;
}

export const SETUP_USAGE =
  "Usage: npm run setup -- [--origin https://blog.example] [--site blog] " +
  "[--config wrangler.production.toml] [--url https://comments.blog.example] [--dry-run]";

export const readSetupOptions = (argv: string[]): SetupOptions =>
  readOptions(
    argv,
    {
      origin: stringOption,
      site: stringOption,
      config: stringOption,
      url: stringOption,
      "dry-run": flag,
    },
    setupOptionsSchema,
    SETUP_USAGE,
  );

export const upgradeOptionsSchema = z.object({
  config: z.string().optional(),
  to: z
    .string()
    .regex(/^[\w./-]+$/, "Name a tag or branch, such as v0.2.0.")
    .optional(),
  "dry-run": z.boolean().default(false),
});

export const UPGRADE_USAGE =
  "Usage: npm run upgrade -- [--to v0.2.0] [--config wrangler.production.toml] [--dry-run]";

export const readUpgradeOptions = (argv: string[]) =>
  readOptions(
    argv,
    { config: stringOption, to: stringOption, "dry-run": flag },
    upgradeOptionsSchema,
    UPGRADE_USAGE,
  );
