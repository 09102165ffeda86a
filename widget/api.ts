/**
 * The public HTTP contract (API.md, "Public endpoints"): one function per endpoint over a
 * single request() wrapper. Types come from the Worker's own response schemas, so
 * the widget cannot drift from the server; `import type` keeps zod out of the bundle.
 */
import type { z } from "zod";
import type { newCommentSchema, reactionSchema } from "../worker/schemas/reader";
import type { readerCommentsResponseSchema, readerMailSchema } from "../worker/schemas/readers";
import type {
  contextResponseSchema,
  listResponseSchema,
  ownCommentSchema,
  postResponseSchema,
  publicCommentSchema,
  reactionResponseSchema,
  repliesResponseSchema,
  topCommentSchema,
} from "../worker/schemas/reader-answers";

export type ListResponse = z.infer<typeof listResponseSchema>;
export type Config = ListResponse["config"];
export type Thread = ListResponse["thread"];
export type Posted = z.infer<typeof postResponseSchema>;
export type RepliesPage = z.infer<typeof repliesResponseSchema>;
export type CommentContext = z.infer<typeof contextResponseSchema>;
/**
 * A comment as the widget holds it: public, plus `status` for the reader's own, and, on a
 * top-level comment, where its replies go on.
 */
export type Comment = z.infer<typeof publicCommentSchema> & {
  status?: z.infer<typeof ownCommentSchema>["status"];
} & Partial<Pick<z.infer<typeof topCommentSchema>, "repliesCursor" | "moreReplies">>;
/** What POST /api/comments takes, as its schema says. */
export type NewComment = z.input<typeof newCommentSchema>;
export type Page = NewComment["page"];
/** One's own comment as a verified browser gets it back (GET /api/readers/comments). */
export type ReaderComment = z.infer<typeof readerCommentsResponseSchema>["comments"][number];

/**
 * A failed request: the HTTP status (0 when unreachable), the API's error code, its fields,
 * and the seconds Retry-After asks for. `message` is the server's own (English) sentence.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
    message = code,
    readonly retryAfter = 0,
  ) {
    super(message);
  }
}

/**
 * Where a request goes, and what ends it: every request of a thread carries its mount's
 * signal, so a thread taken down (Parley.mount's destroy(), a new page in a single-page
 * site) leaves no request behind, and no late answer drawn anywhere.
 */
export interface Endpoint {
  origin: string;
  /**
   * Ends with the thread (a mounted one's; a script tag's thread has none): its requests,
   * and the listeners and observers given it, go with it.
   */
  signal?: AbortSignal;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** An edit token or a reader token, sent as a bearer token. */
  token?: string;
  idempotencyKey?: string;
}

/**
 * Reading one's own writes under D1 read replication: a write answers with its session's
 * bookmark (`Parley-Bookmark`), kept for the tab's session; every read sends it back, so it
 * is served by a replica that already has the reader's comment (or by the primary).
 */
const bookmarkKey = "parley:bookmark";

function withBookmark(path: string): string {
  let bookmark: string | null = null;
  try {
    bookmark = sessionStorage.getItem(bookmarkKey);
  } catch {
    // Storage can be off (a sandboxed frame, strict privacy settings): read anywhere.
  }
  return bookmark
    ? `${path}${path.includes("?") ? "&" : "?"}bookmark=${encodeURIComponent(bookmark)}`
    : path;
}

/** The one fetch wrapper. Errors come back as ApiError, shaped like the server's JSON. */
async function request<T>(at: Endpoint, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(at.origin + (options.method ? path : withBookmark(path)), {
      method: options.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Readers get no cookies from Parley, and send none to it.
      credentials: "omit",
      signal: at.signal,
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const bookmark = response.headers.get("Parley-Bookmark");
  try {
    if (bookmark) sessionStorage.setItem(bookmarkKey, bookmark);
  } catch {
    // Without storage the reader may briefly not see their write on a lagging replica.
  }
  if (response.status === 204) return undefined as T;
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? "internal",
      error.fields,
      error.message,
      Number(response.headers.get("Retry-After")) || 0,
    );
  }
  return json as T;
}

