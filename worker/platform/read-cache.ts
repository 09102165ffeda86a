/**
 * Public reads (the list in each of its variants, counts, the HTML thread) kept for a few
 * seconds in the data centre's cache (Workers Cache API), so a busy page costs D1 nothing.
 *
 * Invalidation is by generation. Every entry's key names the current generation of its
 * site and of the whole Worker, two small entries of their own. A successful write deletes
 * a generation — its site's (the public API: a post, an edit, a like, a report) or the
 * Worker's (the moderation API and the links in mail, which may touch any site) — and so
 * orphans every entry made before it at once, with no list of keys to purge. A read that
 * finds no generation stores a new one *before* it reads D1, so a write landing during
 * that read deletes the new generation too: an entry can never outlive a write it missed.
 *
 * The Cache API is per data centre: a write clears the cache where it ran (where its
 * author reads), and other data centres see it when their entries expire, after at most
 * READ_CACHE_SECONDS. Every entry keeps the D1 bookmark of the read that made it (D1's
 * bookmarks sort oldest to newest), so a request carrying a reader's bookmark (their own
 * recent write, worker/platform/db-session.ts) is answered from an entry at least that new, and only
 * an older one sends it to D1, whose fresher answer then replaces the entry. A bookmark
 * costs its reader at most one D1 read per view; Parley signs the bookmarks it hands out,
 * so nobody can make one up to send every read past the cache.
 *
 * In front of it, each isolate keeps what it read or found for one second (`recent`): a
 * hot page's readers mostly land on a few isolates, which then answer without even a
 * cache lookup. A write drops this isolate's copies of its site at once; other isolates
 * may answer from theirs for up to that second more, so a change shows everywhere within
 * READ_CACHE_SECONDS plus one second.
 */
import type { Context, MiddlewareHandler } from "hono";
import { readCacheSeconds } from "../config";
import type { AppEnv } from "../env";
import { contentTag } from "../domain/etag";

const keyBase = "https://read-cache.parley.invalid/";
/** Where an entry keeps the bookmark of the read that made it. */
const bookmarkOfEntry = "Parley-Read-At";
const allSites = "*";

const generationKey = (site: string) => `${keyBase}generation/${encodeURIComponent(site)}`;

/**
 * The generation named by the key, made (and stored, awaited) if there is none; `fresh`
 * when made now, so no entry can be under it yet.
 */
async function generation(
  cache: Cache,
  site: string,
  seconds: number,
): Promise<{ id: string; fresh: boolean }> {
  const found = await cache.match(generationKey(site));
  if (found) return { id: await found.text(), fresh: false };
  const id = crypto.randomUUID();
  // Lives longer than the entries under it, so they are not orphaned by its expiry.
  const response = new Response(id, { headers: { "Cache-Control": `max-age=${seconds * 4}` } });
  await cache.put(generationKey(site), response);
  return { id, fresh: true };
}

/** This isolate's recent reads by site and view, oldest first, with their size in characters. */
const recent = new Map<
  string,
  { value: unknown; until: number; size: number; bookmark: string | null }
>();
const recentLimit = 8 << 20;
let recentSize = 0;
/** Counts this isolate's writes: a read that saw one land while it ran keeps no copy. */
let writes = 0;

function forget(key: string) {
  recentSize -= recent.get(key)?.size ?? 0;
  recent.delete(key);
}

function remember(key: string, value: unknown, size: number, bookmark: string | null) {
  forget(key);
  recent.set(key, { value, until: Date.now() + 1000, size, bookmark });
  for (recentSize += size; recentSize > recentLimit;) forget(recent.keys().next().value!);
}

/**
 * The value of `load()` for this site and view, from the cache when a fresh one is there.
 * `view` names what is read (`list/<page>/<sort>`, say) and must differ for any answer
 * that differs. Values are stored as JSON; a load that throws stores nothing. A value may
 * be handed to several requests at once: callers must not change it.
 */
export async function cachedRead<T>(
  c: Context<AppEnv>,
  siteId: string,
  view: string,
  load: () => Promise<T>,
): Promise<T> {
  const seconds = readCacheSeconds(c.env);
  if (seconds === 0) return load();
  const scope = encodeURIComponent(siteId);
  const name = `${scope}/${view}`;
  // A reader's bookmark takes only what was read at least that late.
  const since = c.get("atBookmark");
  const newEnough = (bookmark: string | null) =>
    since === null || (bookmark !== null && bookmark >= since);
  const copy = recent.get(name);
  if (copy && copy.until > Date.now() && newEnough(copy.bookmark)) return copy.value as T;
  const writesBefore = writes;
  const cache = caches.default;
  const [site, all] = await Promise.all([
    generation(cache, siteId, seconds),
    generation(cache, allSites, seconds),
  ]);
  // The view's digest, not the view: a key stays short however many pages counts name.
  const key = `${keyBase}${scope}/${all.id}/${site.id}/${(await contentTag(view)).slice(1, -1)}`;
  // Under a generation made just now there is nothing to find: a cold isolate's first
  // read skips that lookup.
  const found = site.fresh || all.fresh ? undefined : await cache.match(key);
  const hit = found && newEnough(found.headers.get(bookmarkOfEntry)) ? found : undefined;
  const json = hit ? await hit.text() : JSON.stringify(await load());
  const bookmark = hit ? hit.headers.get(bookmarkOfEntry) : c.get("session").getBookmark();
  if (!hit) {
    const stored = new Response(json, {
      headers: {
        "Cache-Control": `max-age=${seconds}`,
        "Content-Type": "application/json",
        ...(bookmark ? { [bookmarkOfEntry]: bookmark } : {}),
      },
    });
    c.executionCtx.waitUntil(cache.put(key, stored));
  }
  const value = JSON.parse(json) as T;
  if (writes === writesBefore) remember(name, value, name.length + json.length, bookmark);
  return value;
}

/**
 * After a successful write, the cached reads it may have changed are dropped before the
 * answer leaves: the site's (set by allowSiteOrigin as `readSite`) or, when the write
 * names no site of its own, every site's.
 */
export function dropCachedReads(scope: "site" | "all"): MiddlewareHandler<AppEnv> {
  return async function dropCachedReads(c, next) {
    await next();
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS" || c.res.status >= 400) {
      return;
    }
    const site = scope === "site" ? c.get("readSite") : allSites;
    if (!site || readCacheSeconds(c.env) === 0) return;
    await caches.default.delete(generationKey(site));
    // Only now: a read that began before the delete may have found the old generation.
    writes++;
    const prefix = `${encodeURIComponent(site)}/`;
    for (const name of recent.keys())
      if (site === allSites || name.startsWith(prefix)) forget(name);
  };
}
