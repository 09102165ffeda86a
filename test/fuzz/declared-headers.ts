/**
 * The headers of an answer that a client acts on, held to the document: each one the
 * Worker sends must be declared for that operation and status, with a value its schema
 * takes, and each declared required one must be sent. Written out here rather than read
 * from the document, so a header the document never mentions is still caught.
 * Left out on purpose: the CORS headers (`Access-Control-*`, `Vary: Origin`, which OpenAPI
 * leaves to the browser's protocol), the security headers every answer carries
 * (`X-Content-Type-Options`, the pages' CSP and friends) and `Content-Type` (checked apart).
 */
import { fitsSchema } from "../openapi-schemas";
import { resolve } from "./operations";

export const meaningfulHeaders = [
  "Allow",
  "Cache-Control",
  "Content-Disposition",
  "ETag",
  "Location",
  "Parley-Bookmark",
  "Retry-After",
  "WWW-Authenticate",
];

interface HeaderObject {
  required?: boolean;
  schema: { type?: string };
}

/** What is wrong with the answer's headers for this declared response, or null. */
export function headersProblem(
  response: { headers?: Record<string, { $ref?: string } & Partial<HeaderObject>> },
  status: number,
  headers: Headers,
): string | null {
  const declared = new Map(
    Object.entries(response.headers ?? {}).map(([name, header]) => [
      name.toLowerCase(),
      (header.$ref ? resolve(header.$ref) : header) as HeaderObject,
    ]),
  );
  for (const name of meaningfulHeaders) {
    const value = headers.get(name);
    const header = declared.get(name.toLowerCase());
    if (value === null) {
      if (header?.required) return `status ${status} lacks ${name}, which is declared required`;
      continue;
    }
    if (!header) return `status ${status} sent ${name}: ${value}, which is not declared`;
    // A header's schema describes its value as read: a number's digits are a number.
    const read = header.schema.type === "integer" && /^\d+$/.test(value) ? Number(value) : value;
    const fit = fitsSchema(header.schema, read);
    if (!fit.valid) return `status ${status} sent ${name}: ${value} (${fit.error})`;
  }
  return null;
}
