/**
 * The Worker with its D1 binding metered, for the bench only (never deployed): the bench
 * sends a scenario's request a few times, one after another, then reads the totals from
 * `GET /__bench/d1`, which also resets them. Throughput is measured on the plain bundle.
 */
import parley from "../worker/index";
import type { Bindings } from "../worker/env";
import { meterD1, type MeteredD1 } from "./d1-meter";

let meter: MeteredD1 | null = null;

export default {
  async fetch(request, env, ctx) {
    meter ??= meterD1(env.DB);
    if (new URL(request.url).pathname === "/__bench/d1") {
      const { roundTrips, rowsRead, rowsWritten } = meter.tally;
      meter.reset();
      return Response.json({ roundTrips, rowsRead, rowsWritten });
    }
    return parley.fetch(request, { ...env, DB: meter.db }, ctx);
  },
} satisfies ExportedHandler<Bindings>;
