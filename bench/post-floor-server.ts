/**
 * Serves post-floor-worker.ts as server.ts serves Parley: bundled with wrangler's esbuild
 * settings, on workerd through Miniflare's API with the compatibility date of
 * wrangler.toml, load on its direct socket, its own fresh D1 in a scratch directory on the
 * same storage as Parley's (scratch.ts). Its own Miniflare, hence its own workerd process,
 * as each Parley the peers bench starts has.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { scratchDirectory } from "./scratch";
import { bundleWorkers, compatibilityDate } from "./server";

export interface PostFloorServer {
  url: URL;
  /** Rows in its `comments` table. */
  comments(): Promise<number>;
  close(): Promise<void>;
}

/** The floor's table, like Parley's `comments` in what a comment keeps; no index but the key. */
const floorSchema = `CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  page TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_email TEXT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
)`;

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), "post-floor-worker.ts");

export async function startPostFloor(root: string): Promise<PostFloorServer> {
  const dir = await scratchDirectory("parley-post-floor-");
  const buildDir = path.join(dir, "build");
  try {
    await bundleWorkers(root, { floor: entry }, buildDir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const date = await compatibilityDate(root);

  const mf = new Miniflare({
    workers: [
      {
        name: "floor",
        modules: true,
        modulesRoot: buildDir,
        scriptPath: path.join(buildDir, "floor.js"),
        compatibilityDate: date,
        d1Databases: { DB: "parley-post-floor" },
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
    ],
    d1Persist: path.join(dir, "d1"),
    host: "127.0.0.1",
  });
  const close = async () => {
    await mf.dispose();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await mf.ready;
    const url = await mf.unsafeGetDirectURL("floor");
    const db = await mf.getD1Database("DB", "floor");
    await db.prepare(floorSchema).run();
    return {
      url,
      async comments() {
        const row = await db.prepare("SELECT COUNT(*) AS n FROM comments").first<number>("n");
        return row ?? 0;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
