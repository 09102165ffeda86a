/**
 * The floor `npm run bench:peers` holds Parley's posts against (post-floor-server.ts serves
 * it): the least a comment system's post can do, one D1 `INSERT` of the posted comment and
 * a 201 JSON answer. It takes Parley's own request (`POST /api/comments`, the JSON body of
 * scenarios.ts's `post`), checks only that the fields it stores are strings of a sane
 * length, and stores them in one row of a table like Parley's `comments`. No site, thread,
 * limits, duplicate check, keys, hashing, encryption or rendering: whatever Parley's post
 * costs beyond this is Parley's. `hono/tiny`, the preset Parley uses, so the router is the
 * same. Bundled like Parley (esbuild, wrangler's settings), never deployed.
 */
import type { D1Database } from "@cloudflare/workers-types";
import { Hono } from "hono/tiny";

const app = new Hono<{ Bindings: { DB: D1Database } }>();

const text = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= max;

interface Posted {
  site?: unknown;
  page?: { key?: unknown };
  author?: { name?: unknown; email?: unknown };
  body?: unknown;
}

app.post("/api/comments", async (c) => {
  const posted = (await c.req.json().catch(() => null)) as Posted | null;
  const site = posted?.site;
  const page = posted?.page?.key;
  const name = posted?.author?.name;
  const email = posted?.author?.email;
  const body = posted?.body;
  if (
    !text(site, 100) ||
    !text(page, 500) ||
    !text(name, 100) ||
    !(email === undefined || text(email, 254)) ||
    !text(body, 10_000)
  ) {
    return c.json({ error: "invalid comment" }, 400);
  }
  const id = crypto.randomUUID();
  await c.env.DB.prepare(
    `INSERT INTO comments (id, site, page, author_name, author_email, body, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`,
  )
    .bind(id, site, page, name, email ?? null, body, new Date().toISOString())
    .run();
  return c.json({ id }, 201);
});

export default app;
