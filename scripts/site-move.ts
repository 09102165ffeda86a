/**
 * Moving one site's rows from one D1 database to another (scripts/move-site.ts is the
 * command line; docs/server-rendering.md, "A database per large site"). Written over the smallest database
 * interface, SQL text in and rows out, because `wrangler d1 execute` takes no bound
 * parameters; values are therefore written as SQL literals here, and nowhere else.
 *
 * - `copySite` (`sync`, before the switch) upserts every row of the site, table by table,
 *   parents first, then deletes from the target what the source no longer has and restores
 *   the counters the triggers bumped while rows went in. Run it as often as you like: the
 *   last run before the switch leaves the target equal to the source.
 * - `copySite` (`catch-up`, after the switch is deployed) only adds rows the target lacks:
 *   what was written to the old database while the switch reached every data centre. It
 *   never overwrites or deletes, as the new database is the live one by then.
 * - `compareSite` counts the site's rows on both sides, per table.
 * - `deleteSite` removes the site's rows from the old database, children first.
 */

import { counters, siteTables, type Table } from "./site-tables";

export { siteTables };

/** What the move needs of a database. */
export interface SqlDatabase {
  /** The rows one SELECT answers, as objects by column name. */
  select(sql: string): Promise<Record<string, unknown>[]>;
  /** Write statements, run in order (as one transaction where the database can). */
  write(statements: string[]): Promise<void>;
}

/** A value as an SQL literal: text quoted (or hex when it holds NUL), numbers as they are. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "string") {
    if (!value.includes("\0")) return `'${value.replaceAll("'", "''")}'`;
    const hex = [...new TextEncoder().encode(value)]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("");
    return `CAST(X'${hex}' AS TEXT)`;
  }
  throw new Error(`Cannot copy a value of type ${typeof value}.`);
}

async function columnsOf(db: SqlDatabase, table: string): Promise<string[]> {
  const rows = await db.select(
    `SELECT name FROM pragma_table_info(${literal(table)}) ORDER BY cid`,
  );
  return rows.map((row) => String(row.name));
}

/** Every row of the site in a table, a page at a time, in key order. */
async function* pages(
  db: SqlDatabase,
  table: Table,
  site: string,
  columns: string[],
  pageSize: number,
): AsyncGenerator<Record<string, unknown>[]> {
  const key = table.key.join(", ");
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const past = after
      ? ` AND (${key}) > (${table.key.map((k) => literal(after![k])).join(", ")})`
      : "";
    const rows = await db.select(
      `SELECT ${columns.join(", ")} FROM ${table.name} WHERE ${table.rows(site)}${past}
       ORDER BY ${key} LIMIT ${pageSize}`,
    );
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1);
  }
}

const keyOf = (table: Table, row: Record<string, unknown>) =>
  JSON.stringify(table.key.map((k) => row[k]));

export interface CopyReport {
  table: string;
  copied: number;
  deleted: number;
}

