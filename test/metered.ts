/**
 * Requests sent to the Worker with its D1 binding metered (bench/d1-meter.ts): what a
 * request costs in D1 round trips and rows read and written, as D1 reports them in each
 * result's `meta` (what Cloudflare bills). The read cache is off: D1's own work is measured.
 */
import {
  createExecutionContext,
  createScheduledController,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { meterD1, type D1Tally } from "../bench/d1-meter";
import worker from "../worker/index";

const bindings = (db: D1Database) => ({ ...env, DB: db, READ_CACHE_SECONDS: "0" });

export async function metered(path: string, init: RequestInit = {}) {
  const meter = meterD1(env.DB);
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://parley.test${path}`, init),
    bindings(meter.db),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  // Feeds and pages answer with text; the API with JSON.
  const body = res.headers.get("Content-Type")?.includes("json")
    ? await res.json<any>()
    : await res.text();
  return { res, body, tally: { ...meter.tally } as D1Tally };
}

/** The scheduled jobs (mail delivery and digests, housekeeping) once, at `cron`. */
export async function meteredScheduled(cron: string): Promise<D1Tally> {
  const meter = meterD1(env.DB);
  const ctx = createExecutionContext();
  await worker.scheduled!(createScheduledController({ cron }), bindings(meter.db), ctx);
  await waitOnExecutionContext(ctx);
  return { ...meter.tally };
}

/** How many comments a list holds, replies included. */
export function countComments(comments: { replies: unknown[] }[]): number {
  return comments.reduce(
    (sum, comment) => sum + 1 + countComments(comment.replies as { replies: unknown[] }[]),
    0,
  );
}
