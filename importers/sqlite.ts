/**
 * SQLite database files as a source (Isso keeps its comments in one; Cusdis has no export,
 * so its database is the export), read with sql.js: SQLite compiled to WebAssembly, so the
 * same converters run on the command line and in the desk's browser tab.
 *
 * sql.js is imported on first use, not with this module: the desk can call
 * `setSqliteWasmUrl` without loading SQLite, and a text export never loads it at all.
 * Node finds `sql-wasm.wasm` beside sql.js in node_modules; a browser must be told where
 * the file is served (`setSqliteWasmUrl`), since it cannot look in node_modules. (sql.js's
 * browser build asks for `sql-wasm-browser.wasm`, the same bytes as `sql-wasm.wasm`; the
 * URL given here is used whatever name it asks for.)
 */
import type { Database, SqlJsStatic, SqlValue } from "sql.js";
import { ImportFormatError } from "./errors";

/** The 16 bytes every SQLite 3 database file starts with ("SQLite format 3" and a NUL). */
const sqliteHeader = new TextEncoder().encode("SQLite format 3\0");

let wasmUrl: string | undefined;
let loading: Promise<SqlJsStatic> | undefined;

/** Where the browser fetches `sql-wasm.wasm` from; call before the first `openSqlite`. */
export function setSqliteWasmUrl(url: string): void {
  wasmUrl = url;
  loading = undefined;
}

/** Whether the bytes are an SQLite 3 database file, from its header. */
export function isSqliteFile(bytes: Uint8Array): boolean {
  return sqliteHeader.every((byte, index) => bytes[index] === byte);
}

/**
 * The database in the bytes, opened in memory (nothing is written anywhere; the caller
 * closes it). Refused with a clear error when the bytes are not a readable SQLite file.
 */
export async function openSqlite(bytes: Uint8Array): Promise<Database> {
  if (!isSqliteFile(bytes)) {
    throw new ImportFormatError("The file is not an SQLite database (its header is missing).");
  }
  const sqlite = await loadSqlite();
  let database: Database | undefined;
  try {
    database = new sqlite.Database(bytes);
    // Opening is lazy in SQLite: reading the schema is what finds a damaged file.
    database.exec("SELECT count(*) FROM sqlite_master");
    return database;
  } catch {
    database?.close();
    throw new ImportFormatError("The file starts like an SQLite database but cannot be read.");
  }
}

function loadSqlite(): Promise<SqlJsStatic> {
  const url = wasmUrl;
  loading ??= import("sql.js")
    .then((module) => module.default(url ? { locateFile: () => url } : {}))
    .catch((error: unknown) => {
      loading = undefined; // a failed fetch of the wasm can be retried
      throw new ImportFormatError(
        `SQLite (sql.js) could not be loaded: ${error instanceof Error ? error.message : error}`,
      );
    });
  return loading;
}

export type SqliteRow = Record<string, SqlValue>;

/** Every row a query answers, as objects keyed by column name. */
export function selectRows(database: Database, sql: string): SqliteRow[] {
  const statement = database.prepare(sql);
  try {
    const rows: SqliteRow[] = [];
    while (statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
}

/** The columns of a table (empty when there is no such table), to tell formats and versions apart. */
export function tableColumns(database: Database, table: string): Set<string> {
  const rows = selectRows(database, `PRAGMA table_info("${table.replace(/"/g, '""')}")`);
  return new Set(rows.map((row) => String(row.name)));
}
