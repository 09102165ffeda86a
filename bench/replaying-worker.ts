/**
 * bench:cpu's third measure: the Worker in workerd with its D1 answers replayed, so the
 * workerd process's CPU per request is the Worker's own work plus HTTP plumbing, with no
 * SQLite in it. cpu.ts bundles an entry that hands this the Worker of the commit it
 * measures (`replayingWorker(parley)`), and binds RECORDINGS: per scenario, the D1 answers
 * of one request recorded in Node (replayed-d1.ts).
 *
 * `X-Bench-Replay: <scenario>` picks the recording; `X-Bench-Replay: noop` answers at once
 * after reading the body, the plumbing alone, which cpu.ts subtracts. Each scenario keeps
 * one bindings object, as a deployment does, so config.ts parses them once.
 */
import type { Bindings } from "../worker/env";
import { ReplayedD1 } from "./replayed-d1";

type Env = Bindings & { RECORDINGS: string };

export function replayingWorker(parley: ExportedHandler<Bindings>): ExportedHandler<Env> {
  const replays = new Map<string, { env: Bindings; db: ReplayedD1 }>();
  return {
    async fetch(request, env, ctx) {
      const name = request.headers.get("X-Bench-Replay") ?? "noop";
      if (name === "noop") {
        await request.arrayBuffer();
        return new Response("{}", { headers: { "Content-Type": "application/json" } });
      }
      let replay = replays.get(name);
      if (!replay) {
        const recorded = (JSON.parse(env.RECORDINGS) as Record<string, unknown[]>)[name];
        if (!recorded) return new Response(`no recording named ${name}`, { status: 500 });
        const db = ReplayedD1.replaying(recorded);
        const bindings = { ...env, DB: db as unknown as D1Database, READ_CACHE_SECONDS: "0" };
        replay = { env: bindings, db };
        replays.set(name, replay);
      }
      replay.db.replay();
      return parley.fetch!(request as never, replay.env, ctx);
    },
  };
}