/**
 * Reads that need nothing but the answer: the first paint lists comments with this alone,
 * leaving request() and its error shape (about 0.3 KB) to the chunks that write.
 */
async function get<T>(at: Endpoint, path: string): Promise<T> {
  const response = await fetch(at.origin + withBookmark(path), {
    credentials: "omit",
    signal: at.signal,
  });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

// One function per endpoint. Each bundle (embed.js, the chunks) keeps only the ones it calls.
const commentPath = (id: string) => `/api/comments/${encodeURIComponent(id)}`;

export const listComments = (
  at: Endpoint,
  site: string,
  page: string,
  sort: string,
  cursor?: string | null,
) =>
  get<ListResponse>(
    at,
    "/api/comments?" + new URLSearchParams({ site, page, sort, ...(cursor ? { cursor } : {}) }),
  );

/** The first page again, unless it is still the one tagged `etag` (a 304: null). */
export async function listCommentsIfChanged(
  at: Endpoint,
  site: string,
  page: string,
  sort: string,
  etag: string,
): Promise<{ etag: string; answer: ListResponse } | null> {
  // The list's address spelled out again rather than shared with listComments: a shared
  // helper costs embed.js bytes the ready-to-type budget does not have.
  const response = await fetch(
    at.origin + withBookmark(`/api/comments?${new URLSearchParams({ site, page, sort })}`),
    {
      credentials: "omit",
      signal: at.signal,
      headers: etag ? { "If-None-Match": etag } : {},
    },
  );
  if (response.status !== 200) return null;
  return { etag: response.headers.get("ETag") ?? "", answer: await response.json() };
}

export const listReplies = (at: Endpoint, id: string, cursor: string) =>
  get<RepliesPage>(at, `${commentPath(id)}/replies?` + new URLSearchParams({ cursor }));

export const commentContext = (at: Endpoint, id: string, sort: string) =>
  get<CommentContext>(at, `${commentPath(id)}/context?` + new URLSearchParams({ sort }));

export const previewComment = (at: Endpoint, site: string, body: string) =>
  request<{ html: string }>(at, "/api/preview", { method: "POST", body: { site, body } });

export const getComment = (at: Endpoint, id: string, token: string) =>
  request<Comment>(at, commentPath(id), { token });

export const likeComment = (at: Endpoint, id: string, like: { reader: string; liked: boolean }) =>
  request<{ likes: number; liked: boolean }>(at, `${commentPath(id)}/like`, {
    method: "POST",
    body: like,
  });

export const reactToPage = (at: Endpoint, reaction: z.input<typeof reactionSchema>) =>
  request<z.infer<typeof reactionResponseSchema>>(at, "/api/reactions", {
    method: "POST",
    body: reaction,
  });

export const reportComment = (
  at: Endpoint,
  id: string,
  report: { reason: string; text?: string },
) =>
  request<{ reported: true }>(at, `${commentPath(id)}/report`, {
    method: "POST",
    body: report,
  });

export const postComment = (at: Endpoint, input: NewComment, idempotencyKey: string) =>
  request<Posted>(at, "/api/comments", { method: "POST", body: input, idempotencyKey });

export const editComment = (at: Endpoint, id: string, token: string, body: string) =>
  request<{ comment: Comment }>(at, commentPath(id), {
    method: "PATCH",
    body: { body },
    token,
  });

export const deleteComment = (at: Endpoint, id: string, token: string) =>
  request<void>(at, commentPath(id), { method: "DELETE", token });

/** Mail that verifies this browser, or a link to everything the address wrote on the site. */
export const askReaderMail = (at: Endpoint, ask: z.input<typeof readerMailSchema>) =>
  request<{ accepted: true }>(at, "/api/readers/mail", { method: "POST", body: ask });

export const readerComments = (at: Endpoint, site: string, page: string, token: string) =>
  request<{ comments: ReaderComment[] }>(
    at,
    "/api/readers/comments?" + new URLSearchParams({ site, page }),
    { token },
  );

export const revokeReader = (at: Endpoint, site: string, token: string) =>
  request<void>(at, "/api/readers/token?" + new URLSearchParams({ site }), {
    method: "DELETE",
    token,
  });
