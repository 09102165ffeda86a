/**
 * A table's columns named once, by the property each becomes: the one place a snake_case
 * column turns into a camelCase field. A map gives the SELECT list (or an INSERT's column
 * list) and the mapper from a row to an object, so the two cannot drift apart.
 */
import { allRows, firstRow, parseJsonColumn, type Row } from "./rows";

/**
 * A property's column: its name, or its name with a conversion from what SQLite stores
 * (a JSON array, a 0/1 flag) and, for a value computed in the query, the SQL computing it.
 */
type Column<Value> = string | { column: string; from?: (stored: never) => Value; sql?: string };

export type ColumnSpec<T> = { [Key in keyof T]-?: Column<T[Key]> };

interface Entry {
  key: string;
  column: string;
  from?: (stored: unknown) => unknown;
  sql?: string;
}

export interface Columns<T> {
  /** The properties, in order: an INSERT's values follow them. */
  readonly keys: (keyof T & string)[];
  /** The column list, each prefixed by `alias` ("c" → "c.id, c.site_id, …") when given. */
  list(alias?: string): string;
  /** A row read with `list()` as the object it stands for. */
  from(row: Row): T;
  /** The first row of a result, mapped, or null. */
  first(result: D1Result<unknown> | undefined): T | null;
  /** Every row of a result, mapped. */
  all(result: D1Result<unknown> | undefined): T[];
  /** The same columns for only some of the properties (a read that needs fewer). */
  pick<Key extends keyof T & string>(...keys: Key[]): Columns<Pick<T, Key>>;
  /** The same columns but for some properties (a write that leaves them to their defaults). */
  omit<Key extends keyof T & string>(...keys: Key[]): Columns<Omit<T, Key>>;
  /** These columns and more (a read that adds computed or joined ones). */
  with<More>(spec: ColumnSpec<More>): Columns<T & More>;
}

export function columns<T>(spec: ColumnSpec<T>): Columns<T> {
  return columnsOf<T>(entriesOf(spec));
}

function entriesOf<T>(spec: ColumnSpec<T>): Entry[] {
  return Object.entries(spec as Record<string, Column<unknown>>).map(([key, column]) =>
    typeof column === "string" ? { key, column } : { key, ...(column as Omit<Entry, "key">) },
  );
}

function columnsOf<T>(entries: Entry[]): Columns<T> {
  const from = (row: Row) => {
    const object: Record<string, unknown> = {};
    for (const { key, column, from: convert } of entries) {
      object[key] = convert ? convert(row[column]) : row[column];
    }
    return object as T;
  };
  return {
    keys: entries.map(({ key }) => key as keyof T & string),
    list: (alias) =>
      entries
        .map(({ column, sql }) =>
          sql ? `${sql} AS ${column}` : alias ? `${alias}.${column}` : column,
        )
        .join(", "),
    from,
    first: (result) => {
      const row = firstRow<Row>(result);
      return row ? from(row) : null;
    },
    all: (result) => allRows<Row>(result).map(from),
    pick: (...keys: string[]) => columnsOf(entries.filter(({ key }) => keys.includes(key))),
    omit: (...keys: string[]) => columnsOf(entries.filter(({ key }) => !keys.includes(key))),
    with: (spec) => columnsOf([...entries, ...entriesOf(spec)]),
  };
}

/** A JSON array stored as text (a comment's reasons, a moderator's sites). */
export const jsonList = (text: string | null): string[] => parseJsonColumn<string[]>(text, []);

/** A time that is set, or not: `deleted` from `deleted_at`. */
export const isSet = (at: string | null): boolean => at !== null;

/** SQLite's 0/1 for a yes or no. */
export const flag = (stored: number): boolean => stored === 1;
