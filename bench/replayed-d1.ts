/**
 * A D1 binding for timing the Worker's own work: `record()` forwards every call to a real
 * D1 and keeps the answers; `replay()` then hands the same answers back, in the same order,
 * at once, whatever the statements say. A request replayed this way runs exactly the code
 * it ran when recorded, with no database in the time.
 */
import type { D1Database, D1PreparedStatement } from "@cloudflare/workers-types";
interface Recorded {
  results: unknown[];
}

class Statement {
  constructor(
    readonly sql: string,
    readonly values: unknown[],
    private readonly owner: ReplayedD1,
  ) {}
  bind(...values: unknown[]) {
    return new Statement(this.sql, values, this.owner);
  }
  first(column?: string) {
    return this.owner.answer(() => this.real().first(column as never));
  }
  all() {
    return this.owner.answer(() => this.real().all());
  }
  run() {
    return this.owner.answer(() => this.real().run());
  }
  raw() {
    return this.owner.answer(() => this.real().raw());
  }
  real(): D1PreparedStatement {
    return this.owner.real.prepare(this.sql).bind(...this.values);
  }
}

export class ReplayedD1 {
  private recording: Recorded | null = null;
  private played: Recorded | null = null;
  private position = 0;

  constructor(readonly real: D1Database) {}

  prepare(sql: string) {
    return new Statement(sql, [], this);
  }

  batch(statements: Statement[]) {
    return this.answer(() => this.real.batch(statements.map((statement) => statement.real())));
  }

  /**
   * A D1 session (db-session.ts) is this same recorder: the answers are the primary's,
   * recorded or replayed; a bookmark is only answered, never used.
   */
  withSession() {
    return Object.assign(Object.create(this) as this, { getBookmark: () => null });
  }

  /**
   * A D1 that only replays answers recorded elsewhere (another process's `recorded()`), in
   * the order they were recorded; it never reaches a database.
   */
  static replaying(results: unknown[]): ReplayedD1 {
    const db = new ReplayedD1(null as unknown as D1Database);
    db.played = { results };
    return db;
  }

  /** The answers recorded so far, in order: plain data, so they survive JSON. */
  recorded(): unknown[] {
    return (this.recording ?? this.played)?.results ?? [];
  }

  /** Starts keeping the answers of the real database. */
  record(): void {
    this.recording = { results: [] };
    this.played = null;
  }

  /** Answers from what was recorded, from its first answer on. */
  replay(): void {
    if (this.recording) this.played = this.recording;
    this.recording = null;
    this.position = 0;
  }

  async answer<T>(call: () => Promise<T>): Promise<T> {
    if (this.played) {
      const result = this.played.results[this.position % this.played.results.length] as T;
      this.position += 1;
      return result;
    }
    const result = await call();
    this.recording?.results.push(result);
    return result;
  }
}
