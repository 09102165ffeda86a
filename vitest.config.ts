import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Worker tests run inside workerd on a real local D1 with every migration applied
// (test/apply-migrations.ts). Storage is isolated per test file, so tests own their data
// through unique site ids and page keys. DB_BIG is a second database, for the sites a test
// routes to a database of their own (SITE_DATABASES, test/worker/site-databases.test.ts).
// Tests of what integrators do with the built OpenAPI document (validate it, generate a
// client's types) need Node's file system, so test/contract/ runs in Node.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  return {
    test: {
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                d1Databases: { DB_BIG: "parley-test-big" },
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  MODERATOR_TOKEN: "test-moderator-token-0123456789",
                  SECRET_KEY: "test-secret-key-0123456789abcdef-0123456789",
                  // How many requests the contract fuzzer sends (npm run fuzz sends more).
                  FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
                  FUZZ_SEED: process.env.FUZZ_SEED ?? "",
                },
              },
            }),
          ],
          // Gzip exports (Remark42, Commento, Comentario) load as base64 data: URLs with `?inline`.
          assetsInclude: ["**/*.gz"],
          test: {
            name: "worker",
            include: ["test/**/*.test.ts"],
            // test/scripts/node/ runs in Node (vitest.scripts.config.ts): it spawns wrangler.
            // test/importers/node/ runs in Node: SQLite exports are read with sql.js, whose
            // WebAssembly workerd will not compile at run time (as the desk's browser and
            // the command line do).
            exclude: [
              "test/e2e/**",
              "test/contract/**",
              "test/scripts/node/**",
              "test/importers/node/**",
            ],
            setupFiles: ["./test/apply-migrations.ts"],
            // A timeout catches a hang, not slowness: a test posting dozens of comments takes a
            // second alone and many beside a browser suite on a busy 2-core machine.
            testTimeout: 30_000,
          },
        },
        {
          assetsInclude: ["**/*.gz"],
          test: {
            name: "importers-node",
            include: ["test/importers/node/**/*.test.ts"],
            environment: "node",
            testTimeout: 30_000,
          },
        },
        {
          test: {
            name: "contract",
            include: ["test/contract/**/*.test.ts"],
            environment: "node",
            testTimeout: 30_000,
          },
        },
      ],
    },
  };
});
