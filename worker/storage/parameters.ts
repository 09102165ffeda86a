/**
 * Statements whose parameters are numbered as their SQL is written: `p(value)` binds the
 * value and gives its `?N`. A clause left out takes its parameter with it, so D1, which wants
 * exactly as many values as the highest ?N used, gets them without counting by hand. A value
 * used twice is bound once: `const site = p(siteId)`, then `${site}` wherever it is needed.
 */
import type { Database } from "./database";

export type Param = (value: unknown) => string;

/** The SQL `build` writes, and the values its parameters stand for, in order. */
export function numbered(build: (p: Param) => string): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  // push() answers the new length: the number of the parameter just bound.
  const sql = build((value) => `?${values.push(value)}`);
  return { sql, values };
}

/** The statement `build` writes, prepared and bound. */
export function statement(db: Database, build: (p: Param) => string): D1PreparedStatement {
  const { sql, values } = numbered(build);
  return db.prepare(sql).bind(...values);
}
