import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../worker/index";

export const origin = "https://blog.example";
export const moderatorToken = env.MODERATOR_TOKEN!;

let counter = 0;
/** A name no other test uses, so tests own their data and pass in any order. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`https://parley.test${path}`, init));
}

export function json(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export function asModerator(init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: {
      ...(init.headers as Record<string, string>),
      Authorization: `Bearer ${moderatorToken}`,
    },
  };
}

/** Creates a site (moderation API) with the given settings; returns its id. */
export async function createSite(
  settings: Record<string, unknown> = {},
  origins = [origin],
): Promise<string> {
  const id = unique("site").toLowerCase();
  const res = await call(
    `/api/mod/sites/${id}`,
    asModerator(json("PUT", { name: `Site ${id}`, origins, settings })),
  );
  if (res.status !== 200)
    throw new Error(`creating site failed: ${res.status} ${await res.text()}`);
  return id;
}

export interface PostOptions {
  site: string;
  page?: string;
  body?: string;
  parentId?: string | null;
  name?: string;
  email?: string;
  website?: string;
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
  /** Other bindings for this request (a secret, a key): the post then waits for what runs after it. */
  bindings?: Record<string, unknown>;
}

export function commentPayload(options: PostOptions) {
  const page = options.page ?? "/post";
  return {
    site: options.site,
    page: { key: page, url: `${origin}${page}`, title: "A post" },
    parentId: options.parentId ?? null,
    author: {
      name: options.name ?? "Ann",
      email: options.email ?? "ann@example.com",
      website: options.website ?? "",
    },
    body: options.body ?? unique("Hello"),
    ...options.extra,
  };
}

function postRequest(options: PostOptions): RequestInit {
  return json("POST", commentPayload(options), {
    "CF-Connecting-IP": "203.0.113.7",
    ...options.headers,
  });
}

/** The one way tests post: the options say what differs from an ordinary comment. */
export function postComment(options: PostOptions): Promise<Response> {
  const init = postRequest(options);
  return options.bindings
    ? callSettled("/api/comments", init, options.bindings)
    : call("/api/comments", init);
}

/** A post answered before what it runs after its response (waitUntil) has settled. */
export async function postUnsettled(
  options: PostOptions,
): Promise<{ res: Response; settled: Promise<void> }> {
  const ctx = createExecutionContext();
  const request = new Request("https://parley.test/api/comments", postRequest(options));
  const res = await worker.fetch(request, { ...env, ...options.bindings } as typeof env, ctx);
  return { res, settled: waitOnExecutionContext(ctx) };
}

export interface Posted {
  comment: { id: string; status: string; html: string; [key: string]: unknown };
  editToken: string;
  editableUntil: string;
}

export async function postOk(options: PostOptions): Promise<Posted> {
  const res = await postComment(options);
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
  return res.json();
}

export async function listComments(site: string, page: string, query = ""): Promise<any> {
  const res = await call(`/api/comments?site=${site}&page=${encodeURIComponent(page)}${query}`);
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * A site that approves everything and never rate-limits, so a test turns on only the rule
 * it is about; pass settings to override.
 */
export function openSite(settings: Record<string, unknown> = {}, origins?: string[]) {
  return createSite(
    {
      moderation: "none",
      minSubmitSeconds: 0,
      rateLimitPerMinute: 10000,
      rateLimitPerDay: 100000,
      ...settings,
    },
    origins,
  );
}

/**
 * Calls the Worker with an execution context (so what it hands to waitUntil can be awaited)
 * and, optionally, other bindings: e.g. a different TURNSTILE_SECRET for one request.
 */
export async function callSettled(
  path: string,
  init: RequestInit = {},
  bindings: Record<string, unknown> = {},
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://parley.test${path}`, init),
    { ...env, ...bindings } as typeof env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

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
