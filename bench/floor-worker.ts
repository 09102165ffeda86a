/**
 * The floor `npm run bench:startup` holds Parley's cold start against (bench/startup.ts): the
 * smallest Hono Worker that does what every Parley read does at least, one D1 query and a
 * JSON answer. `hono/tiny`, the preset Parley itself uses, so the difference is Parley's
 * own code, not the choice of router. Bundled like Parley (bench/server.ts), never deployed.
 */
import { Hono } from "hono/tiny";

const app = new Hono<{ Bindings: { DB: D1Database } }>();

app.get("/", async (c) => c.json(await c.env.DB.prepare("SELECT 1 AS one").first()));

export default app;
