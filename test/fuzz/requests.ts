/**
 * The fuzzer's requests: for each declared route, valid ones (every part generated from
 * the route's declared schemas, with ids, sites and pages that exist planted in often
 * enough to get past the lookups) and invalid ones, one mutation each.
 */
import fc from "fast-check";
import type { Declaration } from "../../worker/routes/declare";
import { arbitraryOf, type JsonSchema, type Resolve } from "./schema-arbitrary";

export interface Operation {
  declaration: Declaration;
  method: string;
  /** The document's spelling: /api/comments/{id}. */
  template: string;
  audience: string;
  /** The document's operation object. */
  spec: any;
}

/** What exists in the fuzzer's D1, for requests to find. */
export interface Known {
  origin: string;
  sites: string[];
  pages: string[];
  emails: string[];
  ids: { comments: string[]; bans: string[]; moderators: string[] };
  tokens: { owner: string; moderator: string; edit: string[] };
}

export const kinds = [
  "valid",
  "missing field",
  "extra field",
  "wrong type",
  "extreme string",
  "malformed id",
  "wrong content type",
  "no content type",
  "malformed body",
  "huge body",
  "undeclared method",
] as const;
export type Kind = (typeof kinds)[number];

export const credentials = [
  "none",
  "owner",
  "moderator",
  "wrong token",
  "edit token",
  "not bearer",
] as const;
export type Credential = (typeof credentials)[number];

export interface FuzzRequest {
  [fc.toStringMethod]: () => string;
  operation: Operation;
  kind: Kind;
  credential: Credential;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Methods workerd's Request takes that a path may not have (a GET or HEAD cannot carry a body there). */
const otherMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** A small deterministic generator of choices, seeded by fast-check. */
function chooser(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
type Chooser = ReturnType<typeof chooser>;

/** Strings that stress a parser: long, control characters, lone surrogates, RTL, emoji, NUL. */
const extremeStrings = [
  "x".repeat(70_000),
  "\u0000",
  "\ud800",
  "\u202e" + "evil",
  "👍🏽".repeat(300),
  " ",
  "",
  "../../etc/passwd",
  "%00%2F",
  "<script>alert(1)</script>",
  "a".repeat(600),
];

export function requestArbitrary(operations: Operation[], known: Known, resolve: Resolve) {
  return fc
    .record({
      operation: fc.constantFrom(...operations),
      // Two in five requests are valid; the rest spread over the invalid kinds.
      kind: fc.oneof(
        { arbitrary: fc.constant<Kind>("valid"), weight: 2 },
        { arbitrary: fc.constantFrom(...kinds.filter((kind) => kind !== "valid")), weight: 3 },
      ),
      seed: fc.integer(),
    })
    .chain(({ operation, kind, seed }) =>
      partsArbitrary(operation, resolve).map((parts) =>
        build(operation, kind, parts, known, chooser(seed)),
      ),
    );
}

/** Each operation's arbitrary, built once: building one compiles its patterns. */
const partsByOperation = new WeakMap<Operation, fc.Arbitrary<Parts>>();

function partsArbitrary(operation: Operation, resolve: Resolve): fc.Arbitrary<Parts> {
  let parts = partsByOperation.get(operation);
  if (!parts) {
    parts = partsOf(operation, resolve);
    partsByOperation.set(operation, parts);
  }
  return parts;
}

interface Parts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
}

function partsOf(operation: Operation, resolve: Resolve): fc.Arbitrary<Parts> {
  const parameters: any[] = operation.spec.parameters ?? [];
  const group = (where: string) =>
    fc.record<Record<string, unknown>>(
      Object.fromEntries(
        parameters
          .filter((p) => p.in === where)
          .map((p) => [p.name, arbitraryOf(p.schema, resolve)]),
      ),
      {
        requiredKeys: parameters
          .filter((p) => p.in === where && p.required)
          .map((p) => p.name as string) as never[],
      },
    );
  const content = operation.spec.requestBody?.content ?? {};
  const bodySchema: JsonSchema | undefined = Object.values<any>(content)[0]?.schema;
  return fc.record({
    params: group("path"),
    query: group("query"),
    headers: group("header"),
    body: bodySchema ? arbitraryOf(bodySchema, resolve) : fc.constant(undefined),
  });
}

/** Where an id of each kind exists: the fuzzer's seeded rows, picked by the path. */
function knownFor(name: string, template: string, known: Known): string[] {
  if (name === "site" || name === "sites") return known.sites;
  if (name === "file") return known.sites.map((site) => `${site}.atom`);
  if (name === "email" || name === "emails") return known.emails;
  if (name === "page" || name === "key") return known.pages;
  if (template.includes("/bans")) return known.ids.bans;
  if (template.includes("/moderators")) return known.ids.moderators;
  if (["id", "ids", "parentId", "commentId"].includes(name)) return known.ids.comments;
  return [];
}

/** Replaces generated values with ones that exist, often enough to reach the handlers. */
function plant(
  value: unknown,
  name: string,
  template: string,
  known: Known,
  choose: Chooser,
): unknown {
  if (Array.isArray(value)) return value.map((item) => plant(item, name, template, known, choose));
  if (value && typeof value === "object") {
    const object = Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        plant(inner, key, template, known, choose),
      ]),
    );
    // A page's address on the site's origin, so a comment's first post can create its thread.
    if (typeof object.key === "string" && "url" in object && choose.chance(0.8)) {
      object.url = `${known.origin}${object.key.startsWith("/") ? "" : "/"}${encodeURI(object.key)}`;
    }
    return object;
  }
  const existing = knownFor(name, template, known);
  return typeof value === "string" && existing.length > 0 && choose.chance(0.75)
    ? choose.pick(existing)
    : value;
}

