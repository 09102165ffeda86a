/** Sites: who may embed Parley, and each site's settings. Moderator token required. */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { putSiteSchema, siteParamSchema } from "../schemas/sites";
import { getSite, listSites, putSite } from "../storage/sites";
import { parseInput, readJson } from "../validation";

export const sites = new Hono<AppEnv>();

sites.get("/", async (c) => c.json({ sites: await listSites(c.env.DB) }));

sites.get("/:site", async (c) => {
  const { site: id } = parseInput(siteParamSchema, c.req.param());
  const site = await getSite(c.env.DB, id);
  if (!site) throw new ApiError("site_not_found", "There is no site with this id.");
  return c.json(site);
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
