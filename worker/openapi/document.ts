/**
 * The OpenAPI 3.1 document, served at /api/openapi.json as a static asset written at build
 * time (scripts/build-openapi.mjs). It is built from the routers' own declarations (the
 * schemas their handlers validate with, routes/declare.ts), with the words of this folder
 * (summaries, page statuses, the fields' descriptions), so it cannot say something the code
 * does not do. Build time only: nothing the Worker runs imports this folder.
 */
import * as z from "zod";
import { bookmarkQuerySchema } from "../platform/db-session";
import type { Audience, Declaration } from "../routes/declare";
import { routers } from "../routes";
import { descriptions } from "./descriptions";
import { headerComponents, responseHeaders } from "./response-headers";
import { pageStatuses, summaries } from "./summaries";

type JsonSchema = Record<string, unknown>;

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .register(descriptions, { description: "Only for invalid_input: dotted path → message" }),
  }),
});

const errorDescriptions: Record<number, string> = {
  400: "invalid_input: the fields named in error.fields are wrong",
  401: "unauthorized",
  403: "forbidden (a moderator outside their sites, or not the owner), origin_not_allowed, thread_closed or edit_window_closed",
  404: "not_found or site_not_found",
  409: "duplicate",
  413: "payload_too_large: a body over the limit (64 KiB; 4 KiB on /mail/link; 100 MB on the import)",
  415: "unsupported_media_type (send application/json)",
  429: "rate_limited; see Retry-After",
  503: "unavailable: the comment could not be stored just now (nothing was); send it again, with the same Idempotency-Key",
};

let cached: JsonSchema | null = null;

export function openApiDocument(): JsonSchema {
  cached ??= buildDocument();
  return cached;
}

/** Every declared route with its full path and audience, as the app mounts them. */
export function declaredRoutes() {
  return routers.flatMap((router) =>
    router.declarations.map((declaration) => ({
      declaration,
      audience: router.audience,
      path: `${router.base}${declaration.path}`,
    })),
  );
}

/**
 * The schemas that contain themselves (a comment and its replies), each written once under
 * its registered id: zod puts them in the schema's own `$defs`, which an operation's schema
 * cannot carry (`#` there is the document), so they move to the document's components.
 */
const componentSchemas: Record<string, JsonSchema> = {};

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    metadata: descriptions,
    unrepresentable: "any",
    reused: "inline",
  });
  // Every "#/$defs/<id>" becomes "#/components/schemas/<id>", where the definitions go.
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = JSON.parse(
    JSON.stringify(converted).replaceAll('"$ref":"#/$defs/', '"$ref":"#/components/schemas/'),
  ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs ?? {})) {
    if (id.startsWith("__schema")) {
      throw new Error("a schema contains itself without a name: give it an id in descriptions.ts");
    }
    componentSchemas[id] = definition;
  }
  return rest;
}

function buildDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { declaration: route, audience, path } of declaredRoutes()) {
    const key = `${route.method} ${path}`;
    const summary = summaries[key];
    if (!summary) throw new Error(`openapi/summaries.ts has no summary for ${key}`);
    // The public API and the feeds run in a D1 session (platform/db-session.ts): reads take
    // a bookmark, writes answer with one.
    const session = audience === "public" && !path.startsWith("/mail/");
    const parameters = parametersOfRoute(route, session);
    const openApiPath = path.replace(/:(\w+)/g, "{$1}");
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method] = {
      summary: route.owner ? `${summary} (owner only)` : summary,
      tags: [audience],
      ...(audience === "moderation" ? { security: [{ moderatorToken: [] }] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...requestBodyOf(route),
      responses: responsesOf(route, key, audience, session),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley API",
      version: "1",
      description:
        "Self-hosted, privacy-first comments. Errors are {error:{code,message,fields?}}; times are ISO 8601 UTC.",
    },
    components: {
      schemas: componentSchemas,
      headers: headerComponents,
      securitySchemes: {
        moderatorToken: { type: "http", scheme: "bearer", description: "MODERATOR_TOKEN" },
        editToken: {
          type: "http",
          scheme: "bearer",
          description: "editToken from POST /api/comments",
        },
      },
    },
    paths,
  };
}

/** Path, query (and a session read's bookmark), header parameters, and a conditional's validator. */
function parametersOfRoute(route: Declaration, session: boolean) {
  return [
    ...parametersOf(route.params, "path"),
    ...parametersOf(route.query, "query"),
    ...(session && route.method === "get"
      ? parametersOf(bookmarkQuerySchema, "query").map((parameter) => ({
          ...parameter,
          description:
            "The Parley-Bookmark a write of this reader answered with: the read sees at least that write",
        }))
      : []),
    ...parametersOf(route.headers, "header"),
    ...(route.conditional
      ? [
          {
            name: "If-None-Match",
            in: "header",
            description: "The ETag of a copy the client holds",
            schema: { type: "string" },
          },
        ]
      : []),
  ];
}

/** Every answer: the successes, 304, the errors, each with the headers it carries. */
function responsesOf(route: Declaration, key: string, audience: Audience, session: boolean) {
  const responses: Record<number, object> = successResponses(route, key);
  if (route.conditional) {
    responses[304] = { description: "Not modified: the client's copy is current" };
  }
  // Any moderation route answers 403 to a moderator acting outside their sites or role, and
  // any request that can carry a body (not a GET) 413 past the limit, whether or not the
  // route reads one (middleware/body-limit.ts).
  const errors = [
    ...new Set([
      ...route.errors,
      ...(audience === "moderation" ? [403] : []),
      ...(route.method === "get" ? [] : [413]),
    ]),
  ];
  for (const status of [...errors].sort()) {
    responses[status] = {
      description: errorDescriptions[status] ?? "error",
      content: { "application/json": { schema: toSchema(errorSchema, "output") } },
    };
  }
  // Each response its own object: statuses that share an answer may differ in headers.
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => [
      status,
      { ...response, ...responseHeaders({ route, session }, Number(status)) },
    ]),
  );
}

/** The success answers: JSON with the declared schema, or a page's statuses. */
function successResponses(route: Declaration, key: string): Record<number, object> {
  if (route.page) {
    const words = pageStatuses[key] ?? {};
    const page = { [route.page.contentType ?? "text/html"]: { schema: { type: "string" } } };
    return Object.fromEntries(
      route.page.statuses.map((status) => [
        status,
        {
          description: words[status] ?? "The page",
          // A redirect has no page: its Location is the answer.
          ...(status >= 300 && status < 400 ? {} : { content: page }),
        },
      ]),
    );
  }
  const answer = route.response
    ? {
        description: "OK",
        content: { "application/json": { schema: toSchema(route.response, "output") } },
      }
    : { description: "No content" };
  return Object.fromEntries(
    [route.status ?? 200, ...(route.alsoStatus ?? [])].map((status) => [status, answer]),
  );
}

function requestBodyOf(route: Declaration) {
  if (route.body) {
    return {
      requestBody: {
        required: true,
        content: { "application/json": { schema: toSchema(route.body, "input") } },
      },
    };
  }
  if (route.form) {
    return {
      requestBody: {
        content: {
          "application/x-www-form-urlencoded": { schema: toSchema(route.form, "input") },
        },
      },
    };
  }
  return {};
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query" | "header") {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
    schema: toSchema(field as z.ZodType, "input"),
  }));
}
