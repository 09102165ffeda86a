/**
 * Page reactions: what a reaction is judged by (the site, the network's recent reactions),
 * and the reaction itself, added or taken back in one batch that reads back the page's
 * counts (kept by triggers, migrations/0011) and this reader's state. One per reader per
 * kind per page; at most `reactionsPerNetwork` readers of one network per kind per page.
 */
import { reactionsPerNetwork, type ReactionKind } from "../domain/reactions";
import type { Site } from "../domain/site";
import type { Database } from "./database";
import { activityFrom, selectRecentActivity, type Activity } from "./network-activity";
import { firstRow, parseJsonColumn } from "./rows";
import { selectSite, siteFrom } from "./sites";

export interface ReactionFacts {
  site: Site | null;
  /** This network's reactions in the last minute and day, for the site's limits. */
  activity: Activity;
}

export async function loadReactionFacts(
  db: Database,
  siteId: string,
  networkHash: string,
  now: Date,
): Promise<ReactionFacts> {
  const [site, activity] = await db.batch([
    selectSite(db, siteId),
    selectRecentActivity(db, { table: "page_reactions", column: "network_hash" }, networkHash, now),
  ]);
  return { site: siteFrom(site), activity: activityFrom(activity) };
}

export interface Reaction {
  siteId: string;
  pageKey: string;
  kind: ReactionKind;
  readerHash: string;
  networkHash: string;
  /** True to add the reaction, false to take it back. */
  reacted: boolean;
  at: string;
}

/**
 * Adds or takes back a reaction; the page's counts by kind and whether this reader has
 * reacted so, afterwards. Adding makes the page's thread if nobody has commented yet.
 */
export async function setReaction(
  db: Database,
  reaction: Reaction,
): Promise<{ counts: Record<string, number> | null; reacted: boolean }> {
  const { siteId, pageKey, kind, readerHash, networkHash, at } = reaction;
  const thread = `(SELECT id FROM threads WHERE site_id = ?1 AND key = ?2)`;
  const change = reaction.reacted
    ? [
        db
          .prepare(
            `INSERT INTO threads (site_id, key, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (site_id, key) DO NOTHING`,
          )
          .bind(siteId, pageKey, at),
        db
          .prepare(
            `INSERT INTO page_reactions (thread_id, kind, reader_hash, network_hash, created_at)
             SELECT ${thread}, ?3, ?4, ?5, ?6
             WHERE (SELECT COUNT(*) FROM page_reactions
                    WHERE thread_id = ${thread} AND kind = ?3 AND network_hash = ?5) < ?7
             ON CONFLICT DO NOTHING`,
          )
          .bind(siteId, pageKey, kind, readerHash, networkHash, at, reactionsPerNetwork),
      ]
    : [
        db
          .prepare(
            `DELETE FROM page_reactions
             WHERE thread_id = ${thread} AND kind = ?3 AND reader_hash = ?4`,
          )
          .bind(siteId, pageKey, kind, readerHash),
      ];
  const results = await db.batch([
    ...change,
    db
      .prepare(
        `SELECT reaction_counts, EXISTS (SELECT 1 FROM page_reactions
           WHERE thread_id = threads.id AND kind = ?3 AND reader_hash = ?4) AS reacted
         FROM threads WHERE site_id = ?1 AND key = ?2`,
      )
      .bind(siteId, pageKey, kind, readerHash),
  ]);
  const row = firstRow<{ reaction_counts: string | null; reacted: number }>(results.at(-1));
  return {
    counts: parseJsonColumn<Record<string, number> | null>(row?.reaction_counts ?? null, null),
    reacted: row?.reacted === 1,
  };
}

/**
 * Reactions keep their reader; their network's hash goes when the comments' hashes go
 * (housekeeping), at most `maxRows` of them per run. How many were forgotten.
 */
export async function forgetReactionNetworks(
  db: Database,
  before: string,
  maxRows: number,
): Promise<number> {
  const result = await db
    .prepare(
      `UPDATE page_reactions SET network_hash = '' WHERE (thread_id, kind, reader_hash) IN (
         SELECT thread_id, kind, reader_hash FROM page_reactions
         WHERE network_hash <> '' AND created_at < ?1 LIMIT ?2)`,
    )
    .bind(before, maxRows)
    .run();
  return result.meta.changes ?? 0;
}
