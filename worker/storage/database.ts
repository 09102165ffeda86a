/**
 * What storage needs of D1: the database binding itself, or a session of D1's Sessions API
 * opened on it (worker/platform/db-session.ts), which reads from a replica when it may.
 */
export type Database = Pick<D1Database, "prepare" | "batch">;
