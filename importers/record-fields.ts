/**
 * zod schemas for the loose fields of JSON exports, and the one place a record is checked.
 * Each system writes the same fact several ways (an id as a string or a number, a flag as
 * `true`, `1` or `"true"`), so these accept every form seen and yield one.
 */
import * as z from "zod";
import { ImportFormatError } from "./errors";
import { plainValues } from "./json-records";

const scalar = z.union([z.string(), z.number()]);

/** An id, string or number, as a string. */
export const idField = scalar.transform(String);

/** A reference to another record; null when absent, empty or "0"-like placeholders are not given. */
export const referenceField = scalar
  .nullish()
  .transform((value) =>
    value === null || value === undefined || value === "" ? null : String(value),
  );

/** Text that may be missing or a number; "" when absent. */
export const textField = scalar
  .nullish()
  .transform((value) => (value === null || value === undefined ? "" : String(value)));

/** `true`, `1`, `"1"`, `"true"` are true; anything else (absent included) is false. */
export const flagField = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform(
    (value) => value === true || value === 1 || /^(true|1)$/i.test(String(value ?? "").trim()),
  );

/** A time in any of the shapes times.ts reads; checked there. */
export const timeField = scalar.nullish();

/**
 * The record checked against its schema. A bad one stops the whole conversion with an
 * error naming the record and the field, never the value (it may be someone's e-mail).
 */
export function readRecord<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  label: string,
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "(the record itself)";
  throw new ImportFormatError(`${label}: field ${field}: ${issue?.message ?? "invalid"}.`);
}

/** Every record of a list, typed values made plain (json-records.ts), each checked. */
export function readRecords<Schema extends z.ZodType>(
  schema: Schema,
  values: readonly unknown[],
  label: string,
): z.infer<Schema>[] {
  return values.map((value, index) =>
    readRecord(schema, plainValues(value), `${label} ${index + 1}`),
  );
}

/** The field schemas by kind, so a record schema reads `objectId: field.id, url: field.text`. */
export const field = {
  id: idField,
  reference: referenceField,
  text: textField,
  flag: flagField,
  time: timeField,
};
