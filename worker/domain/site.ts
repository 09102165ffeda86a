import type { SiteSettings } from "./settings";

/** A site: who may embed Parley (its origins) and how its comments are judged. */
export interface Site {
  id: string;
  name: string;
  origins: string[];
  settings: SiteSettings;
  createdAt: string;
  updatedAt: string;
}
