/**
 * `npm run bench` (a few minutes) and `npm run bench:quick` (under a minute): serves the
 * Worker from workerd on a fresh local D1, seeds it (see seed.ts), loads each scenario with
 * autocannon over loopback, counts D1 work per request, and writes the table to
 * bench/RESULTS.md. Fails if any request errs or answers other than 2xx. Every scenario
 * runs with the read cache off (READ_CACHE_SECONDS=0: the D1 work of each request); then
 * the hot reads again on a second server with it on.
 */
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { toMarkdown, writeSection, type ScenarioResult } from "./results";
import { cachedScenarios, cursorOfPage, scenarios, type Scenario } from "./scenarios";
import { seed } from "./seed";
import { startServer, type BenchServer } from "./server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const settings = quick
  ? { warmup: 200, amount: 4000, maxSeconds: 5, meterSamples: 3, connections: 8 }
  : { warmup: 1000, amount: 30000, maxSeconds: 25, meterSamples: 10, connections: 8 };

/** Runs one scenario for `amount` requests or `maxSeconds`, whichever comes first. */
function load(
  url: URL,
  scenario: Scenario,
  amount: number,
): Promise<{ result: Result; seconds: number }> {
  return new Promise((resolve, reject) => {
    // The run lasts from its start to its last answer: autocannon's own finish waits for
    // its next sample tick, which at thousands of requests/s is a large part of a run.
    const startedAt = performance.now();
    let answeredAt = startedAt;
    const instance = autocannon(
      {
        url: url.href,
        connections: settings.connections,
        amount,
        timeout: 10,
        requests: [{ setupRequest: (request) => ({ ...request, ...scenario.request() }) }],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve({ result, seconds: (answeredAt - startedAt) / 1000 });
      },
    );
    instance.on("response", () => {
      answeredAt = performance.now();
    });
    const timer = setTimeout(() => instance.stop(), settings.maxSeconds * 1000);
  });
}

/**
 * D1 work per request, from the metered Worker, requests sent one at a time. `warm`: one
 * request first, outside the tally, as a hot page's first reader fills the read cache.
 */
async function meter(server: BenchServer, scenario: Scenario, warm = false) {
  if (warm) {
    const request = scenario.request();
    await (await server.instrumentedFetch(request.path, request)).arrayBuffer();
  }
  await server.instrumentedFetch("/__bench/d1");
  for (let sample = 0; sample < settings.meterSamples; sample += 1) {
    const request = scenario.request();
    const res = await server.instrumentedFetch(request.path, request);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`bench: ${scenario.name} answered ${res.status} when metered`);
  }
  const totals = (await (await server.instrumentedFetch("/__bench/d1")).json()) as {
    roundTrips: number;
    rowsRead: number;
    rowsWritten: number;
  };
  const per = (value: number) => value / settings.meterSamples;
  return {
    roundTrips: per(totals.roundTrips),
    rowsRead: per(totals.rowsRead),
    rowsWritten: per(totals.rowsWritten),
  };
}

/**
 * One server, seeded, and its scenarios: first with the read cache off (every request does
 * its D1 work), then, on a second server, the reads the cache serves, with it on.
 */
const phases = [
  {
    bindings: { READ_CACHE_SECONDS: "0" },
    scenarios: (deepCursor: string, run: string) => scenarios(deepCursor, run),
    cached: false,
  },
  {
    bindings: { READ_CACHE_SECONDS: "30" },
    scenarios: () => cachedScenarios(),
    cached: true,
  },
];

async function main() {
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
  const results: ScenarioResult[] = [];
  let seeded = { threads: 0, comments: 0 };
  let seedSeconds = 0;
  let databaseBytes = 0;
  for (const phase of phases) {
    const server = await startServer(root, { bindings: phase.bindings });
    try {
      const seedStart = performance.now();
      seeded = await seed(server.url);
      seedSeconds = (performance.now() - seedStart) / 1000;
      databaseBytes = await server.databaseBytes();
      console.log(
        `seeded ${seeded.comments} comments in ${seeded.threads} threads (${seedSeconds.toFixed(1)} s)`,
      );
      const run = Date.now().toString(36);
      const deepCursor = await cursorOfPage(server.url, 8);
      for (const scenario of phase.scenarios(deepCursor, run)) {
        results.push(await measure(server, scenario, phase.cached));
      }
    } finally {
      await server.close();
    }
  }

  const require = createRequire(import.meta.url);
  const version = (name: string) =>
    (require(`${name}/package.json`) as { version: string }).version;
  const cpu = cpus();
  const markdown = toMarkdown(
    {
      date: new Date().toISOString().slice(0, 10),
      mode: quick ? "quick" : "full",
      machine: `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores`,
      node: process.version,
      wrangler: version("wrangler"),
      miniflare: version("miniflare"),
      loadBefore,
      connections: settings.connections,
      seeded: `${seeded.threads} threads, ${seeded.comments} comments (10,000 approved, 1,000 pending)`,
      seedSeconds,
      databaseBytes,
    },
    results,
  );
  await writeSection(path.join(root, "bench/RESULTS.md"), markdown);
  console.log("wrote bench/RESULTS.md");

  const failed = results.filter((r) => r.errors > 0 || r.non2xx > 0);
  if (failed.length > 0) {
    console.error(`bench: errors or non-2xx answers in: ${failed.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
}

/** Loads one scenario (after a warm-up), then meters its D1 work. */
async function measure(server: BenchServer, scenario: Scenario, cached: boolean) {
  await load(server.url, scenario, settings.warmup);
  const { result, seconds } = await load(server.url, scenario, settings.amount);
  const d1 = await meter(server, scenario, cached);
  const requests = Object.values(result.statusCodeStats).reduce((s, c) => s + c.count, 0);
  const row: ScenarioResult = {
    name: scenario.name,
    requests,
    requestsPerSecond: requests / seconds,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    ...d1,
  };
  console.log(
    `${row.name}: ${Math.round(row.requestsPerSecond)} req/s, p50 ${row.p50} ms, ` +
      `p99 ${row.p99} ms, errors ${row.errors}, non-2xx ${row.non2xx}, ` +
      `D1 ${row.roundTrips} trips, ${row.rowsRead} read, ${row.rowsWritten} written`,
  );
  return row;
}

await main();
