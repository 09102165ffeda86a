/**
 * What a request wrote, counted by D1 itself: triggers installed in the fuzzer's database
 * only count every insert, delete and real change (an update that leaves a row as it was
 * counts nothing) per table. Reading one small table after a request then says whether it
 * stored anything, however big the database has grown; comparing full dumps of every table
 * cost a scan of the whole database per request, which made a long run quadratic.
 */
import { env } from "cloudflare:workers";

const counterTable = "fuzz_writes";

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** One insert, delete and real-change trigger per table that `except` does not name. */
export async function installWriteCounters(except: ReadonlySet<string>): Promise<void> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const tables = results.map(({ name }) => name).filter((name) => !except.has(name));
  const columnLists = await env.DB.batch<{ name: string }>(
    tables.map((table) => env.DB.prepare(`SELECT name FROM pragma_table_info(?1)`).bind(table)),
  );
  const statements = [
    `CREATE TABLE ${counterTable} (name TEXT PRIMARY KEY, writes INTEGER NOT NULL DEFAULT 0)`,
  ];
  tables.forEach((table, index) => {
    const count = `UPDATE ${counterTable} SET writes = writes + 1 WHERE name = '${table}';`;
    const changed = columnLists[index]!.results.map(
      ({ name }) => `OLD.${quoted(name)} IS NOT NEW.${quoted(name)}`,
    ).join(" OR ");
    statements.push(
      `INSERT INTO ${counterTable} (name) VALUES ('${table}')`,
      `CREATE TRIGGER fuzz_${table}_insert AFTER INSERT ON ${quoted(table)} BEGIN ${count} END`,
      `CREATE TRIGGER fuzz_${table}_delete AFTER DELETE ON ${quoted(table)} BEGIN ${count} END`,
      `CREATE TRIGGER fuzz_${table}_update AFTER UPDATE ON ${quoted(table)} WHEN ${changed} BEGIN ${count} END`,
    );
  });
  await env.DB.batch(statements.map((statement) => env.DB.prepare(statement)));
}

/** Writes so far, by table: a request that stored nothing leaves every count as it was. */
export async function writeCounts(): Promise<Map<string, number>> {
  const { results } = await env.DB.prepare(`SELECT name, writes FROM ${counterTable}`).all<{
    name: string;
    writes: number;
  }>();
  return new Map(results.map(({ name, writes }) => [name, writes]));
}

/** The tables whose count moved between two readings. */
export function tablesWritten(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([name, writes]) => before.get(name) !== writes).map(([name]) => name);
}
