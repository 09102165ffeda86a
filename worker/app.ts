/**
 * The HTTP app, composition only: each audience is its own small app, mounted here, and
 * errors from anywhere are shaped once, in onError.
 */
import { Hono } from "hono/tiny";
import type { AppEnv } from "./env";
import { dbSession } from "./platform/db-session";
import { ApiError, errorBody } from "./errors";
import { bodyLimit } from "./middleware/body-limit";
import { moderatorAuth } from "./middleware/moderator-auth";
import { requireSecrets } from "./middleware/secrets";
import { publicCors } from "./middleware/site-origin";
import { dropCachedReads } from "./platform/read-cache";
import { authors } from "./routes/moderation/authors";
import { feeds } from "./routes/public/feeds";
import { mailLinks } from "./routes/mail-links";
import { bans } from "./routes/moderation/bans";
import { moderation } from "./routes/moderation/comments";
import { me, moderators } from "./routes/moderation/moderators";
import { reader } from "./routes/public/reader";
import { sites } from "./routes/moderation/sites";
import { transfer } from "./routes/moderation/transfer";
import { allDatabases } from "./platform/site-databases";

export const app = new Hono<AppEnv>();

// Every answer is JSON (or an asset) typed as what it is: no browser may sniff it into HTML.
app.use(async function noSniffing(c, next) {
  await next();
  c.res.headers.set("X-Content-Type-Options", "nosniff");
});

// Every database answers, a large site's own too (site-databases.ts).
app.get("/healthz", async (c) => {
  await Promise.all(allDatabases(c.env).map((db) => db.prepare("SELECT 1").first()));
  return c.json({ ok: true });
});

app.use("/api/*", requireSecrets());

// Bodies are read only once the request may send one: on the moderation API after its
// token is checked, so a stranger's 100 MB upload costs nothing but a 401.
const apiBodyLimit = bodyLimit(64 * 1024, "64 KiB");
// Exports can be large; this is the Workers platform's own request limit.
const importBodyLimit = bodyLimit(
  100 * 1024 * 1024,
  "100 MB (use `npm run import` for larger files)",
);

const moderatorApi = new Hono<AppEnv>();
moderatorApi.use(
  moderatorAuth(),
  (c, next) =>
    c.req.path === "/api/mod/import" ? importBodyLimit(c, next) : apiBodyLimit(c, next),
  dropCachedReads("all"),
);
moderatorApi.get("/me", me);
moderatorApi.route("/moderators", moderators);
moderatorApi.route("/sites", sites);
moderatorApi.route("/bans", bans);
moderatorApi.route("/authors", authors);
moderatorApi.route("/", transfer);
moderatorApi.route("/", moderation);

// CORS only on the public paths: /api/mod/* must never be readable cross-origin.
const publicApi = new Hono<AppEnv>();
publicApi.use(apiBodyLimit, dbSession());
// A path ending in /* matches the bare path too: each middleware runs once per request.
for (const path of ["/comments/*", "/preview", "/counts"]) publicApi.use(path, publicCors());
// Writes on comments drop their site's cached reads (a preview writes nothing).
publicApi.use("/comments/*", dropCachedReads("site"));
publicApi.route("/", reader);

app.use("/feeds/*", requireSecrets(), dbSession());
app.route("/feeds", feeds);

// Pages behind the links in Parley's mail: small forms only.
app.use("/mail/*", bodyLimit(4 * 1024, "4 KiB"), requireSecrets(), dropCachedReads("all"));
app.route("/mail", mailLinks);

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
