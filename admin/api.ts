/**
 * The desk's one door to the moderation API: one function per endpoint over a single
 * request() wrapper; same origin, the token from sessionStorage as a bearer header (never in
 * a URL), and the API's JSON errors as thrown values. Types come from the Worker's own zod
 * schemas, so the desk cannot drift from the server; `import type` keeps zod out of the
 * bundle.
 */
import type * as z from "zod";
import type {
  authorErasedSchema,
  authorExportSchema,
  banSchema,
  logEntrySchema,
  modCommentSchema,
  moderateCommentSchema,
  modThreadSchema,
  newBanSchema,
  queueQuerySchema,
  queueResponseSchema,
  threadUpdateSchema,
} from "../worker/schemas/moderation";
import type {
  meSchema,
  moderatorSchema,
  newModeratorResponseSchema,
  newModeratorSchema,
} from "../worker/schemas/moderators";
import type { putSiteSchema, siteSchema } from "../worker/schemas/sites";

export type ModComment = z.infer<typeof modCommentSchema>;
export type Ban = z.infer<typeof banSchema>;
export type LogEntry = z.infer<typeof logEntrySchema>;
export type Me = z.infer<typeof meSchema>;
export type Moderator = z.infer<typeof moderatorSchema>;
export type Site = z.infer<typeof siteSchema>;
export type Status = ModComment["status"];
/** A tab of the queue: a status, or the comments with reports not yet settled. */
export type Tab = NonNullable<z.input<typeof queueQuerySchema>["status"]>;
export type AuthorData = z.infer<typeof authorExportSchema>;

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

/** The bearer header for `token` (none behind Cloudflare Access, where a cookie says who). */
const authorization = (token = savedToken()): Record<string, string> =>
  token ? { Authorization: `Bearer ${token}` } : {};

/** fetch() on the desk's own origin, its failure to connect as an ApiFailure. */
async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "offline", "The server could not be reached. Try again.");
  }
}

/** The API's JSON error of a response that is not ok, as an ApiFailure. */
function failureOf(response: Response, data: unknown): ApiFailure {
  const error = (
    data as {
      error?: { code?: string; message?: string; fields?: Record<string, string> };
    } | null
  )?.error;
  return new ApiFailure(
    response.status,
    error?.code ?? "internal",
    error?.message ?? `The server answered ${response.status}.`,
    error?.fields,
  );
}

