import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before each test file; applyD1Migrations skips what is already applied. Both
// databases get every migration, as a database of a site's own does in production.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
await applyD1Migrations(env.DB_BIG, env.TEST_MIGRATIONS);
