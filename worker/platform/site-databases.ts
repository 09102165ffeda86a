/**
 * A database per large site. `SITE_DATABASES` (a var, JSON) names the sites that live in a
 * D1 database of their own, `{"big-blog":"DB_BIG_BLOG"}`, by binding name; every other site
 * lives in `DB`, with the moderators. A routed site's rows are all in its database: its
 * sites row and origins, threads, comments and everything keyed by them. Moving a site
 * there is scripts/move-site.ts (docs/server-rendering.md, "A database per large site").
 */
import type { Context } from "hono";
import * as z from "zod";
import { notConfigured, siteDatabaseRoutes } from "../config";
import type { AppEnv, Bindings } from "../env";
import { siteIdSchema } from "../schemas/common";
import { commentSites } from "../storage/comments";

const siteFieldSchema = z.object({ site: siteIdSchema });

function binding(env: Bindings, name: string): D1Database {
  const db = (env as unknown as Record<string, D1Database | undefined>)[name];
  if (!db?.withSession) {
    throw notConfigured(`SITE_DATABASES names the D1 binding ${name}, which is not bound.`);
  }
  return db;
}

/** The database a site lives in. */
export function databaseOf(env: Bindings, siteId: string): D1Database {
  const name = siteDatabaseRoutes(env)?.get(siteId);
  return name ? binding(env, name) : env.DB;
}

/** Every database, DB first, each once: for work that spans sites. */
export function allDatabases(env: Bindings): D1Database[] {
  const names = siteDatabaseRoutes(env)?.values() ?? [];
  return [...new Set([env.DB, ...[...names].map((name) => binding(env, name))])];
}

/**
 * The comments by the database holding them: the one their site lives in (while a site
 * moves, its old database may still hold copies, which are not theirs). With one database,
 * every id without asking; ids held nowhere are left out.
 */
export async function commentsByDatabase(
  env: Bindings,
  ids: string[],
): Promise<[D1Database, string[]][]> {
  const all = allDatabases(env);
  if (all.length === 1) return [[env.DB, ids]];
  const held = await Promise.all(all.map((db) => commentSites(db, ids)));
  return all.map((db, i) => [
    db,
    held[i]!.filter(([, site]) => databaseOf(env, site) === db).map(([id]) => id),
  ]);
}

/** The database holding the comment (DB when none does, to answer its own 404). */
export async function databaseOfComment(env: Bindings, id: string): Promise<D1Database> {
  const found = (await commentsByDatabase(env, [id])).find(([, ids]) => ids.length);
  return found?.[0] ?? env.DB;
}

/**
 * The database a public request is about, before its handler runs (its D1 session opens
 * on it, db-session.ts): for a route named by a comment id, the one holding the comment (a
 * query's `?site=` cannot steer it to another database's stale copy during a move); else
 * its site's, named by `?site=`, a feed's path or the body's `site`. Input is checked again
 * by the handler.
 */
export async function requestDatabase(c: Context<AppEnv>): Promise<D1Database> {
  if (!siteDatabaseRoutes(c.env)) return c.env.DB;
  const path = c.req.path;
  const id = /^\/api\/comments\/(c_[\w-]+)/.exec(path)?.[1];
  if (id) return databaseOfComment(c.env, id);
  const named = c.req.query("site") ?? /^\/feeds\/(.+)\.atom$/.exec(path)?.[1];
  let site = siteFieldSchema.safeParse({ site: named }).data?.site;
  if (!named && c.req.method === "POST") {
    const type = c.req.header("Content-Type") ?? "";
    const body = await (/json/i.test(type) ? c.req.json() : c.req.parseBody()).catch(() => null);
    site = siteFieldSchema.safeParse(body).data?.site;
  }
  return site ? databaseOf(c.env, site) : c.env.DB;
}
