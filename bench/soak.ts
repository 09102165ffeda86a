/**
 * `npm run soak` (about 8 minutes; not in CI): five minutes of mixed traffic — reads, posts,
 * replies, author edits and deletes, likes, reports, moderation — through the bundle on
 * workerd at about 70 % of the capacity measured just before, then a check that every
 * comment the server accepted is stored exactly once and every count matches. Reports
 * requests served, statuses and p50/p99 per kind, and workerd's memory from start to end,
 * in bench/SOAK.md. Fails on any loss or mismatch, any 5xx or request without an answer,
 * any answer that contradicts what the server said before, or memory that grew past
 * `memoryThreshold`.
 *
 * Options: `--minutes N` (default 5), `--rate N` (requests/s; skips measuring capacity),
 * `--quick` (30 s, for trying it out), `--note "…"` (a line for SOAK.md, say that the
 * machine was shared).
 */
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Pool } from "undici";
import { freePort } from "./free-port";
import { coresUsed, sampleCpu, workerdMemory } from "./process-stats";
import { writeSection } from "./results";
import { seedThread } from "./seed-data";
import { benchSettings, importThreads, origin, putBenchSite, threadKeys } from "./seed";
import { startServer } from "./server";
import { checkDatabase, checkServedCounts } from "./soak-check";
import { Ledger } from "./soak-ledger";
import { connect, driveAtRate, measureCapacity, Tally } from "./soak-load";
import { failures, toMarkdown, type MemorySample, type SoakReport } from "./soak-report";
import { maxDepth, Traffic } from "./soak-traffic";
import { collectGarbage } from "./workerd-inspector";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: options } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    rate: { type: "string" },
    quick: { type: "boolean", default: false },
    note: { type: "string" },
  },
});
const quick = options.quick;
const settings = {
  seconds: quick ? 30 : Number(options.minutes) * 60,
  capacitySeconds: quick ? 8 : 15,
  /**
   * Then the warm-up, at the soak's rate: memory after a forced collection rises to its
   * working size over about the first minute of load (measured: 205 to 250 MB, then within
   * 4 MB for three minutes more, idle included), so "after the warm-up" is after that.
   */
  warmupSeconds: quick ? 10 : 60,
  share: 0.7,
  clients: 16,
  maxInFlight: 64,
  sampleSeconds: 30,
};
if (!(settings.seconds > 0)) throw new Error("soak: --minutes takes a positive number");
const fixedRate = options.rate === undefined ? null : Number(options.rate);
if (fixedRate !== null && !(fixedRate > 0)) throw new Error("soak: --rate takes requests/s");

/**
 * workerd's resident memory at the end, after a forced garbage collection in every isolate
 * (workerd-inspector.ts: without one it mostly shows when V8 last collected), may be at most
 * this many times the same figure after the warm-up. Not 1. Measured at 100 requests/s with
 * the read cache off, it rises about a quarter over the first two minutes (SQLite's caches
 * and the allocators reaching their working size; 170 to 210 MB), then stays within a few
 * MB while the database keeps growing. With the read cache on it keeps rising about 1 KB a
 * request: Miniflare's cache store, even on disk, keeps the index of every entry the read
 * cache orphans (server.ts `cacheOnDisk`), production's cache does not. Together about ×1.4
 * in five minutes. A leak of 2 KB a request, 60 MB more, goes past the limit.
 */
const memoryThreshold = 1.5;

/**
 * The soak's site: posting limits at their maxima (rate limits are not what is measured),
 * no wait before a post counts, an edit window longer than the run, and first-time
 * moderation, so each author's first comments wait in the queue for a moderator whose
 * approval lets the rest through: the queue always has work, most comments are approved.
 * Reports hold a comment for review from the third network on, as by default.
 */
const soakSettings = {
  ...benchSettings,
  moderation: "first-time",
  maxDepth,
  previewsPerMinute: 10_000,
  editWindowSeconds: 86_400,
  holdAfterReports: 3,
};

/** 30 pages of 100 approved comments each (families of ten, replies six deep). */
const seeded = threadKeys
  .slice(0, 30)
  .map((key) => seedThread({ key, origin, count: 100, start: new Date("2026-01-01") }));

/** Measures capacity (unless `--rate`), then warms up at the rate to soak at. */
async function warmUp(pool: Pool, traffic: Traffic) {
  let capacity: number | null = null;
  let rate = fixedRate;
  if (rate === null) {
    capacity = await measureCapacity(pool, traffic, new Tally(), {
      clients: settings.clients,
      seconds: settings.capacitySeconds,
      maxRequests: 200_000,
    });
    rate = Math.max(1, Math.round(capacity * settings.share));
    console.log(`capacity ${Math.round(capacity)} requests/s; soaking at ${rate} requests/s`);
  }
  await driveAtRate(pool, traffic, new Tally(), {
    rate,
    seconds: settings.warmupSeconds,
    maxInFlight: settings.maxInFlight,
    maxBacklog: rate * 2,
  });
  return { capacity, rate };
}

