import { describe, expect, it } from "vitest";
import * as z from "zod";
import { app } from "../../worker/app";
import { routers } from "../../worker/routes";
import { mounts } from "../../worker/routes/mounts";
import { describedTexts } from "../../worker/openapi/descriptions";
import { declaredRoutes, openApiDocument } from "../../worker/openapi/document";
import { summaries } from "../../worker/openapi/summaries";

// Built into dist/public/api/openapi.json by `npm run build:assets` (served as an asset;
// test/e2e/page.test.ts fetches it from wrangler dev).
const doc = openApiDocument() as any;

/**
 * Every route the Worker serves, as `METHOD /path`: the app's own, and those of the routers
 * it mounts on their first use (routes/mounts.ts), loaded here.
 */
async function servedRoutes(): Promise<string[]> {
  const lazy = await Promise.all(
    mounts.map(async (mount) =>
      "onFirstUse" in mount
        ? (await mount.onFirstUse()).app.routes.map((route) => ({
            method: route.method,
            path: `${mount.base}${route.path}`,
          }))
        : [],
    ),
  );
  return [...app.routes, ...lazy.flat()]
    .filter((route) => route.method !== "ALL")
    .map((route) => `${route.method} ${route.path.replace(/(.)\/$/, "$1")}`);
}

/** Every description in a JSON Schema or document (a property named "description" is no text). */
function descriptionsIn(json: unknown): string[] {
  if (typeof json !== "object" || json === null) return [];
  return Object.entries(json).flatMap(([key, value]) =>
    key === "description" && typeof value === "string" ? [value] : descriptionsIn(value),
  );
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(
      doc.paths["/api/comments"].post.requestBody.content["application/json"].schema.properties,
    ).toHaveProperty("author");
  });

  it("mounts every router the document is built from, in the same order", async () => {
    const mounted = await Promise.all(
      mounts.map(async (mount) => ("router" in mount ? mount.router : await mount.onFirstUse())),
    );
    expect(mounted).toEqual(routers);
    expect(mounts.map((mount) => mount.base)).toEqual(routers.map((router) => router.base));
  });

  it("has a declaration for every route the Worker serves, and a route for every declaration", async () => {
    const declared = declaredRoutes().map(
      ({ declaration, path }) => `${declaration.method.toUpperCase()} ${path}`,
    );
    const served = await servedRoutes();
    expect(declared.sort()).toEqual([...new Set(served)].sort());
    // Build-time words: one summary per declared route, none for a route that is not.
    expect(Object.keys(summaries).sort()).toEqual(
      declaredRoutes()
        .map(({ declaration, path }) => `${declaration.method} ${path}`)
        .sort(),
    );
  });

  it("documents every route the Worker serves, and nothing it does not", async () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = (await servedRoutes()).map((route) => route.replace(/:(\w+)/g, "{$1}"));
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("describes request bodies with the validators' own limits", () => {
    const settings =
      doc.paths["/api/mod/sites/{site}"].put.requestBody.content["application/json"].schema;
    expect(settings.properties.settings.properties.maxLinks).toMatchObject({
      type: "integer",
      default: 2,
    });
  });

  it("documents the D1 bookmark: taken by public reads, answered by public writes", () => {
    const bookmarkOf = (operation: any) =>
      operation.parameters?.find((p: any) => p.name === "bookmark" && p.in === "query");
    for (const path of ["/api/comments", "/api/counts", "/api/comments.html", "/feeds/{file}"]) {
      expect(bookmarkOf(doc.paths[path].get).schema.pattern).toBe(
        String.raw`^[0-9a-f-]{16,128}(\.[\w-]{22})?$`,
      );
    }
    expect(bookmarkOf(doc.paths["/mail/link"].get)).toBeUndefined();
    expect(doc.paths["/api/comments"].post.responses[201].headers).toHaveProperty(
      "Parley-Bookmark",
    );
    expect(doc.paths["/api/comments/form"].post.responses[303].headers).toHaveProperty(
      "Parley-Bookmark",
    );
    expect(bookmarkOf(doc.paths["/api/mod/comments"].get)).toBeUndefined();
  });

  it("carries every field's description from openapi/descriptions.ts", () => {
    const documented = new Set(descriptionsIn(doc));
    expect(describedTexts.length).toBeGreaterThan(60);
    expect(describedTexts.filter((text) => !documented.has(text))).toEqual([]);
  });

  it("leaves the words out of the schemas the Worker runs with", () => {
    // A .describe() in schemas/ would ship its text in the Worker's bundle and, with the
    // document built from its own registry, say nothing: its place is openapi/descriptions.ts.
    const schemas = declaredRoutes().flatMap(({ declaration: route }) =>
      [route.params, route.query, route.headers, route.body, route.form, route.response].filter(
        (schema) => schema !== undefined,
      ),
    );
    expect(schemas.length).toBeGreaterThan(50);
    for (const schema of schemas) {
      expect(descriptionsIn(z.toJSONSchema(schema, { unrepresentable: "any" }))).toEqual([]);
    }
  });
});
