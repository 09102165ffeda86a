import { defineConfig } from "vitest/config";

/**
 * Node-side tests of the operations scripts (setup, upgrade, deploy) and the asset build:
 * they run the real wrangler against a local fake of Cloudflare's API
 * (test/scripts/node/fake-cloudflare.ts). Each wrangler call takes seconds, so files run one
 * after another on a 2-core machine and a test may take a minute; a timeout catches a hang.
 */
export default defineConfig({
  test: {
    include: ["test/scripts/node/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
