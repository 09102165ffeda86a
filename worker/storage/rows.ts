/** Small helpers shared by the storage modules; nothing outside storage/ sees a row. */

/** A row as D1 gives it: column name → value (columns.ts maps it to an object). */
export type Row = Record<string, unknown>;

export function firstRow<Row>(result: D1Result<unknown> | undefined): Row | null {
  return (result?.results?.[0] as Row | undefined) ?? null;
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
