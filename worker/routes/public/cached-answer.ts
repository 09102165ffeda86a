/**
 * How the public reads answer: with an ETag (304 when the reader already has the content),
 * and, for the small reads of a whole site (counts, recent comments), from the read cache.
 */
import type { Context } from "hono";
import { contentTag, matchesIfNoneMatch, publicCacheControl } from "../../domain/etag";
import type { Site } from "../../domain/site";
import type { AppEnv } from "../../env";
import { allowSiteOrigin } from "../../middleware/site-origin";
import { cachedRead } from "../../platform/read-cache";
import { requireSite } from "../site-lookup";
import { readerOf } from "./thread-list";

/** Sets the validators; answers 304 when the client already holds this content. */
export function conditional(c: Context<AppEnv>, tag: string): Response | null {
  c.header("ETag", tag);
  c.header("Cache-Control", publicCacheControl);
  return matchesIfNoneMatch(c.req.header("If-None-Match"), tag) ? c.body(null, 304) : null;
}

/**
 * The content `load` reads with its site (404 when there is none), kept in the read cache
 * under `view` (which must differ for any content that differs), answered to the site's
 * origins with its tag.
 */
export async function cachedAnswer<Content>(
  c: Context<AppEnv>,
  siteId: string,
  view: string,
  load: () => Promise<{ site: Site | null; content: Content }>,
): Promise<Response> {
  const { site, content, tag } = await cachedRead(c, siteId, view, async () => {
    const read = await load();
    const site = readerOf(requireSite(read.site));
    return { site, content: read.content, tag: await contentTag(read.content) };
  });
  allowSiteOrigin(c, site);
  return conditional(c, tag) ?? c.json(content);
}
