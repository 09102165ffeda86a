import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, invalidInput, type FieldErrors } from "./errors";

/**
 * The one door every input comes through: parse with a zod schema or answer 400 naming
 * each bad field by its dotted path. Messages are the schemas' own sentences; input values
 * are never echoed back.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join(".") || "body";
    fields[path] ??=
      issue.code === "invalid_type" && issue.input === undefined
        ? "This field is required."
        : issue.message;
  }
  throw invalidInput(fields);
}

/**
 * Reads a JSON request body: 415 unless it says it is JSON (`wrongType` says what to do
 * instead), 400 unless it parses.
 */
export async function readJson(
  c: Context,
  wrongType = "Send the body as JSON with Content-Type: application/json.",
): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError("unsupported_media_type", wrongType);
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("invalid_input", "The request body is not valid JSON.", {
      body: "Not valid JSON.",
    });
  }
}

/**
 * Reads a form body (urlencoded or multipart); one that cannot be read (a multipart body
 * without its boundary, say) is a 400, not the parser's TypeError.
 */
export async function readForm(
  c: Context,
): Promise<Awaited<ReturnType<Context["req"]["parseBody"]>>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new ApiError("invalid_input", "The form could not be read.", {
      body: "Not a readable form.",
    });
  }
}
