/**
 * The soak's requests: their shape, where they come from (addresses of many networks), and
 * how an answer is judged — the status expected, a body of the expected shape (zod), then
 * what it changes in the ledger.
 */
import type * as z from "zod";
import { origin } from "./seed";

export const kinds = [
  "list",
  "counts",
  "post",
  "reply",
  "retry",
  "edit",
  "delete",
  "like",
  "report",
  "mod-queue",
  "mod-decide",
] as const;
export type Kind = (typeof kinds)[number];

export interface SoakRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: unknown;
  text: string;
}

export interface Planned {
  kind: Kind;
  request: SoakRequest;
  /**
   * Applies the answer to the ledger (null: none came) and releases what the request held.
   * Returns what was wrong with the answer, if anything; a 429 never is.
   */
  settle(answer: Answer | null): string | null;
}

export const random = (n: number) => Math.floor(Math.random() * n);
export const chance = (p: number) => Math.random() < p;
export const oneOf = <T>(values: readonly T[]): T => values[random(values.length)]!;

/** Client networks: enough that no one of them comes near the site's limits. */
export const networks = 512;

/**
 * A network's client address: the first 256 are IPv4 (198.18.0.0/15, set aside for
 * benchmarks), the rest one IPv6 /64 each (2001:db8::/32, for documentation), any host in it
 * — the Worker counts an IPv6 client by its /64.
 */
export function addressOf(network: number): string {
  if (network < 256) return `198.18.0.${network}`;
  return `2001:db8:0:${network.toString(16)}::${random(0xffff).toString(16)}`;
}

/** A reader's request, from a page of the site. */
export function get(path: string): SoakRequest {
  return { method: "GET", path, headers: { Origin: origin } };
}

/** What a browser on the site sends with a write, from the given network. */
export function writeHeaders(network: number): Record<string, string> {
  return {
    "Content-Type": "application/json",
    Origin: origin,
    "CF-Connecting-IP": addressOf(network),
  };
}

/** The request and its answer, for the report of what went wrong. */
export const describe = (request: SoakRequest, answer: Answer, expected: string) =>
  `${request.method} ${request.path}${request.body ? ` ${request.body.slice(0, 200)}` : ""} → ` +
  `${answer.status} ${answer.text.slice(0, 300)} (expected ${expected})`;

/**
 * Judges an answer: no answer or a 429 (a refusal, never a loss) changes nothing; another
 * status than `statuses`, or a body `schema` does not parse, is a problem; else `apply`
 * takes the body. `release` runs first, whatever the answer, to free what the request held.
 */
export function expecting<T>(
  request: SoakRequest,
  statuses: number[],
  schema: z.ZodType<T>,
  apply: (body: T) => string | null,
  release: () => void = () => {},
) {
  return (answer: Answer | null): string | null => {
    release();
    if (!answer || answer.status === 429) return null;
    if (!statuses.includes(answer.status)) {
      return describe(request, answer, statuses.join(" or "));
    }
    const parsed = schema.safeParse(answer.body);
    if (!parsed.success) return describe(request, answer, `${statuses.join(" or ")} in shape`);
    return apply(parsed.data);
  };
}
