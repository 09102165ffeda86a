/**
 * Every row of every table but those `except` names, by table: what a refusal must not
 * change. (Triggers counting writes were cheaper, but they change what D1 reports as a
 * statement's `changes`, which routes read: they made the Worker refuse what it stored.)
 */
import { env } from "cloudflare:workers";

let dumps: D1PreparedStatement[] | undefined;

export async function storedRows(except: ReadonlySet<string>): Promise<Map<string, string>> {
  if (!dumps) {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
    ).all<{ name: string }>();
    const tables = results.map(({ name }) => name).filter((name) => !except.has(name));
    dumps = await Promise.all(
      tables.map(async (table) => {
        const { results: columns } = await env.DB.prepare(
          `SELECT name FROM pragma_table_info('${table}')`,
        ).all<{ name: string }>();
        const row = columns.map(({ name }) => `quote("${name}")`).join(" || ',' || ");
        return env.DB.prepare(
          `SELECT '${table}' AS name, group_concat(${row}, char(10)) AS rows FROM "${table}"`,
        );
      }),
    );
  }
  const tables = await env.DB.batch<{ name: string; rows: string | null }>(dumps);
  return new Map(tables.map(({ results: [table] }) => [table!.name, table!.rows ?? ""]));
}

/** The tables whose rows differ between two readings. */
export function tablesChanged(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([name, rows]) => before.get(name) !== rows).map(([name]) => name);
}
