/**
 * Attempts: one row per posting attempt that passed the shape and site checks (and per
 * preview), kept a day. The limits count these rows rather than comments, so deleting a
 * comment gives no attempt back, and a new attempt is written only while the requester is
 * under the limits — checked inside the same write, so racing requests cannot all pass.
 */
import {
  storedSpamPerNetworkPerDay,
  type AttemptCounts,
  type RecentActivity,
} from "../domain/posting";
import { siteSettingsSchema } from "../schemas/settings";
import type { Attempt } from "../domain/post-plan";
import type { Site } from "../domain/site";

export type { Attempt };
import { statement, type Param } from "./parameters";
import { firstRow } from "./rows";
import { selectSite, siteFrom } from "./sites";
import type { Database } from "./database";

export interface AttemptLimits {
  perMinute: number;
  perDay: number;
}

function windowStarts(now: Date) {
  return {
    minuteAgo: new Date(now.getTime() - 60_000).toISOString(),
    dayAgo: new Date(now.getTime() - 86_400_000).toISOString(),
  };
}

const defaultLimit = (name: "rateLimitPerMinute" | "rateLimitPerDay") =>
  siteSettingsSchema.shape[name].parse(undefined);

/**
 * The counts the posting pipeline's limits look at, in one statement. Each window is
 * counted up to the site's own limit (read once from its settings inside the statement, as
 * the site is read in the same batch), so the rows read stay bounded however busy a
 * requester has been.
 */
export function selectAttemptCounts(
  db: Database,
  lookup: { siteId: string; networkHash: string; emailHash: string | null; now: Date },
): D1PreparedStatement {
  const { minuteAgo, dayAgo } = windowStarts(lookup.now);
  const setting = (name: "rateLimitPerMinute" | "rateLimitPerDay") =>
    `COALESCE((SELECT json_extract(settings, '$.${name}') FROM sites WHERE id = ?1), ${defaultLimit(name)})`;
  const window = (
    column: "network_hash" | "email_hash",
    value: string,
    since: string,
    cap: string,
  ) =>
    `SELECT COUNT(*) AS count, MIN(created_at) AS oldest FROM (
       SELECT created_at FROM attempts
       WHERE ${column} = ${value} AND site_id = ?1 ${column === "network_hash" ? "AND kind = 'comment'" : ""}
         AND created_at > ${since} ORDER BY created_at DESC LIMIT (SELECT ${cap} FROM limits))`;
  return db
    .prepare(
      `WITH limits AS MATERIALIZED (
         SELECT ${setting("rateLimitPerMinute")} AS per_minute, ${setting("rateLimitPerDay")} AS per_day
       ),
       network_minute AS (${window("network_hash", "?2", "?4", "per_minute")}),
       network_day AS (${window("network_hash", "?2", "?5", "per_day")}),
       email_minute AS (${window("email_hash", "?3", "?4", "per_minute")}),
       email_day AS (${window("email_hash", "?3", "?5", "per_day")})
       SELECT
         network_minute.count AS network_minute_count, network_minute.oldest AS network_minute_oldest,
         network_day.count AS network_day_count, network_day.oldest AS network_day_oldest,
         email_minute.count AS email_minute_count, email_minute.oldest AS email_minute_oldest,
         email_day.count AS email_day_count, email_day.oldest AS email_day_oldest,
         (SELECT COUNT(*) FROM (SELECT 1 FROM attempts
            WHERE network_hash = ?2 AND site_id = ?1 AND outcome = 'spam' AND created_at > ?5
            LIMIT ?6)) AS spam_today
       FROM network_minute, network_day, email_minute, email_day`,
    )
    .bind(
      lookup.siteId,
      lookup.networkHash,
      lookup.emailHash,
      minuteAgo,
      dayAgo,
      storedSpamPerNetworkPerDay,
    );
}

export function attemptCountsFrom(result: D1Result<unknown> | undefined): AttemptCounts {
  const row = firstRow<Record<string, number | string | null>>(result) ?? {};
  const activity = (name: string): RecentActivity => ({
    count: Number(row[`${name}_count`] ?? 0),
    oldestAt: (row[`${name}_oldest`] as string | null) ?? null,
  });
  return {
    networkPerMinute: activity("network_minute"),
    networkPerDay: activity("network_day"),
    emailPerMinute: activity("email_minute"),
    emailPerDay: activity("email_day"),
    spamStoredToday: Number(row.spam_today ?? 0),
  };
}

