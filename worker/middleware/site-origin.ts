import type { Context, MiddlewareHandler } from "hono";
import { bookmarkHeader } from "../platform/db-session";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import type { Site } from "../domain/site";
import { allDatabases } from "../platform/site-databases";
import { isKnownOrigin } from "../storage/sites";

// If-None-Match: the widget asks again for new comments with the last ETag (a 304 is free).
const allowedHeaders = "Content-Type, Authorization, Idempotency-Key, If-None-Match";
const exposedHeaders = `Retry-After, ETag, ${bookmarkHeader}`;

/**
 * CORS for the public API, per site. A handler calls `allowSiteOrigin` once it knows the
 * site; this middleware answers preflights (which name no site, so any site's origin may
 * pass; the real request is checked against its own site) and lets a known origin read
 * error answers, so a widget can show the fields a reader got wrong.
 */
export function publicCors(): MiddlewareHandler<AppEnv> {
  return async function publicCors(c, next) {
    const origin = c.req.header("Origin");
    c.header("Vary", "Origin");
    if (c.req.method === "OPTIONS") {
      if (origin && (await anySiteHas(c, origin))) setCorsHeaders(c, origin);
      c.header("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE");
      c.header("Access-Control-Allow-Headers", allowedHeaders);
      c.header("Access-Control-Max-Age", "86400");
      return c.body(null, 204);
    }
    await next();
    if (origin && c.res.status >= 400 && !c.res.headers.has("Access-Control-Allow-Origin")) {
      if (await anySiteHas(c, origin)) {
        c.res.headers.set("Access-Control-Allow-Origin", origin);
        c.res.headers.set("Access-Control-Expose-Headers", exposedHeaders);
      }
    }
  };
}

/** Whether a site in any database lists the origin (with one database, through the session). */
async function anySiteHas(c: Context<AppEnv>, origin: string): Promise<boolean> {
  const all = allDatabases(c.env);
  const found = await Promise.all(
    (all.length > 1 ? all : [c.get("db")]).map((db) => isKnownOrigin(db, origin)),
  );
  return found.includes(true);
}

/** What CORS needs to know of a site. */
export type SiteReaders = Pick<Site, "id" | "origins">;

/**
 * Lets the site's own pages read this answer. A browser write from any other origin is
 * refused outright; requests without an Origin (scripts, curl) are not browsers and pass.
 */
export function allowSiteOrigin(c: Context<AppEnv>, site: SiteReaders): void {
  // A write's cached reads are dropped after it (read-cache.ts dropCachedReads).
  c.set("readSite", site.id);
  const origin = c.req.header("Origin");
  if (!origin) return;
  if (site.origins.includes(origin)) {
    setCorsHeaders(c, origin);
  } else if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    throw new ApiError(
      "origin_not_allowed",
      "This site does not accept comments from this origin.",
    );
  }
}

function setCorsHeaders(c: Context<AppEnv>, origin: string): void {
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Access-Control-Expose-Headers", exposedHeaders);
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

/**
 * A plain HTML form has no script to set Origin for it: it must come from one of the site's
 * pages by Origin or, failing that, by Referer.
 */
export function requireFormOrigin(c: Context<AppEnv>, site: Site): void {
  const from = c.req.header("Origin") ?? originOf(c.req.header("Referer"));
  if (!from || !site.origins.includes(from)) {
    throw new ApiError(
      "origin_not_allowed",
      "This site does not accept comments from this origin.",
    );
  }
}
