import type { Actor } from "./domain/actor";
import type { Keys } from "./domain/keys";
import type { Database } from "./storage/database";

/**
 * What wrangler binds: the D1 database (generated in worker-configuration.d.ts by
 * `npm run cf-typegen`) and the secrets (see .dev.vars.example), optional until checked.
 */
export interface Bindings extends Cloudflare.Env {
  MODERATOR_TOKEN?: string;
  SECRET_KEY?: string;
  /** Turnstile's secret key, for sites whose settings carry a `turnstileSiteKey`. */
  TURNSTILE_SECRET?: string;
  /** An Akismet API key, for sites whose settings turn `akismet` on. */
  AKISMET_KEY?: string;
  /** Cloudflare Email Service (`[[send_email]]` named EMAIL in wrangler.toml), if bound. */
  EMAIL?: SendEmail;
  /** Resend's API key: the mail transport when there is no EMAIL binding. */
  RESEND_API_KEY?: string;
  /** Where readers reach this Worker (https://comments.example.com): links in mail point here. */
  PUBLIC_URL?: string;
  /** Cloudflare Access in front of /admin and /api/mod: the team's domain (x.cloudflareaccess.com). */
  ACCESS_TEAM_DOMAIN?: string;
  /** …and the Access application's audience (AUD) tag. */
  ACCESS_AUD?: string;
  /** How long public reads stay in each data centre's cache (worker/platform/read-cache.ts); 0: off. */
  READ_CACHE_SECONDS?: string;
  /** Sites with a D1 database of their own, `{"site":"BINDING"}` (worker/platform/site-databases.ts). */
  SITE_DATABASES?: string;
}

/** Per-request values set by middleware. */
export interface Variables {
  keys: Keys;
  moderatorToken: string;
  /** Who is asking, on the moderation API (middleware/moderator-auth.ts). */
  actor: Actor;
  /** The public API's D1 session (db-session.ts). */
  db: Database;
  /** The same session, for the bookmark of what it has read (read-cache.ts). */
  session: D1DatabaseSession;
  /** The bookmark of a reader's own recent write that the session opened at, if any. */
  atBookmark: string | null;
  /** The site a public request turned out to be about (middleware/site-origin.ts). */
  readSite: string;
}

export type AppEnv = { Bindings: Bindings; Variables: Variables };
