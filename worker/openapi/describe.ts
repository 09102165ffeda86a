/**
 * The registry the fields' descriptions go into (descriptions.ts and the files it imports,
 * reader-descriptions.ts and page-extras-descriptions.ts, write them; document.ts and
 * settings-table.ts hand it to z.toJSONSchema), and the helpers that write them: each text
 * once per schema object, every text kept for the test. Build time only, as the rest of
 * openapi/.
 */
import * as z from "zod";

/**
 * Each field's words; a schema that contains itself also gets its name (`id`), and a rule
 * a refinement checks, where JSON Schema can say it, its keywords (`anyOf`, `uniqueItems`).
 */
export const descriptions = z.registry<{
  description?: string;
  id?: string;
  anyOf?: { required: string[] }[];
  uniqueItems?: boolean;
}>();

/** Every text given below, in order, for the test that finds each one in the document. */
export const describedTexts: string[] = [];

export function describe(schema: z.core.$ZodType, description: string): void {
  const given = descriptions.get(schema);
  if (given?.description !== undefined && given.description !== description) {
    // One schema object shared by two fields: give each field its own (see replyLimitSchema).
    throw new Error(
      `openapi/describe.ts: one schema is "${given.description}" and "${description}"`,
    );
  }
  descriptions.add(schema, { ...given, description });
  describedTexts.push(description);
}

/** A change that must change something: the object's refinement, as JSON Schema says it. */
export function atLeastOneField(schema: z.ZodObject, description: string): void {
  describe(schema, description);
  const anyOf = Object.keys(schema.shape).map((field) => ({ required: [field] }));
  descriptions.add(schema, { ...descriptions.get(schema), anyOf });
}

export function describeFields<Shape extends z.core.$ZodShape>(
  object: z.ZodObject<Shape>,
  texts: { [Field in keyof Shape]?: string },
): void {
  for (const [field, text] of Object.entries(texts)) describe(object.shape[field]!, text!);
}
