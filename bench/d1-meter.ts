/**
 * A D1Database wrapper that counts what the Worker asks of D1: round trips (one per
 * `batch`, `all`, `first`, `run`, `raw` or `exec`), and the rows read and written as D1
 * reports them in each result's `meta` — what Cloudflare bills, and the same on every
 * machine. It also records every statement executed (SQL text and bound values), so the
 * query-plan test explains exactly what the storage functions send, not a copy of it.
 *
 * Used by the bench's instrumented Worker and by the tests; never part of the shipped bundle.
 */

export interface ExecutedStatement {
  sql: string;
  params: unknown[];
}

export interface D1Tally {
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  statements: ExecutedStatement[];
}

export interface MeteredD1 {
  db: D1Database;
  tally: D1Tally;
  reset(): void;
}

interface Metered {
  inner: D1PreparedStatement;
  executed: ExecutedStatement;
}

const innerOf = new WeakMap<object, Metered>();

export function meterD1(real: D1Database): MeteredD1 {
  const tally: D1Tally = { roundTrips: 0, rowsRead: 0, rowsWritten: 0, statements: [] };

  const count = (results: D1Result<unknown>[], executed: ExecutedStatement[]) => {
    tally.roundTrips += 1;
    tally.statements.push(...executed);
    for (const result of results) {
      tally.rowsRead += result.meta.rows_read ?? 0;
      tally.rowsWritten += result.meta.rows_written ?? 0;
    }
  };

  // `first` and `raw` return no `meta`, so every read goes through `all` and is reshaped:
  // the SQL and the rows D1 touches are the same either way.
  const wrap = (inner: D1PreparedStatement, executed: ExecutedStatement): D1PreparedStatement => {
    const statement = {
      bind: (...params: unknown[]) => wrap(inner.bind(...params), { sql: executed.sql, params }),
      async all<T>() {
        const result = await inner.all<T>();
        count([result], [executed]);
        return result;
      },
      async run<T>() {
        const result = await inner.run<T>();
        count([result], [executed]);
        return result;
      },
      async first<T>(column?: string) {
        const row = (await statement.all<Record<string, unknown>>()).results[0];
        if (!row) return null;
        return (column === undefined ? row : row[column]) as T;
      },
      async raw() {
        const rows = (await statement.all<Record<string, unknown>>()).results;
        return rows.map((row) => Object.values(row));
      },
    };
    innerOf.set(statement, { inner, executed });
    return statement as unknown as D1PreparedStatement;
  };

  /** prepare and batch over the database itself or over one of its sessions, metered alike. */
  const statementsOf = (source: Pick<D1Database, "prepare" | "batch">) => ({
    prepare: (sql: string) => wrap(source.prepare(sql), { sql, params: [] }),
    async batch<T>(statements: D1PreparedStatement[]) {
      const metered = statements.map((statement) => {
        const found = innerOf.get(statement);
        if (!found) throw new Error("d1-meter: batch() got a statement from another database");
        return found;
      });
      const results = await source.batch<T>(metered.map(({ inner }) => inner));
      count(
        results,
        metered.map(({ executed }) => executed),
      );
      return results;
    },
  });

  const db = {
    ...statementsOf(real),
    async exec(sql: string) {
      const result = await real.exec(sql);
      tally.roundTrips += 1;
      return result;
    },
    withSession(constraintOrBookmark?: string) {
      const session = real.withSession(constraintOrBookmark);
      return { ...statementsOf(session), getBookmark: () => session.getBookmark() };
    },
    dump() {
      throw new Error("d1-meter: dump is not metered");
    },
  };

  return {
    db: db as unknown as D1Database,
    tally,
    reset() {
      tally.roundTrips = 0;
      tally.rowsRead = 0;
      tally.rowsWritten = 0;
      tally.statements = [];
    },
  };
}
