/**
 * The HTTP app, composition only: each audience is its own small app, mounted here, and
 * errors from anywhere are shaped once, in onError.
 */
import { Hono } from "hono/tiny";
import type { AppEnv } from "./env";
import { ApiError, errorBody } from "./errors";
import { requireSecrets } from "./middleware/secrets";
import { methodsAt, routers } from "./routes";

export const app = new Hono<AppEnv>();

// Every answer is JSON (or an asset) typed as what it is: no browser may sniff it into HTML.
app.use(async function noSniffing(c, next) {
  await next();
  c.res.headers.set("X-Content-Type-Options", "nosniff");
});

app.use("/api/*", requireSecrets());

for (const router of routers) app.route(router.base, router.app);

app.notFound((c) => {
  // A path that has other methods: 405 naming them (RFC 9110 §15.5.6), not a 404.
  const allowed = methodsAt(c.req.path);
  if (allowed.length > 0) {
    const error = new ApiError("method_not_allowed", `This address takes ${allowed.join(", ")}.`);
    return c.json(errorBody(error), 405, { Allow: allowed.join(", ") });
  }
  return c.json(errorBody(new ApiError("not_found", "There is nothing at this address.")), 404);
});

app.onError((error, c) => {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(errorBody(error), error.status);
  }
  // Unknown errors: log the kind and message only (never request data), answer a bare 500.
  console.error(`unhandled ${error.name}: ${error.message}`);
  return c.json(errorBody(new ApiError("internal", "Something went wrong on our side.")), 500);
});
