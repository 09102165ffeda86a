/**
 * The HTTP app, composition only: each audience is its own small app, mounted here, and
 * errors from anywhere are shaped once, in onError.
 */
import { Hono } from "hono/tiny";
import type { Handler } from "hono";
import type { AppEnv } from "./env";
import { ApiError, errorBody } from "./errors";
import { requireSecrets } from "./middleware/secrets";
import type { DeclaredRouter } from "./routes/declare";
import { methodsAt } from "./routes/methods";
import { mounts } from "./routes/mounts";

const mountedAtOnce = mounts.flatMap((mount) => ("router" in mount ? [mount.router] : []));

export const app = shapedApp(mountedAtOnce);

for (const mount of mounts) {
  if ("router" in mount) app.route(mount.base, mount.router.app);
  // `/base/*` matches the bare base too.
  else app.all(`${mount.base}/*`, mountedOnFirstUse(mount.base, mount.onFirstUse));
}

/**
 * An app with what every answer gets: no sniffing, the secrets, a 405 for a method the
 * `routers` do not declare at a path, errors shaped once.
 */
function shapedApp(routers: readonly DeclaredRouter[]): Hono<AppEnv> {
  const shaped = new Hono<AppEnv>();
  // Every answer is JSON (or an asset) typed as what it is: no browser may sniff it into HTML.
  shaped.use(async function noSniffing(c, next) {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
  });
  shaped.use("/api/*", requireSecrets());
  shaped.notFound((c) => {
    // A path that has other methods: 405 naming them (RFC 9110 §15.5.6), not a 404.
    const allowed = methodsAt(c.req.path, routers);
    if (allowed.length > 0) {
      const error = new ApiError("method_not_allowed", `This address takes ${allowed.join(", ")}.`);
      return c.json(errorBody(error), 405, { Allow: allowed.join(", ") });
    }
    return c.json(errorBody(new ApiError("not_found", "There is nothing at this address.")), 404);
  });
  shaped.onError((error, c) => {
    if (error instanceof ApiError) {
      // HTTP asks every 401 to name the scheme that would do: here always a bearer token
      // (the moderation API names its own realm).
      if (error.status === 401) c.header("WWW-Authenticate", 'Bearer realm="parley"');
      for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
      return c.json(errorBody(error), error.status);
    }
    // Unknown errors: log the kind and message only (never request data), answer a bare 500.
    console.error(`unhandled ${error.name}: ${error.message}`);
    return c.json(errorBody(new ApiError("internal", "Something went wrong on our side.")), 500);
  });
  return shaped;
}

/**
 * A router loaded on its first request, then kept for the isolate's life: mounted in an app
 * shaped like this one, which answers the request as this one would have.
 */
function mountedOnFirstUse(base: string, load: () => Promise<DeclaredRouter>): Handler<AppEnv> {
  let mounted: Promise<Hono<AppEnv>> | undefined;
  return async (c) => {
    mounted ??= load().then((router) => shapedApp([router]).route(base, router.app));
    return (await mounted).fetch(c.req.raw, c.env, c.executionCtx);
  };
}
