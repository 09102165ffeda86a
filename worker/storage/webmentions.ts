/**
 * Webmentions received for a site's pages: queued as they arrive (a few per source host at
 * most), fetched once each by the scheduled job, then kept a month as the record of what
 * became of them.
 */
import type { Site } from "../domain/site";
import { columns } from "./columns";
import type { Database } from "./database";
import { siteList, sitesFrom } from "./sites";

export interface Webmention {
  id: string;
  siteId: string;
  source: string;
  target: string;
  threadKey: string;
  sourceHost: string;
  receivedAt: string;
}

const mentionColumns = columns<Webmention>({
  id: "id",
  siteId: "site_id",
  source: "source",
  target: "target",
  threadKey: "thread_key",
  sourceHost: "source_host",
  receivedAt: "received_at",
});

/** The sites that list this origin (a page's target names no site, only its address). */
export async function sitesOfOrigin(db: Database, origin: string): Promise<Site[]> {
  const result = await db
    .prepare(
      `SELECT ${siteList} FROM sites
       WHERE id IN (SELECT site_id FROM site_origins WHERE origin = ?1) ORDER BY id`,
    )
    .bind(origin)
    .all();
  return sitesFrom(result);
}

/**
 * Queues a mention, unless its source's host has `maxQueuedPerHost` waiting already (then
 * answers false). The same source and target sent again is queued again, once: W3C's way to
 * say the source changed or went.
 */
export async function queueWebmention(
  db: Database,
  mention: Webmention,
  maxQueuedPerHost: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO webmentions (${mentionColumns.list()})
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
       WHERE (SELECT COUNT(*) FROM webmentions WHERE source_host = ?6 AND state = 'queued') < ?8
       ON CONFLICT (site_id, source, target) DO UPDATE SET
         state = 'queued', received_at = excluded.received_at, fetched_at = NULL, outcome = NULL`,
    )
    .bind(
      mention.id,
      mention.siteId,
      mention.source,
      mention.target,
      mention.threadKey,
      mention.sourceHost,
      mention.receivedAt,
      maxQueuedPerHost,
    )
    .run();
  return result.meta.changes > 0;
}

/**
 * The oldest queued mentions whose source host has had fewer than `perHostPerHour` fetched
 * in the last hour (the caller keeps count within its run).
 */
export async function queuedWebmentions(
  db: Database,
  hourAgo: string,
  perHostPerHour: number,
  limit: number,
): Promise<Webmention[]> {
  const result = await db
    .prepare(
      `SELECT ${mentionColumns.list("w")} FROM webmentions w
       WHERE w.state = 'queued'
         AND (SELECT COUNT(*) FROM webmentions f
              WHERE f.source_host = w.source_host AND f.state = 'done' AND f.fetched_at >= ?1) < ?2
       ORDER BY w.received_at LIMIT ?3`,
    )
    .bind(hourAgo, perHostPerHour, limit)
    .all();
  return mentionColumns.all(result);
}

/** What the fetch found, written with the comment's changes (or alone). */
export function settleWebmention(db: Database, id: string, at: string, outcome: string) {
  return db
    .prepare(`UPDATE webmentions SET state = 'done', fetched_at = ?2, outcome = ?3 WHERE id = ?1`)
    .bind(id, at, outcome);
}

/** Settled mentions older than `before` are forgotten (their comments stay). */
export function forgetWebmentions(db: Database, before: string) {
  return db
    .prepare(`DELETE FROM webmentions WHERE state = 'done' AND fetched_at < ?1`)
    .bind(before);
}

/** The page's thread, made if nobody has commented yet: its id. */
export async function threadIdOf(db: Database, siteId: string, key: string, at: string) {
  const row = await db
    .prepare(
      `INSERT INTO threads (site_id, key, created_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (site_id, key) DO UPDATE SET key = excluded.key
       RETURNING id`,
    )
    .bind(siteId, key, at)
    .first<{ id: number }>();
  return row!.id;
}
