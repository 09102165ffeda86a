/** Sites: who may embed Parley, and each site's settings. Moderator token required. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { putSiteSchema, siteParamSchema } from "../schemas/sites";
import { listSites, putSite } from "../storage/sites";
import { parseInput, readJson } from "../validation";
import { getSiteOrThrow } from "./site-lookup";

export const sites = new Hono<AppEnv>();

sites.get("/", async (c) => c.json({ sites: await listSites(c.env.DB) }));

sites.get("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  return c.json(await getSiteOrThrow(c.env.DB, id));
});

sites.put("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  const input = parseInput(putSiteSchema, await readJson(c));
  const site = await putSite(c.env.DB, {
    id,
    name: input.name,
    origins: [...new Set(input.origins)],
    settings: input.settings,
  });
  return c.json(site);
});
