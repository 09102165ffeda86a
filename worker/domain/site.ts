import type { SiteSettings } from "../schemas/settings";

/** A site: who may embed Parley (its origins) and how its comments are judged. */
export interface Site {
  id: string;
  name: string;
  origins: string[];
  settings: SiteSettings;
  createdAt: string;
  updatedAt: string;
}

/**
 * The origin a site is known by, where mail names it: its first https origin (origins are
 * sorted, so an http://localhost one would come first), else its first.
 */
export function siteOrigin(site: Pick<Site, "origins">): string {
  return site.origins.find((origin) => origin.startsWith("https:")) ?? site.origins[0] ?? "";
}
