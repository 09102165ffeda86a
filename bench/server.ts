/**
 * Builds the Worker and serves it from workerd through Miniflare's API, on a fresh D1 in a
 * temporary directory. Not `wrangler dev`: its Node proxy caps a one-query request near
 * 200–250 requests/s on a 2-core machine, whatever the Worker does.
 *
 * Two workers share the one database: `parley`, the bundle as wrangler would ship it (all
 * load goes there), and `instrumented`, the same code with D1 metered (bench/d1-meter.ts).
 *
 * Load reaches `parley` on a direct socket, not through Miniflare's own entry worker: that
 * entry worker is a local-development layer production does not have, and it alone held a
 * do-nothing Worker to about a quarter of what the direct socket serves on these machines.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";
import type { D1Database } from "@cloudflare/workers-types";
import { Miniflare } from "miniflare";
import { applyMigrations } from "./migrations";
import { workerdPids } from "./process-stats";
import { scratchDirectory } from "./scratch";

export const secrets = {
  MODERATOR_TOKEN: "bench-moderator-token-0123456789",
  SECRET_KEY: "bench-secret-key-0123456789abcdef-0123456789",
};

export interface BenchServer {
  url: URL;
  /** Fetch through the metered copy of the Worker. */
  instrumentedFetch(path: string, init?: RequestInit): Promise<Response>;
  /** The database file's size as D1 reports it (`meta.size_after`). */
  databaseBytes(): Promise<number>;
  /** The D1 database itself, from Node (Miniflare's proxy). */
  db: D1Database;
  /** The workerd process(es) this server started, to tell its CPU from other servers'. */
  workerdPids: number[];
  close(): Promise<void>;
}

/**
 * Bundles like wrangler does (esbuild, ESM, workerd conditions, minified per wrangler.toml):
 * each entry point (by output name, `name.js` in `outdir`), resolving packages from the
 * node_modules of `root`.
 */
export async function bundleWorkers(
  root: string,
  entryPoints: Record<string, string>,
  outdir: string,
): Promise<void> {
  await build({
    entryPoints,
    nodePaths: [path.join(root, "node_modules")],
    outdir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["cloudflare:*"],
    minify: true,
    logLevel: "warning",
  });
}

/**
 * The Worker (`parley.js`) and its metered copy (`instrumented.js`) of `source`, the
 * checkout to build (another commit's, for a baseline).
 */
export function bundleParley(root: string, source: string, outdir: string): Promise<void> {
  return bundleWorkers(
    root,
    {
      parley: path.join(source, "worker/index.ts"),
      instrumented: path.join(source, "bench/instrumented-worker.ts"),
    },
    outdir,
  );
}

/** The compatibility date in wrangler.toml, which every bench serves the Worker with. */
export async function compatibilityDate(root: string): Promise<string> {
  const toml = await readFile(path.join(root, "wrangler.toml"), "utf8");
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (!date) throw new Error("bench: no compatibility_date in wrangler.toml");
  return date;
}

/**
 * Miniflare's options for the bundle `name.js` in `buildDir`: D1 bound as DB (the
 * database `parley-bench`), the bench's secrets and any other bindings.
 */
export function workerOptions(
  name: string,
  buildDir: string,
  date: string,
  bindings: Record<string, string> = {},
) {
  return {
    name,
    modules: true,
    // Module names are paths relative to this root; the default (cwd) is outside the tmp dir.
    modulesRoot: buildDir,
    scriptPath: path.join(buildDir, `${name}.js`),
    compatibilityDate: date,
    d1Databases: { DB: "parley-bench" },
    bindings: { ...secrets, ...bindings },
  };
}

export async function startServer(
  root: string,
  options: {
    source?: string;
    bindings?: Record<string, string>;
    /** Opens workerd's V8 inspector on this loopback port (the soak collects garbage with it). */
    inspectorPort?: number;
    /**
     * Keeps Miniflare's Cache API store in the temporary directory instead of workerd's
     * memory. It deletes an expired entry only when that key is read again, and the read
     * cache orphans its entries by design (a write starts a new generation), so in memory
     * they pile up for as long as the server runs — a local-only growth the soak must not
     * take for the Worker's.
     */
    cacheOnDisk?: boolean;
    /** Answers the Worker's outbound fetches (a mail API, say) instead of the network. */
    outboundService?: (request: Request) => Response | Promise<Response>;
  } = {},
): Promise<BenchServer> {
  const source = options.source ?? root;
  const dir = await scratchDirectory("parley-bench-");
  const buildDir = path.join(dir, "build");
  await bundleParley(root, source, buildDir);
  const date = await compatibilityDate(root);
  const worker = (name: string) => workerOptions(name, buildDir, date, options.bindings);
  const othersBefore = new Set(workerdPids());
  const mf = new Miniflare({
    workers: [
      {
        ...worker("parley"),
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
        ...(options.outboundService ? { outboundService: options.outboundService } : {}),
      },
      worker("instrumented"),
    ],
    d1Persist: path.join(dir, "d1"),
    ...(options.cacheOnDisk ? { cachePersist: path.join(dir, "cache") } : {}),
    host: "127.0.0.1",
    ...(options.inspectorPort
      ? { inspectorPort: options.inspectorPort, inspectorHost: "127.0.0.1" }
      : {}),
  });
  await mf.ready;
  const workerdPidsOfThis = workerdPids().filter((pid) => !othersBefore.has(pid));
  const url = await mf.unsafeGetDirectURL("parley");
  const db = await mf.getD1Database("DB", "parley");
  await applyMigrations(db, path.join(source, "migrations"));
  const instrumented = await mf.getWorker("instrumented");

  return {
    url,
    db: db as unknown as D1Database,
    workerdPids: workerdPidsOfThis,
    async instrumentedFetch(pathname, init) {
      // Miniflare's fetch takes its own RequestInit type; the shapes used here are the same.
      const res = await instrumented.fetch(new URL(pathname, url).href, init as never);
      return res as unknown as Response;
    },
    async databaseBytes() {
      const result = await db.prepare("SELECT 1").run();
      return (result.meta as { size_after?: number }).size_after ?? 0;
    },
    async close() {
      await mf.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
