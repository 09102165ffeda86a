/**
 * SQLite database files (Isso's comments.db, Cusdis's database) read with sql.js, SQLite
 * compiled to WebAssembly, so the same converter runs in `npm run import` and in the desk.
 * sql.js and its 650 KB of WebAssembly load on the first SQLite file only: nothing else the
 * importers read pays for them.
 */
import type initSqlJs from "sql.js";

export type SqliteDatabase = initSqlJs.Database;

/** Where the browser fetches sql.js's WebAssembly; null: sql.js finds it itself (Node). */
let wasmUrl: string | null = null;
let loading: Promise<initSqlJs.SqlJsStatic> | null = null;

/**
 * Says where `sql-wasm.wasm` is served. The desk calls it with the hashed asset that
 * scripts/build-assets.mjs copies out of node_modules; Node needs no call (sql.js reads the
 * file beside itself).
 */
export function setSqliteWasmUrl(url: string): void {
  wasmUrl = url;
  loading = null;
}

/** The first 16 bytes of every SQLite 3 database file. */
const sqliteHeader = "SQLite format 3\0";

export function isSqliteFile(bytes: Uint8Array): boolean {
  if (bytes.length < sqliteHeader.length) return false;
  for (let index = 0; index < sqliteHeader.length; index += 1) {
    if (bytes[index] !== sqliteHeader.charCodeAt(index)) return false;
  }
  return true;
}

/** The database in `bytes`, opened in memory (sql.js initialised once, on first use). */
export async function openSqlite(bytes: Uint8Array): Promise<SqliteDatabase> {
  loading ??= import("sql.js").then(({ default: init }) => {
    const url = wasmUrl;
    return init(url ? { locateFile: () => url } : undefined);
  });
  const sql = await loading;
  return new sql.Database(bytes);
}
