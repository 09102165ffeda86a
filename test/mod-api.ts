/** Helpers for the moderation tests, on top of test/helpers.ts. */
import { expect } from "vitest";
import { asModerator, call, json } from "./helpers";

/** A moderator request; `body` is sent as JSON. */
export function mod(method: string, path: string, body?: unknown): Promise<Response> {
  return call(path, asModerator(body === undefined ? { method } : json(method, body)));
}

export async function modJson(method: string, path: string, body?: unknown): Promise<any> {
  const res = await mod(method, path, body);
  const text = await res.text();
  expect(res.status, text).toBeLessThan(300);
  return JSON.parse(text);
}

export async function queue(site: string, query = ""): Promise<any[]> {
  return (await modJson("GET", `/api/mod/comments?site=${site}${query}`)).comments;
}

export async function queued(site: string, id: string): Promise<any> {
  const found = (await queue(site, "&limit=100")).find((comment) => comment.id === id);
  expect(found, `comment ${id} in the queue`).toBeDefined();
  return found;
}

export async function modLog(site: string): Promise<any[]> {
  return (await modJson("GET", `/api/mod/log?site=${site}`)).entries;
}

export function setStatus(id: string, status: string): Promise<any> {
  return modJson("PATCH", `/api/mod/comments/${id}`, { status });
}

export async function ban(body: Record<string, unknown>): Promise<any> {
  const res = await mod("POST", "/api/mod/bans", body);
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}
