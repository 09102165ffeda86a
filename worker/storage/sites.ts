import { resolveSettings, type SiteSettings } from "../schemas/settings";
import type { Site } from "../domain/site";
import { columns } from "./columns";
import type { Database } from "./database";

/**
 * Settings as parsed, by their stored text: every request reads its site, and validating
 * the same settings again each time was the largest part of a counts request's CPU. Frozen,
 * so no caller can change the copy the next request gets; bounded, as sites are few.
 */
const parsedSettings = new Map<string, SiteSettings>();

function settingsFrom(text: string): SiteSettings {
  let settings = parsedSettings.get(text);
  if (!settings) {
    settings = resolveSettings(JSON.parse(text));
    for (const value of Object.values(settings)) if (Array.isArray(value)) Object.freeze(value);
    Object.freeze(settings);
    if (parsedSettings.size >= 100) parsedSettings.clear();
    parsedSettings.set(text, settings);
  }
  return settings;
}

const siteColumns = columns<Site>({
  id: "id",
  name: "name",
  origins: {
    column: "origins",
    sql: "(SELECT json_group_array(origin) FROM site_origins WHERE site_origins.site_id = sites.id)",
    from: (list: string) => (JSON.parse(list) as string[]).sort(),
  },
  settings: { column: "settings", from: settingsFrom },
  createdAt: "created_at",
  updatedAt: "updated_at",
});

/** A site's columns, for statements that read a site beside something else. */
export const siteList = siteColumns.list();

/** Sites by id, for work that spans several (the outbox). */
export function selectSites(db: Database, siteIds: string[]): D1PreparedStatement {
  return db
    .prepare(`SELECT ${siteList} FROM sites WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(siteIds));
}

export const sitesFrom = siteColumns.all;

/** The site a comment belongs to, batched with the reads about that comment. */
export function selectSiteOfComment(db: Database, commentId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${siteList} FROM sites WHERE id = (SELECT site_id FROM comments WHERE id = ?1)`,
    )
    .bind(commentId);
}

/** The statement that reads one site; batched with other reads by the callers. */
export function selectSite(db: Database, siteId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${siteList} FROM sites WHERE id = ?1`).bind(siteId);
}

export const siteFrom = siteColumns.first;

export async function getSite(db: Database, siteId: string): Promise<Site | null> {
  return siteFrom(await selectSite(db, siteId).all());
}

export async function listSites(db: Database): Promise<Site[]> {
  return sitesFrom(await db.prepare(`SELECT ${siteList} FROM sites ORDER BY id`).all());
}

/** Creates or replaces a site and its origins in one transaction. */
export async function putSite(
  db: Database,
  site: { id: string; name: string; origins: string[]; settings: SiteSettings | undefined },
  now: string,
): Promise<Site> {
  const settings = site.settings ? JSON.stringify(site.settings) : null;
  await db.batch([
    db
      .prepare(
        `INSERT INTO sites (id, name, settings, created_at, updated_at)
         VALUES (?1, ?2, COALESCE(?3, '{}'), ?4, ?4)
         ON CONFLICT (id) DO UPDATE SET
           name = excluded.name,
           settings = COALESCE(?3, sites.settings),
           updated_at = excluded.updated_at`,
      )
      .bind(site.id, site.name, settings, now),
    db.prepare(`DELETE FROM site_origins WHERE site_id = ?1`).bind(site.id),
    ...site.origins.map((origin) =>
      db
        .prepare(`INSERT OR IGNORE INTO site_origins (origin, site_id) VALUES (?1, ?2)`)
        .bind(origin, site.id),
    ),
  ]);
  return (await getSite(db, site.id))!;
}

/** Whether any site lists this origin: all a CORS preflight, which names no site, can ask. */
export async function isKnownOrigin(db: Database, origin: string): Promise<boolean> {
  const row = await db
    .prepare(`SELECT 1 AS known FROM site_origins WHERE origin = ?1 LIMIT 1`)
    .bind(origin)
    .first();
  return row !== null;
}
