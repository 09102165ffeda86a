/** Parley's Worker: the HTTP app, and the hourly housekeeping job (see wrangler.toml). */
import { app } from "./app";
import type { Bindings } from "./env";
import { runHousekeeping } from "./housekeeping";

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runHousekeeping(env.DB, new Date()));
  },
} satisfies ExportedHandler<Bindings>;
