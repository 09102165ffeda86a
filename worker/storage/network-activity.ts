/**
 * How often one network (its keyed hash) did something in the last minute and day: likes,
 * page reactions and reports are held to the site's limits this way, counted in their own
 * tables.
 */
import { firstRow } from "./rows";
import type { Database } from "./database";

export interface Activity {
  lastMinute: number;
  lastDay: number;
}

export function selectRecentActivity(
  db: Database,
  of:
    | { table: "likes" | "page_reactions"; column: "network_hash" }
    | { table: "reports"; column: "reporter_hash" },
  hash: string,
  now: Date,
): D1PreparedStatement {
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
  return db
    .prepare(
      `SELECT COUNT(*) FILTER (WHERE created_at >= ?2) AS minute, COUNT(*) AS day
       FROM ${of.table} WHERE ${of.column} = ?1 AND created_at >= ?3`,
    )
    .bind(hash, ago(60_000), ago(86_400_000));
}

export function activityFrom(result: D1Result<unknown> | undefined): Activity {
  const row = firstRow<{ minute: number; day: number }>(result);
  return { lastMinute: row?.minute ?? 0, lastDay: row?.day ?? 0 };
}

/** Seconds to wait when `activity` reached `times` the site's posting limits; else null. */
export function limitReached(
  activity: Activity,
  settings: { rateLimitPerMinute: number; rateLimitPerDay: number },
  times = 1,
): number | null {
  if (activity.lastMinute >= settings.rateLimitPerMinute * times) return 60;
  if (activity.lastDay >= settings.rateLimitPerDay * times) return 3600;
  return null;
}
