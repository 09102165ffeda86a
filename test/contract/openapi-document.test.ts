/**
 * The OpenAPI document as integrators use it, in Node: checked by a maintained OpenAPI 3.1
 * validator (every $ref resolved), and turned into a client's types by openapi-typescript,
 * which TypeScript then compiles. The document is the one the build serves
 * (scripts/build-openapi.mjs writes openApiDocument() to dist/public/api/openapi.json).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../worker/openapi/document";

/** A fresh copy each time: the validator and the generator annotate what they are given. */
const documentCopy = () => structuredClone(openApiDocument()) as Record<string, unknown>;

describe("the OpenAPI document, as an integrator's tools read it", () => {
  it("is valid OpenAPI 3.1 and every reference in it resolves", async () => {
    const validator = new Validator();
    const result = await validator.validate(documentCopy());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("becomes TypeScript types with openapi-typescript, and those types compile", async () => {
    const types = astToString(await openapiTS(documentCopy() as never));
    const dir = await mkdtemp(path.join(tmpdir(), "parley-openapi-types-"));
    try {
      const file = path.join(dir, "api.ts");
      // A client's use of the types: a list's comments, their replies nested in turn.
      await writeFile(
        file,
        `${types}
type List = paths["/api/comments"]["get"]["responses"][200]["content"]["application/json"];
export const replyId = (list: List): string | undefined => list.comments[0]?.replies[0]?.replies[0]?.id;
`,
      );
      const program = ts.createProgram([file], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        skipLibCheck: true,
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
