/** What the deployment's own checks call. */
import * as z from "zod";
import { allDatabases } from "../platform/site-databases";
import { declare, declaredRouter } from "./declare";

export const operations = declaredRouter("", "operations");

// Every database answers, a large site's own too (platform/site-databases.ts).
operations.route(
  declare({
    method: "get",
    path: "/healthz",
    response: z.object({ ok: z.literal(true) }),
    errors: [],
  }),
  async (c) => {
    await Promise.all(allDatabases(c.env).map((db) => db.prepare("SELECT 1").first()));
    return c.json({ ok: true });
  },
);
