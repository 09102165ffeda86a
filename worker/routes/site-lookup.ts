/** Finding the site a request names, or answering 404 `site_not_found`: one place for both. */
import type { Site } from "../domain/site";
import { siteNotFound } from "../errors";
import { getSite } from "../storage/sites";

/** The site read alongside other facts in one batch, or 404. */
export function requireSite(site: Site | null): Site {
  if (!site) throw siteNotFound();
  return site;
}

/** The site read on its own, or 404. */
export async function getSiteOrThrow(db: D1Database, siteId: string): Promise<Site> {
  return requireSite(await getSite(db, siteId));
}
