/**
 * Applies migrations/*.sql to a D1 binding, in file order, each file in one batch. D1 runs
 * one statement per prepare, so files are split on `;` — except inside a trigger body,
 * which ends at `END;` (its statements end in `;` too).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

interface D1Like {
  prepare(sql: string): unknown;
  batch(statements: unknown[]): Promise<unknown>;
}

export function splitSql(text: string): string[] {
  const withoutComments = text.replace(/--[^\n]*/g, "");
  const statements: string[] = [];
  let current = "";
  for (const piece of withoutComments.split(";")) {
    current += piece;
    const trimmed = current.trim();
    const inTrigger = /^CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(trimmed);
    if (inTrigger && !/\bEND$/i.test(trimmed)) {
      current += ";";
      continue;
    }
    if (trimmed) statements.push(trimmed);
    current = "";
  }
  return statements;
}

export async function applyMigrations(db: D1Like, dir: string): Promise<number> {
  const files = (await readdir(dir)).filter((file) => file.endsWith(".sql")).sort();
  for (const file of files) {
    const statements = splitSql(await readFile(path.join(dir, file), "utf8"));
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
  return files.length;
}
