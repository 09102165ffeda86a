/**
 * What bench/cpu.ts and bench/cpu-profile.ts share: the requests they time (`scenarios`),
 * the site they post to, and the Worker's bundle run in Node with its D1 answers replayed
 * (replayed-d1.ts), so the time is the Worker's own code.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ReplayedD1 } from "./replayed-d1";
import { moderatorHeaders, origin, site } from "./seed";
import { secrets, type BenchServer } from "./server";
import { addTimingSafeEqual } from "./workerd-globals";

export interface Scenario {
  name: string;
  request(n: number): { path: string; init?: RequestInit };
}

const comment240 = (n: number) =>
  `Comment ${n}: I ran into the same thing last week and ended up rewriting the loader. ` +
  "*Could* you say more about how this behaves under load? The second example is clearer " +
  "than the docs, thanks for writing it up. See https://blog.example/faq for ours.";

export function scenarios(run: string): Scenario[] {
  return [
    {
      name: "`GET /healthz` (one trivial D1 query: the floor)",
      request: () => ({ path: "/healthz" }),
    },
    {
      name: "`POST /api/comments`, 240 characters",
      request: (n) => ({
        path: "/api/comments",
        init: {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "CF-Connecting-IP": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          },
          body: JSON.stringify({
            site,
            page: { key: `/cpu-${n % 20}`, url: `${origin}/cpu-${n % 20}`, title: "CPU" },
            author: { name: `Reader ${n}`, email: `cpu-${run}-${n}@mail.example` },
            body: comment240(n).slice(0, 240),
          }),
        },
      }),
    },
    {
      name: "`GET /api/comments`, a page of 20 comments",
      request: () => ({ path: `/api/comments?site=${site}&page=%2Fcpu-0` }),
    },
  ];
}

addTimingSafeEqual();

export type WorkerModule = {
  fetch(request: Request, env: unknown, ctx: unknown): Promise<Response>;
};

/**
 * The Worker of `source` bundled for Node, unminified (each module under a `// path`
 * comment, which cpu-profile.ts reads), into `outfile`.
 */
export async function bundleForNode(root: string, source: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(source, "worker/index.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    nodePaths: [path.join(root, "node_modules")],
    logLevel: "error",
  });
}

export async function importWorker(file: string): Promise<WorkerModule> {
  return ((await import(pathToFileURL(file).href)) as { default: WorkerModule }).default;
}

/** The Worker of `source` bundled for Node, to run its code outside workerd. */
export async function workerForNode(
  root: string,
  source: string,
  dir: string,
): Promise<WorkerModule> {
  const outfile = path.join(dir, `worker-${Date.now()}.mjs`);
  await bundleForNode(root, source, outfile);
  return importWorker(outfile);
}

/** The `bench` site: moderation off, no minimum time before a post, limits far above the load. */
export async function createSite(server: BenchServer) {
  const res = await fetch(new URL(`/api/mod/sites/${site}`, server.url), {
    method: "PUT",
    headers: moderatorHeaders,
    body: JSON.stringify({
      name: "CPU bench",
      origins: [origin],
      settings: {
        moderation: "none",
        minSubmitSeconds: 0,
        rateLimitPerMinute: 10000,
        rateLimitPerDay: 100000,
      },
    }),
  });
  if (!res.ok) throw new Error(`bench: creating the site answered ${res.status}`);
}

/**
 * A sender of the scenario's requests to the Worker in Node: the first call's D1 answers
 * are recorded against the real database, every later call is answered from that
 * recording (a fresh request each time: new author, address and text).
 */
export function replayedRequests(
  worker: WorkerModule,
  server: BenchServer,
  scenario: Scenario,
): (n: number) => Promise<void> {
  const db = new ReplayedD1(server.db);
  // Node has no Cache API; each request's own work is what is measured, as uncached.
  const env = { ...secrets, DB: db, READ_CACHE_SECONDS: "0" };
  db.record();
  return async (n) => {
    await answerInNode(worker, server, scenario, env, n);
    // After the first request, the recording; after every other, its first answer again.
    db.replay();
  };
}

/** The D1 answers of one request of the scenario, run in Node against the real database. */
export async function recordAnswers(
  worker: WorkerModule,
  server: BenchServer,
  scenario: Scenario,
  n: number,
): Promise<unknown[]> {
  const db = new ReplayedD1(server.db);
  db.record();
  await answerInNode(worker, server, scenario, { ...secrets, DB: db, READ_CACHE_SECONDS: "0" }, n);
  return db.recorded();
}

async function answerInNode(
  worker: WorkerModule,
  server: BenchServer,
  scenario: Scenario,
  env: unknown,
  n: number,
): Promise<void> {
  const { path: target, init } = scenario.request(n);
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };
  const res = await worker.fetch(new Request(new URL(target, server.url), init), env, ctx);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`bench: ${scenario.name} answered ${res.status} in Node`);
}
