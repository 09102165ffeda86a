/**
 * The headers of an answer that mean something to a client, each written once in the
 * document's `components.headers` and referred to by every response that carries it. Which
 * response carries which follows from the route's declaration (routes/declare.ts) and the
 * middleware in front of it; the contract fuzzer (test/fuzz/declared-headers.ts) checks
 * that every such header the Worker sends is declared here, and every required one sent.
 */
import { bookmarkHeader } from "../platform/db-session";
import type { Declaration } from "../routes/declare";

export const headerComponents = {
  ETag: {
    description: "The content's validator: send it back as If-None-Match to get a 304",
    required: true,
    schema: { type: "string" },
  },
  Revalidate: {
    description: "no-cache: a cache may keep the answer but must revalidate it (If-None-Match)",
    required: true,
    schema: { type: "string", const: "no-cache" },
  },
  NoStore: {
    description: "no-store: one person's page, which no cache may keep",
    required: true,
    schema: { type: "string", const: "no-store" },
  },
  Location: {
    description: "Where the reader goes next: the article, at the comment",
    required: true,
    schema: { type: "string", format: "uri" },
  },
  RetryAfter: {
    description: "Seconds to wait before trying again",
    required: true,
    schema: { type: "integer", minimum: 1 },
  },
  Challenge: {
    description: "The scheme to authenticate with: a bearer token",
    required: true,
    schema: { type: "string", pattern: "^Bearer " },
  },
  Attachment: {
    description: "attachment, with the file's name: the export is a file to save",
    required: true,
    schema: { type: "string", pattern: "^attachment; filename=" },
  },
  Bookmark: {
    description:
      "The D1 session's bookmark, signed, once the write reached the database: send it back as ?bookmark= on reads to see at least this write",
    required: false,
    schema: { type: "string" },
  },
} as const;

type Component = keyof typeof headerComponents;

/** Where the route's answers come from: what the document knows beside its declaration. */
export interface Answering {
  route: Declaration;
  /** The route runs in a D1 session (platform/db-session.ts). */
  session: boolean;
}

/** The headers a response of the route with this status carries, by name. */
export function responseHeaders({ route, session }: Answering, status: number) {
  const success = route.status ?? route.page?.statuses[0] ?? 200;
  const page = route.page?.statuses.includes(status) ?? false;
  const redirect = page && status >= 300 && status < 400;
  const carried: [string, Component, boolean][] = [
    ["ETag", "ETag", Boolean(route.conditional) && (status === success || status === 304)],
    [
      "Cache-Control",
      "Revalidate",
      Boolean(route.conditional) && (status === success || status === 304),
    ],
    ["Cache-Control", "NoStore", Boolean(route.page?.noStore) && page && !redirect],
    ["Location", "Location", redirect],
    ["Retry-After", "RetryAfter", status === 429],
    // Every 401 names the bearer scheme (app.ts onError; moderator auth names its realm).
    ["WWW-Authenticate", "Challenge", status === 401],
    ["Content-Disposition", "Attachment", Boolean(route.download) && status === success],
    // A write in a session answers with its bookmark, whatever its status.
    [bookmarkHeader, "Bookmark", session && route.method !== "get"],
  ];
  const headers = Object.fromEntries(
    carried
      .filter(([, , when]) => when)
      .map(([name, component]) => [name, { $ref: `#/components/headers/${component}` }]),
  );
  return Object.keys(headers).length > 0 ? { headers } : {};
}
