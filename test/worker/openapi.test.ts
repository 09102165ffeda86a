import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { call } from "../helpers";

describe("the OpenAPI document", () => {
  it("is served as OpenAPI 3.1 JSON", async () => {
    const res = await call("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(
      doc.paths["/api/comments"].post.requestBody.content["application/json"].schema.properties,
    ).toHaveProperty("author");
  });

  it("documents every route the Worker serves, and nothing it does not", async () => {
    const doc = (await (await call("/api/openapi.json")).json()) as any;
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method} ${route.path.replace(/\/$/, "").replace(/:(\w+)/g, "{$1}")}`)
      .filter((route) => route !== "GET /api/openapi.json");
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("describes request bodies with the validators' own limits", async () => {
    const doc = (await (await call("/api/openapi.json")).json()) as any;
    const settings =
      doc.paths["/api/mod/sites/{site}"].put.requestBody.content["application/json"].schema;
    expect(settings.properties.settings.properties.maxLinks).toMatchObject({
      type: "integer",
      default: 2,
    });
  });
});
