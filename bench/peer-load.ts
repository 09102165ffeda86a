/**
 * How `npm run bench:peers` loads a server and what it keeps of it: autocannon runs of a
 * bounded count and time, their latencies, failures of every kind, and for posts whether
 * each answered post was stored.
 */
import autocannon from "autocannon";
import { percentile } from "./latency";
import type { BenchRequest } from "./scenarios";

/** What loading needs of a server (peers.ts's Peer has more). */
export interface Loaded {
  url: URL;
  /** Checks each answer's body during the load (Waline answers errors with 200). */
  verifyBody?: (body: string) => boolean;
  /** Comments stored, to check that every answered post was stored. */
  comments(): Promise<number>;
}

export interface Measurement {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
  non2xx: number;
  mismatches: number;
  /** Posts answered 2xx but not found in the database afterwards. */
  unstored: number;
  /** The requests that erred, by message ("request timed out", ECONNRESET…). */
  errorMessages: Record<string, number>;
}

export const blankMeasurement = (): Measurement => ({
  requests: 0,
  seconds: 0,
  latencies: [],
  errors: 0,
  non2xx: 0,
  mismatches: 0,
  unstored: 0,
  errorMessages: {},
});

export interface LoadOptions {
  connections: number;
  amount: number;
  seconds: number;
  /** Where the run's figures are added. */
  into: Measurement;
}

/** One autocannon run of `amount` requests or `seconds`, whichever ends first. */
export function load(
  server: Loaded,
  request: () => BenchRequest,
  { connections, amount, seconds, into }: LoadOptions,
): Promise<{ ok: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    // The run lasts from its start to its last answer: autocannon's own finish waits for
    // its next sample tick, which at thousands of requests/s is a large part of a run.
    const startedAt = performance.now();
    let answeredAt = startedAt;
    const instance = autocannon(
      {
        url: server.url.href,
        connections,
        amount,
        timeout: 10,
        ...(server.verifyBody ? { verifyBody: server.verifyBody } : {}),
        requests: [{ setupRequest: (raw) => ({ ...raw, ...request() }) }],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const requests = Object.values(result.statusCodeStats).reduce((s, c) => s + c.count, 0);
        into.requests += requests;
        into.seconds += (answeredAt - startedAt) / 1000;
        into.latencies.push(...latencies);
        into.errors += result.errors;
        into.non2xx += result.non2xx;
        into.mismatches += result.mismatches;
        resolve({ ok: requests - result.non2xx - result.mismatches });
      },
    );
    instance.on("response", (_client, _status, _bytes, milliseconds) => {
      latencies.push(milliseconds);
      answeredAt = performance.now();
    });
    instance.on("reqError", (error) => {
      into.errorMessages[error.message] = (into.errorMessages[error.message] ?? 0) + 1;
    });
    const timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}

/** A load run that, for posts, also checks each answered post was stored. */
export async function loadChecked(
  server: Loaded,
  posts: boolean,
  request: () => BenchRequest,
  options: LoadOptions,
): Promise<void> {
  const before = posts ? await server.comments() : 0;
  const { ok } = await load(server, request, options);
  if (posts) {
    const stored = (await server.comments()) - before;
    options.into.unstored += Math.max(0, ok - stored);
  }
}

const failures = (m: Measurement) => m.errors + m.non2xx + m.mismatches + m.unstored;

/** What failed, e.g. "1 error (request timed out) in a warm-up"; "" when nothing did. */
function failedAs(m: Measurement, during: string): string[] {
  const errors = Object.entries(m.errorMessages).map(([message, n]) => `${n}× ${message}`);
  return [
    ...(m.errors ? [`${m.errors} errors (${errors.join(", ")})`] : []),
    ...(m.non2xx ? [`${m.non2xx} non-2xx`] : []),
    ...(m.mismatches ? [`${m.mismatches} unexpected bodies`] : []),
    ...(m.unstored ? [`${m.unstored} answered posts not stored`] : []),
  ].map((what) => `${what} ${during}`);
}

/** A server's figures for one scenario: the measured runs', and the warm-ups' failures. */
export function summary({ load: m, warmup }: { load: Measurement; warmup: Measurement }) {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  return {
    requests: m.requests,
    requestsPerSecond: m.seconds > 0 ? m.requests / m.seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failures: failures(m) + failures(warmup),
    failedAs: [...failedAs(m, "measured"), ...failedAs(warmup, "in warm-ups")].join("; "),
  };
}

export type Summary = ReturnType<typeof summary>;
