/**
 * Writes the OpenAPI 3.1 document to <outDir>/api/openapi.json, where wrangler's [assets]
 * serve it. It is generated from the same zod schemas that validate requests
 * (worker/openapi/document.ts), bundled here for Node with esbuild and run once per build.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function writeOpenApiDocument(outDir) {
  const dir = await mkdtemp(path.join(tmpdir(), "parley-openapi-"));
  try {
    const module = path.join(dir, "openapi.mjs");
    await esbuild.build({
      entryPoints: [path.join(root, "worker/openapi/document.ts")],
      outfile: module,
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "warning",
    });
    const { openApiDocument } = await import(pathToFileURL(module).href);
    await mkdir(path.join(outDir, "api"), { recursive: true });
    await writeFile(
      path.join(outDir, "api/openapi.json"),
      JSON.stringify(openApiDocument(), null, 2) + "\n",
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
