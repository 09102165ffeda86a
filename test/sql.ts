/** The test D1 read and written directly: states the API cannot reach, and what it stored. */
import { env } from "cloudflare:workers";

/** Runs SQL against the test D1 directly (for setting up states the API cannot reach). */
export function sql(query: string, ...params: unknown[]) {
  return env.DB.prepare(query)
    .bind(...params)
    .run();
}

export async function rows<Row = Record<string, unknown>>(
  query: string,
  ...params: unknown[]
): Promise<Row[]> {
  const result = await env.DB.prepare(query)
    .bind(...params)
    .all<Row>();
  return result.results;
}

/** The number a `SELECT COUNT(*) AS n …` query counts. */
export async function count(query: string, ...params: unknown[]): Promise<number> {
  const [row] = await rows<{ n: number }>(query, ...params);
  return row?.n ?? 0;
}

/** How many rows of a site one table holds. */
export const siteRows = (table: "comments" | "threads", site: string) =>
  count(`SELECT COUNT(*) AS n FROM ${table} WHERE site_id = ?1`, site);
