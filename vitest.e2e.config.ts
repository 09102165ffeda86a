import { defineConfig } from "vitest/config";

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
  },
});
