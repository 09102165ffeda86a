/**
 * The desk's one door to the moderation API: same origin, the token from sessionStorage as
 * a bearer header (never in a URL), and the API's JSON errors as thrown values.
 */
import type * as z from "zod";
import type { modCommentSchema, banSchema, logEntrySchema } from "../worker/schemas/moderation";
import type { meSchema, moderatorSchema } from "../worker/schemas/moderators";
import type { siteSchema } from "../worker/schemas/sites";

export type ModComment = z.infer<typeof modCommentSchema>;
export type Ban = z.infer<typeof banSchema>;
export type LogEntry = z.infer<typeof logEntrySchema>;
export type Me = z.infer<typeof meSchema>;
export type Moderator = z.infer<typeof moderatorSchema>;
export type Site = z.infer<typeof siteSchema>;
export type Status = ModComment["status"];

const tokenKey = "parley-desk-token";

export const savedToken = () => sessionStorage.getItem(tokenKey);
export const saveToken = (token: string | null) =>
  token ? sessionStorage.setItem(tokenKey, token) : sessionStorage.removeItem(tokenKey);

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Calls the API; `token` overrides the saved one (for signing in). */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  token = savedToken(),
): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiFailure(0, "offline", "The server could not be reached. Try again.");
  }
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (
      data as {
        error?: { code?: string; message?: string; fields?: Record<string, string> };
      } | null
    )?.error;
    throw new ApiFailure(
      response.status,
      error?.code ?? "internal",
      error?.message ?? `The server answered ${response.status}.`,
      error?.fields,
    );
  }
  return data as T;
}

export const q = (params: Record<string, string | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
