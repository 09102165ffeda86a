import { defineConfig } from "vitest/config";
import { WAIT_MS } from "./test/e2e/timeouts.ts";

/**
 * End-to-end tests of the widget: Debian's Chromium (playwright-core) against `wrangler dev`,
 * with the article pages served from a different origin (see test/e2e/global-setup.ts).
 */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    // One Chromium and one wrangler dev on a 2-core machine: files run one after another.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every browser assertion polls (expect.poll) until its condition holds: a busy machine
    // may not have drawn the result of the last click yet when a one-shot read runs. Vitest's
    // default of 1 s is less than such a machine can take.
    expect: { poll: { timeout: WAIT_MS } },
  },
});
