/** The public API: what readers' browsers and widgets call. */
import { Hono, type Context } from "hono";
import { nestComments } from "../domain/comment";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { contentTag, matchesIfNoneMatch, publicCacheControl } from "../domain/etag";
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
  const content = {
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
    },
  };
  // The form token differs on every request, so it stays out of the tag: a revalidated copy
  // keeps an older token, which only makes the form look older (never "too fast").
  const notModified = await conditional(c, content);
  if (notModified) return notModified;
  const formToken = await issueFormToken(c.var.keys, site.id, new Date());
  return c.json({ ...content, config: { ...content.config, formToken } });
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
  const content = { counts: Object.fromEntries(keys.map((key) => [key, counts.get(key) ?? 0])) };
  return (await conditional(c, content)) ?? c.json(content);
});

/** Sets the validators; answers 304 when the client already holds this content. */
async function conditional(c: Context<AppEnv>, content: unknown): Promise<Response | null> {
  const tag = await contentTag(content);
  c.header("ETag", tag);
  c.header("Cache-Control", publicCacheControl);
  return matchesIfNoneMatch(c.req.header("If-None-Match"), tag) ? c.body(null, 304) : null;
}

export function requireSite(site: Site | null): Site {
  if (!site) throw new ApiError("site_not_found", "There is no site with this id.");
  return site;
}
