/** Small helpers shared by the storage modules; nothing outside storage/ sees a row. */
import type { Database } from "./database";

/** A row as D1 gives it: column name → value (columns.ts maps it to an object). */
export type Row = Record<string, unknown>;

export function firstRow<Row>(result: D1Result<unknown> | undefined): Row | null {
  return (result?.results?.[0] as Row | undefined) ?? null;
}

/**
 * One round trip for the named statements that are there (null: not needed here), each
 * result under its statement's name; a statement left out has no result.
 */
export async function batchOf<Name extends string>(
  db: Database,
  statements: Record<Name, D1PreparedStatement | null>,
): Promise<Record<Name, D1Result<unknown> | undefined>> {
  const named = (Object.entries(statements) as [Name, D1PreparedStatement | null][]).filter(
    (entry): entry is [Name, D1PreparedStatement] => entry[1] !== null,
  );
  const results = await db.batch(named.map(([, statement]) => statement));
  return Object.fromEntries(named.map(([name], at) => [name, results[at]])) as Record<
    Name,
    D1Result<unknown> | undefined
  >;
}

export function allRows<Row>(result: D1Result<unknown> | undefined): Row[] {
  return (result?.results ?? []) as Row[];
}

export function parseJsonColumn<T>(text: string | null, fallback: T): T {
  if (text == null) return fallback;
  return JSON.parse(text) as T;
}

/** SQLite's "constraint failed" family, which a racing request can cause. */
export function isConstraintError(error: unknown): boolean {
  return error instanceof Error && /constraint failed/i.test(error.message);
}
