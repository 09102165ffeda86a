/**
 * The deployment's configuration: every secret and variable wrangler binds, parsed once per
 * isolate (per bindings object: a deployment's never change while it runs), each part when
 * first needed, so a bad value fails loudly, naming itself, on the requests that need it.
 */
import * as z from "zod";
import type { Bindings } from "./env";
import { ApiError } from "./errors";
import { siteIdSchema } from "./schemas/common";

export const notConfigured = (problem: string) =>
  new ApiError("internal", `Parley is not configured: ${problem}`);

const parsed = new WeakMap<Bindings, Map<string, unknown>>();

/** `parse()`'s value for this part of these bindings, computed once; a throw is not kept. */
function once<T>(env: Bindings, part: string, parse: () => T): T {
  let parts = parsed.get(env);
  if (!parts) parsed.set(env, (parts = new Map()));
  if (!parts.has(part)) parts.set(part, parse());
  return parts.get(part) as T;
}

const secretsSchema = z.object({
  MODERATOR_TOKEN: z.string().min(16, "MODERATOR_TOKEN must be at least 16 characters"),
  SECRET_KEY: z.string().min(32, "SECRET_KEY must be at least 32 characters"),
});
export type Secrets = z.infer<typeof secretsSchema>;

/**
 * The two secrets. A deployment without them must fail loudly and name what is missing,
 * instead of running with a guessable key.
 */
export const readSecrets = (bindings: Bindings): Secrets =>
  once(bindings, "secrets", () => parseSecrets(bindings));

function parseSecrets(bindings: Bindings): Secrets {
  const parsed = secretsSchema.safeParse(bindings);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return bindings[name as keyof Bindings] === undefined ? `${name} is not set` : issue.message;
  });
  throw notConfigured(`${problems.join("; ")}. Set it with \`wrangler secret put\`.`);
}

const secondsSchema = z.coerce.number().int().min(0).max(3600).default(30);

/** How long a public read lives in the read cache (READ_CACHE_SECONDS; 0: no caching). */
export const readCacheSeconds = (env: Bindings): number =>
  once(env, "readCacheSeconds", () => {
    const seconds = secondsSchema.safeParse(env.READ_CACHE_SECONDS || undefined);
    if (seconds.success) return seconds.data;
    throw notConfigured("READ_CACHE_SECONDS must be a whole number of seconds from 0 to 3600.");
  });

const routesSchema = z.record(siteIdSchema, z.string().regex(/^[A-Za-z_]\w*$/));

/** SITE_DATABASES: site id → the binding of its own D1 database (null: every site in DB). */
export const siteDatabaseRoutes = (env: Bindings): Map<string, string> | null =>
  once(env, "siteDatabases", () => {
    const raw = env.SITE_DATABASES;
    if (!raw) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      // Left to the schema, which refuses it.
    }
    const routes = routesSchema.safeParse(json);
    if (!routes.success) throw notConfigured('SITE_DATABASES is not like {"site":"D1_BINDING"}.');
    return new Map(Object.entries(routes.data));
  });

/** Where readers reach this Worker (PUBLIC_URL), without a trailing slash; null if unset. */
export const publicUrl = (env: Bindings): string | null =>
  once(env, "publicUrl", () => env.PUBLIC_URL?.replace(/\/+$/, "") || null);
