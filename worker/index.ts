/** Parley's Worker: the HTTP app, and the scheduled jobs (worker/scheduled.ts, wrangler.toml). */
import { app } from "./app";
import type { Bindings } from "./env";
import { runScheduled } from "./scheduled";

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller.cron, env, new Date()));
  },
} satisfies ExportedHandler<Bindings>;
