/** Helpers for the public API tests, on top of test/helpers.ts. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";

/** Asserts the contract's error shape and returns its body. */
export async function expectError(
  res: Response,
  status: number,
  code: string,
): Promise<{ error: { code: string; message: string; fields?: Record<string, string> } }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  if (status !== 400) expect(body.error).not.toHaveProperty("fields");
  return body;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Runs SQL against the test D1 directly (for setting up states the API cannot reach). */
export function sql(query: string, ...params: unknown[]) {
  return env.DB.prepare(query)
    .bind(...params)
    .run();
}

export async function rows<Row = Record<string, unknown>>(
  query: string,
  ...params: unknown[]
): Promise<Row[]> {
  const result = await env.DB.prepare(query)
    .bind(...params)
    .all<Row>();
  return result.results;
}

/** Moves a comment's creation time into the past, e.g. to close its edit window. */
export function backdateComment(id: string, seconds: number) {
  const at = new Date(Date.now() - seconds * 1000).toISOString();
  return sql(`UPDATE comments SET created_at = ?1 WHERE id = ?2`, at, id);
}
