/**
 * Helpers for tests of a database per site (SITE_DATABASES): calls to the Worker with some
 * sites routed to the second test database, DB_BIG (vitest.config.ts), and row counts per
 * database.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { SqlDatabase } from "../scripts/site-move";
import { asModerator, callSettled, json, origin, unique } from "./helpers";

/** A Worker whose SITE_DATABASES sends the given sites to DB_BIG. */
export function routedWorker(...bigSites: string[]) {
  const bindings: Record<string, unknown> = {
    SITE_DATABASES: JSON.stringify(Object.fromEntries(bigSites.map((site) => [site, "DB_BIG"]))),
  };
  const call = (path: string, init: RequestInit = {}, more: Record<string, unknown> = {}) =>
    callSettled(path, init, { ...bindings, ...more });
  const ok = async (res: Response, status = 200): Promise<any> => {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    return text ? JSON.parse(text) : null;
  };
  return {
    bindings,
    call,
    mod: (method: string, path: string, body?: unknown) =>
      call(path, asModerator(body === undefined ? { method } : json(method, body))),
    async modOk(method: string, path: string, body?: unknown, status = 200): Promise<any> {
      return ok(await this.mod(method, path, body), status);
    },
    async createSite(id: string, settings: Record<string, unknown> = {}, origins = [origin]) {
      await this.modOk("PUT", `/api/mod/sites/${id}`, { name: `Site ${id}`, origins, settings });
      return id;
    },
    async post(
      site: string,
      page: string,
      body = unique("Hello"),
      extra = {},
      more: Record<string, unknown> = {},
    ): Promise<any> {
      const payload = {
        site,
        page: { key: page, url: `${origin}${page}`, title: "A post" },
        author: { name: "Ann", email: "ann@example.com", website: "" },
        body,
        ...extra,
      };
      return ok(
        await call(
          "/api/comments",
          json("POST", payload, { "CF-Connecting-IP": "203.0.113.9" }),
          more,
        ),
        201,
      );
    },
    ok,
  };
}

/** A site setting that lets every post through at once. */
export const open = { moderation: "none", minSubmitSeconds: 0, rateLimitPerMinute: 1000 };

export const siteId = (prefix: string) => unique(prefix).toLowerCase();

/** How many rows of a site a table of a database holds. */
export async function rowsOf(db: D1Database, table: string, site: string): Promise<number> {
  const column = table === "sites" ? "id" : "site_id";
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?1`)
    .bind(site)
    .first<{ n: number }>();
  return row!.n;
}

/** The two test databases. */
export const databases = { DB: env.DB, DB_BIG: env.DB_BIG };

/** A D1 binding as the move module's database, as the command line's wrangler adapter is. */
export function sqlDatabase(db: D1Database): SqlDatabase {
  return {
    async select(sql) {
      return (await db.prepare(sql).all<Record<string, unknown>>()).results;
    },
    async write(statements) {
      if (statements.length) await db.batch(statements.map((statement) => db.prepare(statement)));
    },
  };
}
