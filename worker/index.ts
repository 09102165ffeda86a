/** Parley's Worker: the HTTP app, and the scheduled jobs (worker/jobs/scheduled.ts, wrangler.toml). */
import { app } from "./app";
import type { Bindings } from "./env";

export default {
  fetch: app.fetch,
  // The jobs are evaluated when the cron first runs in an isolate, not on a reader's start.
  async scheduled(controller, env, ctx) {
    const { runScheduled } = await import("./jobs/scheduled");
    ctx.waitUntil(runScheduled(controller.cron, env, new Date()));
  },
} satisfies ExportedHandler<Bindings>;
