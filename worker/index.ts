/** Parley's Worker: the HTTP app, and the scheduled jobs (worker/jobs/scheduled.ts, wrangler.toml). */
import { app } from "./app";
import type { Bindings } from "./env";
import { runScheduled } from "./jobs/scheduled";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env, new Date()));
  },
} satisfies ExportedHandler<Bindings>;
