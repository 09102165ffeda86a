/**
 * The OpenAPI document's JSON Schemas as an integrator's validator reads them
 * (@cfworker/json-schema: draft 2020-12, formats checked, no code generation, so it runs in
 * workerd), with the document's components at hand for "#/components/schemas/…".
 */
import { Validator } from "@cfworker/json-schema";
import { openApiDocument } from "../worker/openapi/document";

export const openApi = openApiDocument() as any;

const validators = new Map<object, Validator>();

/** Whether `value` fits `schema`, a schema object of the document; the first error if not. */
export function fitsSchema(schema: object, value: unknown): { valid: boolean; error?: string } {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator({ ...schema, components: openApi.components } as never, "2020-12");
    validators.set(schema, validator);
  }
  const result = validator.validate(value);
  const error = result.errors.at(-1);
  return result.valid
    ? { valid: true }
    : { valid: false, error: error && `${error.instanceLocation}: ${error.error}` };
}

/** The JSON request body schema of `<method> <path>` (the document's path spelling). */
export function requestSchema(method: string, path: string): object {
  return openApi.paths[path][method].requestBody.content["application/json"].schema;
}

/** The schema of one parameter of `<method> <path>`. */
export function parameterSchema(method: string, path: string, name: string): object {
  return openApi.paths[path][method].parameters.find((p: { name: string }) => p.name === name)
    .schema;
}
