/**
 * Sends the soak's traffic and tallies the answers. Two ways:
 *
 * - closed loop (`measureCapacity`): a fixed number of clients, each sending its next request
 *   when the last is answered — as fast as the server goes, to measure its capacity;
 * - open loop (`driveAtRate`): requests are due on a fixed schedule whatever the server does,
 *   and each one's latency counts from when it was due, so a slow moment shows in the
 *   percentiles instead of quietly delaying the requests behind it. At most `maxInFlight` are
 *   in flight; due ones wait in a backlog, and past `maxBacklog` the oldest are shed
 *   (counted: a run that sheds is beyond what the server, or this client, keeps up with).
 *
 * Both stop by themselves: after their time, or their count, and every request has a timeout.
 */
import { Pool } from "undici";
import { percentile } from "./latency";
import type { Answer, Kind, Planned } from "./soak-requests";
import type { Traffic } from "./soak-traffic";

const requestTimeoutMs = 10_000;

interface KindTally {
  statuses: Map<number, number>;
  /** Requests that got no answer (refused connection, reset, timeout). */
  errors: number;
  latencies: number[];
}

/** Answers of one phase, per kind of request. */
export class Tally {
  readonly kinds = new Map<Kind, KindTally>();
  /** Answers that contradict the ledger or the contract. */
  readonly unexpected: string[] = [];
  /** Each 5xx: the request and its answer. */
  readonly serverErrors: string[] = [];
  /** Each request that got no answer: when (seconds into the phase), and why. */
  readonly noAnswer: string[] = [];
  answered = 0;
  private readonly started = performance.now();

  private of(kind: Kind): KindTally {
    let tally = this.kinds.get(kind);
    if (!tally) {
      tally = { statuses: new Map(), errors: 0, latencies: [] };
      this.kinds.set(kind, tally);
    }
    return tally;
  }

  answer(kind: Kind, status: number, ms: number, problem: string | null): void {
    const tally = this.of(kind);
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    tally.latencies.push(ms);
    this.answered += 1;
    if (problem) (status >= 500 ? this.serverErrors : this.unexpected).push(problem);
  }

  error(kind: Kind, message: string): void {
    this.of(kind).errors += 1;
    const at = ((performance.now() - this.started) / 1000).toFixed(1);
    this.noAnswer.push(`${kind} at ${at} s: no answer (${message})`);
  }

  /** Requests, status classes and latency for the given kinds (all when none given). */
  summary(kinds: Kind[] = [...this.kinds.keys()]) {
    const tallies = kinds.flatMap((kind) => this.kinds.get(kind) ?? []);
    const statuses = new Map<number, number>();
    for (const tally of tallies) {
      for (const [status, n] of tally.statuses)
        statuses.set(status, (statuses.get(status) ?? 0) + n);
    }
    const latencies = tallies.flatMap((tally) => tally.latencies).sort((a, b) => a - b);
    const count = (test: (status: number) => boolean) =>
      [...statuses].reduce((sum, [status, n]) => sum + (test(status) ? n : 0), 0);
    return {
      requests: latencies.length + tallies.reduce((sum, tally) => sum + tally.errors, 0),
      ok: count((status) => status < 400),
      refused: count((status) => status === 429),
      clientErrors: [...statuses]
        .filter(([status]) => status >= 400 && status < 500 && status !== 429)
        .sort(([a], [b]) => a - b),
      serverErrors: count((status) => status >= 500),
      errors: tallies.reduce((sum, tally) => sum + tally.errors, 0),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  }
}

/**
 * The connections the soak sends on: at most `connections` at once, and a fresh one for
 * every request (a loopback handshake, a fraction of a millisecond). Reused connections
 * lost requests: workerd closes one after 5 s idle, and a client whose event loop stalls
 * longer than that (a starved machine) sends on it before it has read the close — measured:
 * after a 6 s stall, 16 of 16 requests on kept connections got "other side closed", 0 of 16
 * on fresh ones. Node's fetch lost about one request in a hundred that way at low rates, a
 * 2 s idle limit still some. Now a request without an answer is the server's doing.
 */
export function connect(url: URL, connections: number): Pool {
  return new Pool(url.origin, {
    connections,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
}

/** Why a request got no answer, with the code of its cause (ECONNRESET, UND_ERR_SOCKET…). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = "code" in error ? ` ${String(error.code)}` : "";
  const cause = error.cause instanceof Error ? ` (${reason(error.cause)})` : "";
  return `${error.name}: ${error.message}${code}${cause}`;
}

/** Sends one planned request; its latency counts from `dueAt`. */
async function send(pool: Pool, planned: Planned, dueAt: number, tally: Tally): Promise<void> {
  let answer: Answer;
  try {
    const res = await pool.request({
      path: planned.request.path,
      method: planned.request.method,
      headers: planned.request.headers,
      body: planned.request.body,
      // Connection: close, the connection is not reused (see `connect`).
      reset: true,
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await res.body.text();
    let body: unknown = undefined;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // A bare 500 is not JSON; the status says enough.
    }
    answer = { status: res.statusCode, body, text };
  } catch (error) {
    planned.settle(null);
    tally.error(planned.kind, reason(error));
    return;
  }
  const problem = planned.settle(answer);
  tally.answer(planned.kind, answer.status, performance.now() - dueAt, problem);
}

/** The mix as fast as `clients` clients go, for `seconds` or `maxRequests`: requests/s. */
export async function measureCapacity(
  pool: Pool,
  traffic: Traffic,
  tally: Tally,
  options: { clients: number; seconds: number; maxRequests: number },
): Promise<number> {
  const start = performance.now();
  const end = start + options.seconds * 1000;
  let started = 0;
  const client = async () => {
    while (performance.now() < end && started < options.maxRequests) {
      started += 1;
      await send(pool, traffic.next(), performance.now(), tally);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  traffic.dropFollowUps();
  return tally.answered / ((performance.now() - start) / 1000);
}

export interface RateResult {
  /** Requests due by the schedule, sent, and shed. */
  due: number;
  sent: number;
  shed: number;
  seconds: number;
}

/** The mix at `rate` requests/s for `seconds`, then waits for the answers still due. */
export async function driveAtRate(
  pool: Pool,
  traffic: Traffic,
  tally: Tally,
  options: { rate: number; seconds: number; maxInFlight: number; maxBacklog: number },
): Promise<RateResult> {
  const start = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const backlog: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let due = 0;
  let sent = 0;
  let shed = 0;

  const launch = () => {
    while (backlog.length > 0 && inFlight.size < options.maxInFlight) {
      const dueAt = backlog.shift()!;
      sent += 1;
      const request = send(pool, traffic.next(), dueAt, tally).finally(() => {
        inFlight.delete(request);
        launch();
      });
      inFlight.add(request);
    }
  };

  await new Promise<void>((resolve) => {
    // A tick every few ms starts whatever has come due since the last one.
    const timer = setInterval(() => {
      const now = performance.now();
      const dueNow = Math.min(total, Math.floor(((now - start) / 1000) * options.rate));
      for (; due < dueNow; due += 1) backlog.push(start + (due / options.rate) * 1000);
      if (backlog.length > options.maxBacklog)
        shed += backlog.splice(0, backlog.length - options.maxBacklog).length;
      launch();
      if (due >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  // What is still due is sent, and every answer awaited (each request has a timeout).
  while (backlog.length > 0 || inFlight.size > 0) {
    launch();
    await Promise.race(inFlight);
  }
  traffic.dropFollowUps();
  return { due, sent, shed, seconds: (performance.now() - start) / 1000 };
}
