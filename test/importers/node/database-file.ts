import initSqlJs from "sql.js";

/**
 * An SQLite database file made from SQL scripts, as bytes: the fixtures for Isso and Cusdis
 * are SQL text (readable, reviewable), and the importers read the file SQLite writes.
 */
export async function databaseFile(...scripts: string[]): Promise<Uint8Array> {
  const sqlite = await initSqlJs();
  const database = new sqlite.Database();
  try {
    for (const script of scripts) database.exec(script);
    return database.export();
  } finally {
    database.close();
  }
}
