/**
 * What every answer to a fuzzed request must be: never a 5xx; a status, content type and
 * headers the document declares for that operation (405 with Allow for a method the path
 * does not have); a JSON body that fits the declared schema (the route's zod schema for a
 * success, and the document's JSON Schema as an integrator's validator reads it).
 */
import { fitsSchema } from "../openapi-schemas";
import { headersProblem } from "./declared-headers";
import type { FuzzRequest, Operation } from "./requests";

export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

/**
 * The operation that answers a method at a path, as the routers match it (in the order the
 * app mounts them): an "undeclared" method may be another route's (PATCH on …/bulk is
 * PATCH …/{id}'s), and a mutated id may land on another template.
 */
export function operationAt(operations: Operation[], method: string, url: string) {
  const path = new URL(url).pathname;
  const own = method === "HEAD" ? "get" : method.toLowerCase();
  return operations.find(
    (operation) =>
      operation.method === own &&
      new RegExp(`^${operation.template.replace(/\./g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`).test(
        path,
      ),
  );
}

/** What is wrong with the answer, or null. */
export function contractProblem(
  request: FuzzRequest,
  answer: Answer,
  operations: Operation[],
): string | null {
  const { status, text } = answer;
  if (status >= 500) return `a server error: ${text.slice(0, 300)}`;
  const operation = operationAt(operations, request.method, request.url);
  if (!operation) return otherMethodProblem(request, answer);
  const declared = operation.spec.responses[status];
  if (!declared) return `status ${status} is not declared: ${text.slice(0, 300)}`;
  const headers = headersProblem(declared, status, answer.headers);
  if (headers) return headers;
  const types = Object.keys(declared.content ?? {});
  const type = answer.contentType.split(";")[0]!.trim();
  if (types.length === 0) {
    return text === "" ? null : `status ${status} declares no body, got ${type}`;
  }
  if (!types.includes(type))
    return `status ${status} answered ${type}, declared ${types.join(", ")}`;
  if (type !== "application/json" || request.method === "HEAD") return null;
  return bodyProblem(operation, status, declared.content[type].schema, text);
}

/** A method no declaration has at the path: 405 naming those it has, after the token on /api/mod. */
function otherMethodProblem(request: FuzzRequest, answer: Answer): string | null {
  if (answer.status === 405) {
    const allowed = (answer.headers.get("Allow") ?? "").split(", ").filter(Boolean);
    if (allowed.length === 0) return "405 without Allow";
    if (allowed.includes(request.method)) return `405 for ${request.method}, which Allow lists`;
    return null;
  }
  if (answer.status === 401 && request.operation.audience === "moderation") return null;
  // A CORS preflight on the public API (middleware/site-origin.ts): no body, no operation.
  const preflight = request.method === "OPTIONS" && request.operation.audience === "public";
  if (preflight && answer.status === 204 && answer.text === "") return null;
  return `${request.method} is not declared here, answered ${answer.status}: ${answer.text.slice(0, 200)}`;
}

function bodyProblem(
  operation: Operation,
  status: number,
  schema: object,
  text: string,
): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `status ${status} is not JSON: ${text.slice(0, 200)}`;
  }
  const fit = fitsSchema(schema, json);
  if (!fit.valid)
    return `status ${status} does not fit the document's schema (${fit.error}): ${text.slice(0, 300)}`;
  const { declaration } = operation;
  const success = [declaration.status ?? 200, ...(declaration.alsoStatus ?? [])];
  if (declaration.response && success.includes(status)) {
    const parsed = declaration.response.safeParse(json);
    if (!parsed.success)
      return `status ${status} does not fit the route's response schema: ${parsed.error.message}`;
  }
  return null;
}
