import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Worker tests run inside workerd on a real local D1 with every migration applied
// (test/apply-migrations.ts). Storage is isolated per test file, so tests own their data
// through unique site ids and page keys. DB_BIG is a second database, for the sites a test
// routes to a database of their own (SITE_DATABASES, test/worker/site-databases.test.ts).
export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          d1Databases: { DB_BIG: "parley-test-big" },
          bindings: {
            TEST_MIGRATIONS: migrations,
            MODERATOR_TOKEN: "test-moderator-token-0123456789",
            SECRET_KEY: "test-secret-key-0123456789abcdef-0123456789",
          },
        },
      }),
    ],
    // Gzip exports (Remark42, Commento, Comentario) load as base64 data: URLs with `?inline`.
    assetsInclude: ["**/*.gz"],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**"],
      setupFiles: ["./test/apply-migrations.ts"],
      // A timeout catches a hang, not slowness: a test posting dozens of comments takes a
      // second alone and many beside a browser suite on a busy 2-core machine.
      testTimeout: 30_000,
    },
  };
});
