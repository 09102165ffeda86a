/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document, which are the
 * routes' own zod schemas written out (openapi/document.ts): values the document says a
 * route takes, built from its types, enums, patterns, lengths, bounds and required fields.
 */
import fc from "fast-check";

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
};

/** Resolves "#/components/schemas/…" against the document's components. */
export type Resolve = (ref: string) => JsonSchema;

/** At most this many characters or items are generated, whatever the schema allows. */
const longest = 80;

export function arbitraryOf(
  schema: JsonSchema,
  resolve: Resolve,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return arbitraryOf(resolve(schema.$ref), resolve, depth + 1);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  // A schema with anyOf beside its own properties (one of them required) keeps both.
  if (choices && schema.properties) {
    return fc
      .constantFrom(...choices)
      .chain((choice) =>
        objectOf(
          { ...schema, required: [...(schema.required ?? []), ...(choice.required ?? [])] },
          resolve,
          depth,
        ),
      );
  }
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, resolve, depth)));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type }, resolve, depth)));
  }
  switch (schema.type) {
    case "string":
      return stringOf(schema);
    case "integer":
    case "number":
      return fc.integer({
        min: schema.minimum ?? (schema.exclusiveMinimum ?? -1001) + 1,
        max: Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER),
      });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(arbitraryOf(schema.items ?? {}, resolve, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, depth > 2 ? (schema.minItems ?? 0) : 4),
      });
    case "object":
      return objectOf(schema, resolve, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: JsonSchema, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      arbitraryOf(property, resolve, depth + 1),
    ]),
  );
  return fc.record(properties, { requiredKeys: schema.required ?? [] });
}

/**
 * Strings matching a pattern, built once per pattern: building one costs its character
 * classes, and `\P{Cc}` (a page key's "no control characters") is nearly all of Unicode,
 * about a second each time; a dozen fields share it.
 */
const byPattern = new Map<string, fc.Arbitrary<string>>();

function matching(pattern: string): fc.Arbitrary<string> {
  let strings = byPattern.get(pattern);
  if (!strings) {
    strings = fc.stringMatching(new RegExp(pattern, "u"));
    byPattern.set(pattern, strings);
  }
  return strings;
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? longest, Math.max(longest, minLength));
  const fits = (text: string) => text.length >= minLength && text.length <= maxLength;
  if (schema.format === "date-time") {
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  if (schema.pattern) return matching(schema.pattern).filter(fits);
  return fc.string({ minLength, maxLength, unit: "grapheme" }).filter(fits);
}