function build(
  operation: Operation,
  kind: Kind,
  generated: Parts,
  known: Known,
  choose: Chooser,
): FuzzRequest {
  const { template } = operation;
  const parts = plant(generated, "", template, known, choose) as Parts;
  let method = operation.method.toUpperCase();
  if (kind === "undeclared method") method = choose.pick(otherMethods.filter((m) => m !== method));
  else if (method === "GET" && choose.chance(0.1)) method = "HEAD";

  if (kind === "malformed id" && Object.keys(parts.params).length > 0) {
    const name = choose.pick(Object.keys(parts.params));
    parts.params[name] = choose.pick([
      "c_",
      "x",
      "c_../../x",
      "%",
      "c_" + "a".repeat(300),
      "\u00e9",
      "0",
    ]);
  }
  if (["missing field", "extra field", "wrong type", "extreme string"].includes(kind)) {
    const target =
      parts.body && typeof parts.body === "object"
        ? (parts.body as Record<string, unknown>)
        : parts.query;
    mutate(target, kind, choose);
  }
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(parts.params[name])),
  );
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parts.query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined)
        query.append(name, typeof item === "string" ? item : JSON.stringify(item));
    }
  }
  const headers: Record<string, string> = {
    "CF-Connecting-IP": `203.0.113.${1 + Math.floor(choose.chance(0.5) ? 1 : 2)}`,
  };
  for (const [name, value] of Object.entries(parts.headers)) {
    // A header carries ASCII (a browser's fetch refuses anything else).
    if (typeof value === "string" && name !== "Authorization") {
      headers[name] = value.replace(/[^\x20-\x7e]/g, "?");
    }
  }
  if (choose.chance(0.7)) headers.Origin = known.origin;
  const credential = credentialFor(operation, choose);
  const authorization = authorizationOf(credential, known, choose);
  if (authorization) headers.Authorization = authorization;
  const body = bodyOf(operation, kind, parts.body, headers, choose);
  const search = query.toString();
  return {
    // How fast-check shows a failing request: what was sent, not the declaration behind it.
    [fc.toStringMethod]() {
      return `${kind}, ${credential}: ${this.method} ${this.url} ${JSON.stringify(this.headers)} ${this.body?.slice(0, 400) ?? ""}`;
    },
    operation,
    kind,
    credential,
    method,
    url: `https://parley.test${path}${search ? `?${search}` : ""}`,
    headers,
    body: method === "GET" || method === "HEAD" ? undefined : body,
  };
}

function mutate(target: Record<string, unknown>, kind: Kind, choose: Chooser) {
  const names = Object.keys(target);
  const name = names.length > 0 ? choose.pick(names) : "site";
  if (kind === "missing field") delete target[name];
  if (kind === "extra field")
    target[`extra${names.length}`] = choose.pick([1, "x", null, { a: [] }]);
  if (kind === "wrong type")
    target[name] = choose.pick([42, -1.5, true, null, [], {}, "text", [1, 2]]);
  if (kind === "extreme string") target[name] = choose.pick(extremeStrings);
}

function credentialFor(operation: Operation, choose: Chooser): Credential {
  if (operation.audience === "moderation" && choose.chance(0.6))
    return choose.chance(0.8) ? "owner" : "moderator";
  if (operation.template.startsWith("/api/comments/{id}") && choose.chance(0.4))
    return "edit token";
  return choose.pick(credentials);
}

function authorizationOf(
  credential: Credential,
  known: Known,
  choose: Chooser,
): string | undefined {
  switch (credential) {
    case "none":
      return undefined;
    case "owner":
      return `Bearer ${known.tokens.owner}`;
    case "moderator":
      return `Bearer ${known.tokens.moderator}`;
    case "wrong token":
      return `Bearer ${choose.pick(["x", known.tokens.owner + "x", "%F0%9F%94%91", "a".repeat(5000)])}`;
    case "edit token":
      return `Bearer ${choose.pick(known.tokens.edit)}`;
    case "not bearer":
      return choose.pick(["Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "bearer  x", "Token x"]);
  }
}

function bodyOf(
  operation: Operation,
  kind: Kind,
  value: unknown,
  headers: Record<string, string>,
  choose: Chooser,
) {
  const form = "application/x-www-form-urlencoded";
  const declared = Object.keys(operation.spec.requestBody?.content ?? {})[0];
  const type = declared ?? (choose.chance(0.5) ? "application/json" : undefined);
  if (kind === "huge body") {
    if (type) headers["Content-Type"] = type;
    return " ".repeat(70 * 1024) + "{}";
  }
  if (kind === "malformed body") {
    headers["Content-Type"] = type ?? "application/json";
    return choose.pick(["{", "", "null", "[]", '{"a":', "\u0000", "1e999"]);
  }
  if (value === undefined && !type) return undefined;
  const text =
    type === form
      ? new URLSearchParams(
          Object.entries((value ?? {}) as Record<string, unknown>).map(
            ([k, v]): [string, string] => [k, String(v)],
          ),
        ).toString()
      : JSON.stringify(value ?? {});
  if (kind === "wrong content type")
    headers["Content-Type"] = choose.pick([
      "text/plain",
      "application/xml",
      form === type ? "application/json" : form,
      "multipart/form-data; boundary=x",
    ]);
  else if (kind !== "no content type" && type) headers["Content-Type"] = type;
  return text;
}