/** The soak proper, sampling workerd's memory (into `memory`) and printing progress. */
async function soakAt(pool: Pool, traffic: Traffic, rate: number, memory: MemorySample[]) {
  const tally = new Tally();
  const cpuStart = sampleCpu();
  const started = performance.now();
  let lastAnswered = 0;
  const sampler = setInterval(() => {
    const seconds = Math.round((performance.now() - started) / 1000);
    const bytes = workerdMemory().bytes;
    memory.push({ label: `${seconds} s`, bytes });
    const s = tally.summary();
    const perSecond = Math.round((tally.answered - lastAnswered) / settings.sampleSeconds);
    lastAnswered = tally.answered;
    console.log(
      `${seconds} s: ${s.requests} requests (${perSecond}/s), p99 ${s.p99.toFixed(1)} ms, ` +
        `5xx ${s.serverErrors}, 429 ${s.refused}, workerd ${(bytes / 1024 / 1024).toFixed(1)} MB`,
    );
  }, settings.sampleSeconds * 1000);
  const soak = await driveAtRate(pool, traffic, tally, {
    rate,
    seconds: settings.seconds,
    maxInFlight: settings.maxInFlight,
    maxBacklog: rate * 2,
  }).finally(() => clearInterval(sampler));
  memory.push({ label: `end (${Math.round(soak.seconds)} s)`, bytes: workerdMemory().bytes });
  return { soak, tally, cores: coresUsed(cpuStart, sampleCpu()) };
}

const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

async function main() {
  const loadBefore = loadAverage();
  const inspectorPort = await freePort();
  // Miniflare's cache store on disk: in memory it keeps every entry the read cache orphans.
  const server = await startServer(root, { inspectorPort, cacheOnDisk: true });
  const pool = connect(server.url, settings.maxInFlight);
  /** Resident memory and the Worker's JS heap once every isolate has collected its garbage. */
  const settledMemory = async () => {
    const heaps = await collectGarbage(inspectorPort);
    return { bytes: workerdMemory().bytes, workerHeap: heaps.get("core:user:parley") ?? 0 };
  };
  try {
    await putBenchSite(server.url, soakSettings);
    const imported = await importThreads(server.url, seeded);
    const ledger = new Ledger(soakSettings.holdAfterReports);
    ledger.addSeeded(seeded);
    const traffic = new Traffic(ledger, Date.now().toString(36));
    const memory: MemorySample[] = [{ label: "after seeding", bytes: workerdMemory().bytes }];
    console.log(`seeded ${imported.comments} comments on ${imported.threads} pages`);

    const { capacity, rate } = await warmUp(pool, traffic);
    memory.push({
      label: `after ${settings.warmupSeconds} s of warm-up (0 s)`,
      bytes: workerdMemory().bytes,
    });
    const warm = await settledMemory();
    const { soak, tally, cores } = await soakAt(pool, traffic, rate, memory);
    const end = await settledMemory();

    // Past the one second an isolate may keep a read (read-cache.ts), before asking for counts.
    await sleep(2000);
    const checks = [
      ...(await checkDatabase(server.db, ledger)),
      await checkServedCounts(server.url, ledger),
    ];

    const cpu = cpus();
    const miniflare = createRequire(import.meta.url)("miniflare/package.json") as {
      version: string;
    };
    await finish({
      date: new Date().toISOString().slice(0, 10),
      mode: quick ? "quick" : fixedRate === null ? "full" : `full, --rate ${rate}`,
      machine: `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores`,
      node: process.version,
      miniflare: miniflare.version,
      loadBefore,
      loadAfter: loadAverage(),
      cores: { ...cores, of: cpu.length },
      note: options.note ?? null,
      seeded: `${imported.threads} pages, ${imported.comments} approved comments`,
      capacity,
      warmupSeconds: settings.warmupSeconds,
      rate,
      soak,
      tally,
      memory,
      settled: { warm, end, threshold: memoryThreshold },
      checks,
      covered: ledger.summary(),
    });
  } finally {
    await pool.close();
    await server.close();
  }
}

/** Prints the report, writes it to SOAK.md, and fails the process if the run failed. */
async function finish(report: SoakReport) {
  const markdown = toMarkdown(report);
  console.log(`\n${markdown}\n`);
  await writeSection(path.join(root, "bench/SOAK.md"), markdown, "soak");
  console.log("wrote bench/SOAK.md");
  const failed = failures(report);
  if (failed.length > 0) {
    console.error(`soak failed: ${failed.join("; ")}`);
    process.exitCode = 1;
  }
}

await main();
