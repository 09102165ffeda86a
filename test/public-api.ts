/** Helpers for the public API tests, on top of test/helpers.ts. */
import { sql } from "./sql";

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Moves a comment's creation time into the past, e.g. to close its edit window. */
export function backdateComment(id: string, seconds: number) {
  const at = new Date(Date.now() - seconds * 1000).toISOString();
  return sql(`UPDATE comments SET created_at = ?1 WHERE id = ?2`, at, id);
}