/** The counts on their own: for Retry-After, once a write found a requester over a limit. */
export async function loadAttemptCounts(
  db: Database,
  lookup: { siteId: string; networkHash: string; emailHash: string | null; now: Date },
): Promise<AttemptCounts> {
  return attemptCountsFrom(await selectAttemptCounts(db, lookup).all());
}

/**
 * Writes the attempt only while its network (and, for a counted email, that email) is under
 * both limits. D1 runs a batch as one transaction, one at a time, so the count and the
 * insert cannot be split by a racing request. `meta.changes` of this statement tells
 * whether the attempt was let in; statements after it in the batch check `attemptExists`.
 */
export function insertAttemptWithinLimits(
  db: Database,
  attempt: Attempt,
  limits: AttemptLimits,
): D1PreparedStatement {
  const { minuteAgo, dayAgo } = windowStarts(new Date(attempt.createdAt));
  const under = (
    column: "network_hash" | "email_hash",
    value: string,
    since: string,
    cap: string,
  ) =>
    `(SELECT COUNT(*) FROM (SELECT 1 FROM attempts WHERE ${column} = ${value} AND site_id = ?2
        AND kind = ?3 AND created_at > ${since} LIMIT ${cap})) < ${cap}`;
  return db
    .prepare(
      `INSERT INTO attempts (id, site_id, kind, network_hash, email_hash, outcome, created_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
       WHERE ${under("network_hash", "?4", "?8", "?9")}
         AND ${under("network_hash", "?4", "?10", "?11")}
         AND (?5 IS NULL OR (${under("email_hash", "?5", "?8", "?9")}
                         AND ${under("email_hash", "?5", "?10", "?11")}))`,
    )
    .bind(
      attempt.id,
      attempt.siteId,
      attempt.kind,
      attempt.networkHash,
      attempt.emailHash,
      attempt.outcome,
      attempt.createdAt,
      minuteAgo,
      limits.perMinute,
      dayAgo,
      limits.perDay,
    );
}

/** SQL condition for the statements that follow an attempt in its batch. */
export const attemptExists = (parameter: string) =>
  `EXISTS (SELECT 1 FROM attempts WHERE id = ${parameter})`;

/**
 * A preview attempt, in one round trip with the site it names: written only while the
 * network is under the site's `previewsPerMinute` (read inside the statement), with the
 * time the oldest counted preview leaves the window, for Retry-After.
 */
export async function recordPreview(
  db: Database,
  preview: { siteId: string; networkHash: string; now: Date },
): Promise<{ site: Site | null; admitted: boolean; oldestAt: string | null }> {
  const { minuteAgo } = windowStarts(preview.now);
  const [site, inserted, oldest] = await db.batch([
    selectSite(db, preview.siteId),
    statement(db, (p) => {
      const { site, network, cap, recent } = recentPreviews(p, preview, minuteAgo);
      return `INSERT INTO attempts (id, site_id, kind, network_hash, email_hash, outcome, created_at)
         SELECT ${p(`p_${crypto.randomUUID()}`)}, id, 'preview', ${network}, NULL, 'preview',
           ${p(preview.now.toISOString())}
         FROM sites WHERE id = ${site} AND (SELECT COUNT(*) FROM (${recent})) < ${cap}`;
    }),
    statement(
      db,
      (p) =>
        `SELECT MIN(created_at) AS oldest_at FROM (${recentPreviews(p, preview, minuteAgo).recent})`,
    ),
  ]);
  return {
    site: siteFrom(site),
    admitted: inserted?.meta.changes === 1,
    oldestAt: firstRow<{ oldest_at: string | null }>(oldest)?.oldest_at ?? null,
  };
}

/**
 * The network's previews on the site since `since`, newest first and at most the site's
 * `previewsPerMinute` of them (`cap`, read from its settings inside the statement).
 */
function recentPreviews(
  p: Param,
  preview: { siteId: string; networkHash: string },
  since: string,
): { site: string; network: string; cap: string; recent: string } {
  const site = p(preview.siteId);
  const network = p(preview.networkHash);
  const cap = `COALESCE((SELECT json_extract(settings, '$.previewsPerMinute') FROM sites WHERE id = ${site}),
    ${siteSettingsSchema.shape.previewsPerMinute.parse(undefined)})`;
  const recent = `SELECT created_at FROM attempts WHERE network_hash = ${network} AND site_id = ${site}
    AND kind = 'preview' AND created_at > ${p(since)} ORDER BY created_at DESC LIMIT ${cap}`;
  return { site, network, cap, recent };
}
