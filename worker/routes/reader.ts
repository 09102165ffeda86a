/** The public API: what readers' browsers and widgets call. */
import { Hono } from "hono";
import { nestComments } from "../domain/comment";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { issueFormToken } from "../domain/privacy";
import { isThreadClosed } from "../domain/thread";
import { renderMarkdown } from "../domain/render";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { allowSiteOrigin } from "../middleware/site-origin";
import { countsQuerySchema, listQuerySchema, previewSchema } from "../schemas/reader";
import { getSite, type Site } from "../storage/sites";
import { loadCounts, loadThreadPage } from "../storage/threads";
import { parseInput, readJson } from "../validation";
import { ownComments } from "./own-comment";
import { postComment } from "./post-comment";

export const reader = new Hono<AppEnv>();

reader.get("/comments", async (c) => {
  const query = parseInput(listQuerySchema, c.req.query());
  const page = await loadThreadPage(c.env.DB, {
    siteId: query.site,
    key: query.page,
    after: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit,
    newestFirst: query.sort === "newest",
  });
  const site = requireSite(page.site);
  allowSiteOrigin(c, site);
  const { settings } = site;
  return c.json({
    thread: {
      key: query.page,
      url: page.thread?.url ?? null,
      title: page.thread?.title ?? null,
      count: page.thread?.count ?? 0,
      closed: isThreadClosed(page.thread, settings.closeAfterDays, new Date()),
    },
    comments: nestComments(page.rootIds, page.comments),
    nextCursor: page.nextAfter ? encodeCursor(page.nextAfter) : null,
    config: {
      requireEmail: settings.requireEmail,
      requireName: settings.requireName,
      maxDepth: settings.maxDepth,
      maxLength: settings.maxLength,
      editWindowSeconds: settings.editWindowSeconds,
      formToken: await issueFormToken(c.var.keys, site.id, new Date()),
    },
  });
});

reader.post("/comments", postComment);
reader.route("/comments", ownComments);

reader.post("/preview", async (c) => {
  const input = parseInput(previewSchema, await readJson(c));
  const site = requireSite(await getSite(c.env.DB, input.site));
  allowSiteOrigin(c, site);
  return c.json({ html: renderMarkdown(input.body) });
});

reader.get("/counts", async (c) => {
  const query = parseInput(countsQuerySchema, {
    site: c.req.query("site"),
    page: c.req.queries("page") ?? [],
  });
  const keys = [...new Set(query.page)];
  const { site, counts } = await loadCounts(c.env.DB, query.site, keys);
  allowSiteOrigin(c, requireSite(site));
  return c.json({ counts: Object.fromEntries(keys.map((key) => [key, counts.get(key) ?? 0])) });
});

export function requireSite(site: Site | null): Site {
  if (!site) throw new ApiError("site_not_found", "There is no site with this id.");
  return site;
}
