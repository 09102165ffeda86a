import { secretsSet, shownSettings, type SiteSettings } from "./settings";

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

/** A site as the moderation API answers with it: its secrets only said to be set or not. */
export function toSiteAnswer(site: Site) {
  return {
    id: site.id,
    name: site.name,
    origins: site.origins,
    settings: shownSettings(site.settings),
    secrets: secretsSet(site.settings),
    createdAt: site.createdAt,
    updatedAt: site.updatedAt,
  };
}
