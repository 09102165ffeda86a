/**
 * JSON exports come as one document or as a sequence of values: JSON lines from the
 * LeanCloud console, CloudBase and old Twikoo, and Remark42's backup, whose Go stream
 * decoder also takes an object split over several lines. MongoDB's and LeanCloud's typed
 * values (`{"$oid": …}`, `{"$numberLong": …}`, `{"__type": "Date", "iso": …}`) are turned
 * into the plain strings and numbers other exports of the same system hold.
 */
import { ImportFormatError } from "./errors";

/** How many lines one value may span before the file is called broken (keeps this linear). */
const maxLinesPerValue = 500;

/** The file's JSON values: one for a JSON document, one per record for JSON lines. */
export function readJsonValues(text: string, expected: string): unknown[] {
  const source = text.replace(/^\uFEFF/, "").trim();
  if (source === "") throw new ImportFormatError(`The file is empty; expected ${expected}.`);
  try {
    return [JSON.parse(source)];
  } catch {
    // Not one document: read it as a sequence of values.
  }
  const values: unknown[] = [];
  let pending: string[] = [];
  let firstLine = 0;
  const lines = source.split("\n");
  for (const [index, line] of lines.entries()) {
    if (pending.length === 0 && line.trim() === "") continue;
    if (pending.length === 0) firstLine = index + 1;
    pending.push(line);
    const value = tryParse(pending.join("\n"));
    if (value !== undefined) {
      values.push(value);
      pending = [];
    } else if (pending.length >= maxLinesPerValue) {
      break;
    }
  }
  if (pending.length > 0) {
    throw new ImportFormatError(`Line ${firstLine} is not valid JSON; expected ${expected}.`);
  }
  return values;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The records of a file that is a list of them, however it is wrapped: a JSON array, JSON
 * lines, LeanCloud's `{"results": […]}`, or a backup's `{"code": 0, "data": […]}`.
 */
export function recordList(values: unknown[]): unknown[] {
  const [only] = values;
  if (values.length !== 1) return values;
  if (Array.isArray(only)) return only;
  if (isObject(only)) {
    if (Array.isArray(only.results)) return only.results;
    if (Array.isArray(only.data)) return only.data;
  }
  return values;
}

/** Whether the first record of a list-shaped file has all these keys: how formats are told apart. */
export function firstRecordHas(values: unknown[], ...keys: string[]): boolean {
  const first = recordList(values)[0];
  return isObject(first) && keys.every((key) => key in first);
}

/** A record with MongoDB Extended JSON and LeanCloud typed values replaced by plain ones. */
export function plainValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plainValues);
  if (!isObject(value)) return value;
  if (typeof value.$oid === "string") return value.$oid;
  for (const key of ["$numberLong", "$numberInt", "$numberDouble"]) {
    if (typeof value[key] === "string") return Number(value[key]);
  }
  if ("$date" in value) return plainValues(value.$date);
  if (value.__type === "Date" && typeof value.iso === "string") return value.iso;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainValues(item)]));
}

export { isObject };
