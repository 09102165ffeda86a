/**
 * Sends queued notifications after the response (waitUntil). The sender is imported on
 * first use: most responses queue nothing, and a reader's request should not parse it.
 * A failure is logged and left to the cron's retries, never surfaced to whoever caused it.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env";

export function deliverNotificationsAfterResponse(c: Context<AppEnv>, db: D1Database): void {
  const { env } = c;
  const keys = c.get("keys");
  c.executionCtx.waitUntil(
    import("./deliver")
      .then(({ deliverNotifications }) => deliverNotifications(env, keys, db))
      .then(
        () => undefined,
        (error: unknown) =>
          console.warn(
            `notification delivery failed: ${error instanceof Error ? error.name : "error"}`,
          ),
      ),
  );
}
