import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { openApiDocument } from "../../worker/openapi";

// Built into dist/public/api/openapi.json by `npm run build:assets` (served as an asset;
// test/e2e/page.test.ts fetches it from wrangler dev).
const doc = openApiDocument() as any;

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(
      doc.paths["/api/comments"].post.requestBody.content["application/json"].schema.properties,
    ).toHaveProperty("author");
  });

  it("documents every route the Worker serves, and nothing it does not", () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = app.routes
      .filter((route) => route.method !== "ALL")
      .map(
        (route) => `${route.method} ${route.path.replace(/\/$/, "").replace(/:(\w+)/g, "{$1}")}`,
      );
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
});
