import type { D1Migration } from "cloudflare:test";

// Bindings that only the test configuration (vitest.config.ts) provides.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** A second database, for sites routed by SITE_DATABASES. */
      DB_BIG: D1Database;
      MODERATOR_TOKEN?: string;
      SECRET_KEY?: string;
      /** How many requests the contract fuzzer sends ("" for its CI default). */
      FUZZ_RUNS: string;
      /** Its seed ("" for the fixed one CI uses). */
      FUZZ_SEED: string;
    }
  }
}

// A file's text, imported with Vite's `?raw` (test/worker/settings-doc.test.ts).
declare module "*.md?raw" {
  const text: string;
  export default text;
}
