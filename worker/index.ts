/**
 * Parley's Worker: composition only. Each audience is its own small app, mounted here;
 * errors from anywhere are shaped once, in onError.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Bindings } from "./env";
import { ApiError, errorBody } from "./errors";
import { runHousekeeping } from "./housekeeping";
import { moderatorAuth } from "./middleware/moderator-auth";
import { requireSecrets } from "./middleware/secrets";
import { publicCors } from "./middleware/site-origin";
import { openApiDocument } from "./openapi";
import { authors } from "./routes/authors";
import { bans } from "./routes/bans";
import { moderation } from "./routes/moderation";
import { reader } from "./routes/reader";
import { sites } from "./routes/sites";

const maxBodyBytes = 64 * 1024;

const app = new Hono<AppEnv>();

app.get("/healthz", async (c) => {
  await c.env.DB.prepare("SELECT 1").first();
  return c.json({ ok: true });
});
app.get("/api/openapi.json", (c) => c.json(openApiDocument()));

app.use(
  "/api/*",
  // Counts streamed bytes when there is no Content-Length (chunked uploads), too.
  bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new ApiError("payload_too_large", "The request body is larger than 64 KiB.");
    },
  }),
  requireSecrets(),
);

const moderatorApi = new Hono<AppEnv>();
moderatorApi.use(moderatorAuth());
moderatorApi.route("/sites", sites);
moderatorApi.route("/bans", bans);
moderatorApi.route("/authors", authors);
moderatorApi.route("/", moderation);

// CORS only on the public paths: /api/mod/* must never be readable cross-origin.
const publicApi = new Hono<AppEnv>();
for (const path of ["/comments", "/comments/*", "/preview", "/counts"])
  publicApi.use(path, publicCors());
publicApi.route("/", reader);

app.route("/api/mod", moderatorApi);
app.route("/api", publicApi);

app.notFound((c) =>
  c.json(errorBody(new ApiError("not_found", "There is nothing at this address.")), 404),
);

app.onError((error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error), error.status);
  }
  // Unknown errors: log the kind and message only (never request data), answer a bare 500.
  console.error(`unhandled ${error.name}: ${error.message}`);
  return c.json(errorBody(new ApiError("internal", "Something went wrong on our side.")), 500);
});

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(runHousekeeping(env.DB, new Date()));
  },
} satisfies ExportedHandler<Bindings>;
