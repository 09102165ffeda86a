/**
 * The OpenAPI 3.1 document, served at /api/openapi.json as a static asset written at build
 * time (scripts/build-openapi.mjs). It is generated from the same zod schemas that validate
 * requests (and the ones that describe responses), so it cannot say something the code
 * does not do; test/worker/openapi.test.ts checks it documents exactly the routes served.
 */
import * as z from "zod";
import { bookmarkHeader, bookmarkQuerySchema } from "../platform/db-session";
import { routeTable, type RouteDoc } from "./routes";

type JsonSchema = Record<string, unknown>;

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .describe("Only for invalid_input: dotted path → message"),
  }),
});

const errorDescriptions: Record<number, string> = {
  400: "invalid_input: the fields named in error.fields are wrong",
  401: "unauthorized",
  403: "forbidden (a moderator outside their sites, or not the owner), origin_not_allowed, thread_closed or edit_window_closed",
  404: "not_found or site_not_found",
  409: "duplicate",
  413: "payload_too_large (over 64 KiB)",
  415: "unsupported_media_type (send application/json)",
  429: "rate_limited; see Retry-After",
};

let cached: JsonSchema | null = null;

export function openApiDocument(): JsonSchema {
  cached ??= buildDocument(routeTable);
  return cached;
}

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    reused: "inline",
  });
  return rest;
}

function buildDocument(routes: RouteDoc[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const headers = [
      ...(route.headers ?? []),
      ...(route.conditional
        ? [{ name: "If-None-Match", description: "The ETag of a copy the client holds" }]
        : []),
    ];
    // The public API and the feeds run in a D1 session (db-session.ts): reads take a
    // bookmark, writes answer with one.
    const session = route.tag === "public" && !route.path.startsWith("/mail/");
    const reads = route.method === "get";
    const parameters = [
      ...parametersOf(route.params, "path"),
      ...parametersOf(route.query, "query"),
      ...(session && reads
        ? parametersOf(bookmarkQuerySchema, "query").map((parameter) => ({
            ...parameter,
            description:
              "The Parley-Bookmark a write of this reader answered with: the read sees at least that write",
          }))
        : []),
      ...headers.map((header) => ({
        in: "header",
        ...header,
        schema: { type: "string" },
      })),
    ];
    const responses: Record<string, unknown> = route.page
      ? Object.fromEntries(
          Object.entries(route.page.statuses).map(([status, description]) => [
            status,
            {
              description,
              content: { [route.page!.contentType ?? "text/html"]: { schema: { type: "string" } } },
            },
          ]),
        )
      : {
          [route.status ?? 200]: route.response
            ? {
                description: "OK",
                content: { "application/json": { schema: toSchema(route.response, "output") } },
              }
            : { description: "No content" },
        };
    if (route.conditional)
      responses[304] = { description: "Not modified: the client's copy is current" };
    if (session && !reads) {
      const success = responses[route.status ?? 200] ?? responses[303];
      if (success && typeof success === "object") {
        Object.assign(success, {
          headers: {
            [bookmarkHeader]: {
              description: "The D1 session's bookmark, signed: send it back as ?bookmark= on reads",
              schema: { type: "string" },
            },
          },
        });
      }
    }
    // Any moderation route answers 403 to a moderator acting outside their sites or role.
    const errors =
      route.tag === "moderation" ? [...new Set([...route.errors, 403])].sort() : route.errors;
    for (const status of errors) {
      responses[status] = {
        description: errorDescriptions[status] ?? "error",
        content: { "application/json": { schema: toSchema(errorSchema, "output") } },
      };
    }
    const openApiPath = route.path.replace(/:(\w+)/g, "{$1}");
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.tag === "moderation" ? { security: [{ moderatorToken: [] }] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.page?.form
        ? {
            requestBody: {
              content: {
                "application/x-www-form-urlencoded": { schema: toSchema(route.page.form, "input") },
              },
            },
          }
        : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: toSchema(route.body, "input") } },
            },
          }
        : {}),
      responses,
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

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query") {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
    schema: toSchema(field as z.ZodType, "input"),
  }));
}
