/**
 * Finding the site a request names, or answering 404 `site_not_found`; and, on the
 * moderation API, whether the one asking may act there (403 `forbidden` otherwise, for a
 * site that does not exist too, so a moderator learns nothing of other sites).
 */
import type { Context } from "hono";
import { mayModerate } from "../domain/actor";
import type { Site } from "../domain/site";
import type { AppEnv } from "../env";
import { notYourSite, ownerOnly, siteNotFound } from "../errors";
import { commentSites } from "../storage/comments";
import { getSite } from "../storage/sites";
import type { Database } from "../storage/database";
import { allDatabases, databaseOf } from "../platform/site-databases";

/** The site read alongside other facts in one batch, or 404. */
export function requireSite(site: Site | null): Site {
  if (!site) throw siteNotFound();
  return site;
}

/** The site read on its own, or 404. */
export async function getSiteOrThrow(db: Database, siteId: string): Promise<Site> {
  return requireSite(await getSite(db, siteId));
}

export function requireSiteAccess(c: Context<AppEnv>, siteId: string): void {
  if (!mayModerate(c.get("actor"), siteId)) throw notYourSite();
}

/** A site the one asking moderates, or 403; then the site, or 404. */
export async function moderatedSite(c: Context<AppEnv>, siteId: string): Promise<Site> {
  requireSiteAccess(c, siteId);
  return getSiteOrThrow(databaseOf(c.env, siteId), siteId);
}

/** Every comment named lies on a site the one asking moderates (unknown ids are left to 404). */
export async function requireCommentAccess(c: Context<AppEnv>, ids: string[]): Promise<void> {
  if (c.get("actor").sites === null) return;
  const found = await Promise.all(allDatabases(c.env).map((db) => commentSites(db, ids)));
  for (const [, siteId] of found.flat()) requireSiteAccess(c, siteId);
}

export function requireOwner(c: Context<AppEnv>): void {
  if (c.get("actor").role !== "owner") throw ownerOnly();
}