/** The one fetch wrapper; `token` overrides the saved one (for signing in). */
async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  token = savedToken(),
): Promise<T> {
  const headers = authorization(token);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await send(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw failureOf(response, data);
  return data as T;
}

const mod = "/api/mod";

/** A query string of the parameters that have a value ("" and null are left out). */
const query = (params: Record<string, string | null | undefined>) =>
  new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();

// ---- who is signed in ----

/** Who the saved token (or `token`, when signing in) belongs to. */
export const me = (token?: string) => request<Me>("GET", `${mod}/me`, undefined, token);

// ---- the queue ----

export const listQueue = (site: string, status: Tab, search: string, cursor: string | null) =>
  request<z.infer<typeof queueResponseSchema>>(
    "GET",
    `${mod}/comments?${query({ site, status, q: search, cursor })}`,
  );

export const queueCounts = (site: string) =>
  request<{ counts: Record<string, number> }>("GET", `${mod}/comments/counts?${query({ site })}`);

/** A comment's status, Markdown body or pin. */
export const moderate = (id: string, change: z.input<typeof moderateCommentSchema>) =>
  request<ModComment>("PATCH", `${mod}/comments/${id}`, change);

export const bulk = (ids: string[], status: Status) =>
  request<{ updated: number }>("POST", `${mod}/comments/bulk`, { ids, status });

export const reply = (id: string, body: string) =>
  request<ModComment>("POST", `${mod}/comments/${id}/replies`, { body });

export const deleteComment = (id: string) => request<void>("DELETE", `${mod}/comments/${id}`);

export const updateThread = (change: z.input<typeof threadUpdateSchema>) =>
  request<z.infer<typeof modThreadSchema>>("PATCH", `${mod}/threads`, change);

// ---- sites ----

export const listSites = () => request<{ sites: Site[] }>("GET", `${mod}/sites`);

/**
 * Creates or replaces a site. Its settings are the form's, drawn from the OpenAPI document
 * (settingsSchema below): the Worker's schema checks them, and its errors name the fields.
 */
export const putSite = (
  id: string,
  site: Omit<z.input<typeof putSiteSchema>, "settings"> & { settings: Record<string, unknown> },
) => request<Site>("PUT", `${mod}/sites/${encodeURIComponent(id)}`, site);

/** One property of the settings' JSON Schema, as the OpenAPI document has it. */
export interface PropertySchema {
  type?: string;
  enum?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: PropertySchema[];
  items?: PropertySchema;
}

let settings: Promise<Record<string, PropertySchema>> | null = null;

/** The settings a site's PUT takes, from the API's OpenAPI document (fetched once). */
export function settingsSchema() {
  settings ??= fetch("/api/openapi.json")
    .then((response) => response.json())
    .then(
      (doc) =>
        doc.paths[`${mod}/sites/{site}`].put.requestBody.content["application/json"].schema
          .properties.settings.properties,
    );
  return settings;
}

// ---- bans ----

export const listBans = (site: string) =>
  request<{ bans: Ban[] }>("GET", `${mod}/bans?${query({ site })}`);

export const ban = (input: z.input<typeof newBanSchema>) =>
  request<Ban>("POST", `${mod}/bans`, input);

export const liftBan = (id: string) => request<void>("DELETE", `${mod}/bans/${id}`);

// ---- the audit log ----

export const listLog = (site: string, cursor: string | null) =>
  request<{ entries: LogEntry[]; nextCursor: string | null }>(
    "GET",
    `${mod}/log?${query({ site, cursor })}`,
  );

// ---- moderators ----

export const listModerators = () =>
  request<{ moderators: Moderator[] }>("GET", `${mod}/moderators`);

export const addModerator = (input: z.input<typeof newModeratorSchema>) =>
  request<z.infer<typeof newModeratorResponseSchema>>("POST", `${mod}/moderators`, input);

export const revokeModerator = (id: string) => request<void>("DELETE", `${mod}/moderators/${id}`);

// ---- privacy requests ----

const authorPath = (email: string) => `${mod}/authors?email=${encodeURIComponent(email)}`;

/** Everything stored about an email, as the export a person may ask for. */
export const exportAuthor = (email: string) => request<AuthorData>("GET", authorPath(email));

export const eraseAuthor = (email: string) =>
  request<z.infer<typeof authorErasedSchema>>("DELETE", authorPath(email));

// ---- moving in and out (the import screen) ----

/**
 * One chunk of an import, in Parley's format, answered as the Response itself: the sender
 * shared with `npm run import` (importers/send-import.ts) retries a 5xx and stops at a 4xx.
 */
export const postImport = (site: string, body: string, signal?: AbortSignal) =>
  fetch(`${mod}/import?${query({ site, format: "parley" })}`, {
    method: "POST",
    headers: { ...authorization(), "Content-Type": "application/json" },
    body,
    signal,
    credentials: "same-origin",
  });

/** A site's export as a file to save: Parley's JSON, or WordPress WXR. */
export async function fetchExport(
  site: string,
  format: "parley" | "wxr",
): Promise<{ blob: Blob; name: string }> {
  const path = format === "wxr" ? `${mod}/export/wxr` : `${mod}/export`;
  const response = await send(`${path}?${query({ site })}`, { headers: authorization() });
  if (!response.ok) throw failureOf(response, await response.json().catch(() => null));
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const name =
    /filename="([^"]+)"/.exec(disposition)?.[1] ??
    `parley-${site}.${format === "wxr" ? "xml" : "json"}`;
  return { blob: await response.blob(), name };
}