/** Copies the site's rows from `source` into `target` (see the header for the two modes). */
export async function copySite(
  source: SqlDatabase,
  target: SqlDatabase,
  siteId: string,
  options: { mode: "sync" | "catch-up"; pageSize?: number; progress?: (line: string) => void },
): Promise<CopyReport[]> {
  const site = literal(siteId);
  const pageSize = options.pageSize ?? 200;
  if (!(await source.select(`SELECT id FROM sites WHERE id = ${site}`)).length) {
    throw new Error(`The source database has no site ${siteId}.`);
  }
  // Threads, log entries and subscriptions have integer ids that another site's rows would
  // share: the target must be the site's own.
  const others = await target.select(`SELECT id FROM sites WHERE id <> ${site} LIMIT 1`);
  if (others.length) {
    throw new Error(
      `The target database holds another site (${String(others[0]!.id)}): move a site into a database of its own.`,
    );
  }
  const reports: CopyReport[] = [];
  const seen = new Map<string, Set<string>>();
  for (const table of siteTables) {
    const columns = await columnsOf(source, table.name);
    const unique = (table.unique ?? table.key).join(", ");
    const rest = columns.filter((column) => !(table.unique ?? table.key).includes(column));
    const onConflict =
      options.mode === "catch-up" || rest.length === 0
        ? "DO NOTHING"
        : `DO UPDATE SET ${rest.map((column) => `${column} = excluded.${column}`).join(", ")}`;
    // Rows new to the live database start their counters at zero: the triggers count the
    // children that come in after them (none of which it can have had without them).
    const zeroed = options.mode === "catch-up" ? counterZeros(table.name) : new Map();
    const keys = new Set<string>();
    let copied = 0;
    for await (const rows of pages(source, table, site, columns, pageSize)) {
      await target.write(
        rows.map(
          (row) =>
            `INSERT INTO ${table.name} (${columns.join(", ")})
             VALUES (${columns.map((column) => zeroed.get(column) ?? literal(row[column])).join(", ")})
             ON CONFLICT (${unique}) ${onConflict}`,
        ),
      );
      for (const row of rows) keys.add(keyOf(table, row));
      copied += rows.length;
    }
    seen.set(table.name, keys);
    reports.push({ table: table.name, copied, deleted: 0 });
    options.progress?.(`${table.name}: ${copied} rows`);
  }
  if (options.mode === "catch-up") return reports;

  // What the source no longer has goes from the target too: children first.
  for (const table of [...siteTables].reverse()) {
    if (table.shared) continue;
    const keys = seen.get(table.name)!;
    const gone: Record<string, unknown>[] = [];
    for await (const rows of pages(target, table, site, table.key, pageSize)) {
      gone.push(...rows.filter((row) => !keys.has(keyOf(table, row))));
    }
    if (table.name === "comments") gone.reverse(); // replies before the comments they answer
    for (let start = 0; start < gone.length; start += pageSize) {
      await target.write(
        gone
          .slice(start, start + pageSize)
          .map((row) => `DELETE FROM ${table.name} WHERE ${matchKey(table, row)}`),
      );
    }
    reports.find((report) => report.table === table.name)!.deleted = gone.length;
  }
  for (const counter of counters) {
    const rows = await source.select(
      `SELECT id, ${counter.column} AS n FROM ${counter.name} WHERE ${counter.rows(site)} ORDER BY id`,
    );
    for (let start = 0; start < rows.length; start += pageSize) {
      await target.write(
        rows.slice(start, start + pageSize).map(
          (row) =>
            `UPDATE ${counter.name} SET ${counter.column} = ${literal(row.n)}
               WHERE id = ${literal(row.id)} AND site_id = ${site}`,
        ),
      );
    }
  }
  return reports;
}

const counterZeros = (table: string): Map<string, string> =>
  new Map(counters.filter((c) => c.name === table).map((c) => [c.column, c.zero]));

function matchKey(table: Table, row: Record<string, unknown>): string {
  return table.key.map((k) => `${k} = ${literal(row[k])}`).join(" AND ");
}

export interface Comparison {
  table: string;
  source: number;
  target: number;
}

/** The site's rows per table on each side (shared tables left out). */
export async function compareSite(
  source: SqlDatabase,
  target: SqlDatabase,
  siteId: string,
): Promise<Comparison[]> {
  const site = literal(siteId);
  const count = async (db: SqlDatabase, table: Table) =>
    Number(
      (await db.select(`SELECT COUNT(*) AS n FROM ${table.name} WHERE ${table.rows(site)}`))[0]
        ?.n ?? 0,
    );
  return Promise.all(
    siteTables
      .filter((table) => !table.shared)
      .map(async (table) => ({
        table: table.name,
        source: await count(source, table),
        target: await count(target, table),
      })),
  );
}

/**
 * Deletes the site's rows from the old database, children first, a page at a time. Only
 * after the switch is deployed and the new database holds the site.
 */
export async function deleteSite(
  old: SqlDatabase,
  target: SqlDatabase,
  siteId: string,
  options: { pageSize?: number } = {},
): Promise<number> {
  const site = literal(siteId);
  const pageSize = options.pageSize ?? 500;
  if (!(await target.select(`SELECT id FROM sites WHERE id = ${site}`)).length) {
    throw new Error(`The new database has no site ${siteId}: copy it before deleting anything.`);
  }
  let deleted = 0;
  for (const table of [...siteTables].reverse()) {
    if (table.shared) continue;
    const order = table.name === "comments" ? "depth DESC, id" : table.key.join(", ");
    for (;;) {
      const rows = await old.select(
        `SELECT ${table.key.join(", ")} FROM ${table.name} WHERE ${table.rows(site)} ORDER BY ${order} LIMIT ${pageSize}`,
      );
      if (!rows.length) break;
      await old.write(rows.map((row) => `DELETE FROM ${table.name} WHERE ${matchKey(table, row)}`));
      deleted += rows.length;
    }
  }
  return deleted;
}
