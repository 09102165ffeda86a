/**
 * `npm run bench:peers` (about 7 minutes, plus Waline's install on the first run) and
 * `npm run bench:peers -- --quick` (about 3): Parley and Waline side by side in one run on
 * this machine, on the same data, with the same load, with both databases on disk as
 * production keeps them (`--tmpfs`: in memory, /dev/shm), and beside them two floors
 * loaded in the same turns: Parley's `GET /healthz` for the reads, a Worker whose post is
 * one D1 INSERT for the posts. Reports the ratios against the architecture issue's goals
 * (peer-report.ts). Writes its section of bench/RESULTS.md; fails if any request errs,
 * answers other than 2xx, or (Waline) answers an errno other than 0, or if a post was
 * answered but not stored.
 *
 * `--at REV` builds Parley from `git archive REV` instead of this checkout.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { blankMeasurement, loadChecked, summary } from "./peer-load";
import { peersMarkdown, rowLine, type PeerScenario, type Row } from "./peer-report";
import {
  healthzFloor,
  insertFloor,
  parleyPeer,
  seededComments,
  threads,
  walinePeer,
  type Peer,
} from "./peer-servers";
import { startPostFloor } from "./post-floor-server";
import { writeSection } from "./results";
import type { BenchRequest } from "./scenarios";
import { describeScratch, useScratchStorage } from "./scratch";
import { importThreads, putBenchSite } from "./seed";
import { startServer } from "./server";
import { installWaline, startWaline, walineFolder, walineVersion } from "./waline";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes("--quick");
const tmpfs = process.argv.includes("--tmpfs");
const revision = argument("--at");
const section = tmpfs ? "peers-tmpfs" : "peers";
/**
 * Per server and scenario: `rounds` measurements, the order of the servers rotating, each
 * after its own warm-up; a measurement stops at amount / rounds requests or maxSeconds /
 * rounds, whichever comes first.
 */
const settings = quick
  ? { connections: 10, warmup: 200, warmupSeconds: 3, amount: 10000, maxSeconds: 8, rounds: 2 }
  : { connections: 10, warmup: 1000, warmupSeconds: 5, amount: 60000, maxSeconds: 30, rounds: 2 };

/** A variant (Parley cached, say) is one more entry with its own name and bindings. */
const uncached = { READ_CACHE_SECONDS: "0" };
const cached = { READ_CACHE_SECONDS: "30" };
const scenarios: PeerScenario[] = [
  {
    id: "list",
    name: "list the hot thread's first page (20 roots, 200 comments), uncached",
    kind: "list",
    parleyBindings: uncached,
  },
  {
    id: "counts",
    name: "counts, 20 pages, uncached",
    kind: "counts",
    parleyBindings: uncached,
    floor: "healthz",
  },
  { id: "post", name: "post a comment", kind: "post", parleyBindings: uncached, floor: "insert" },
  {
    id: "list-cached",
    name: "list the hot thread's first page, Parley's read cache on",
    kind: "list",
    parleyBindings: cached,
  },
  {
    id: "counts-cached",
    name: "counts, 20 pages, Parley's read cache on",
    kind: "counts",
    parleyBindings: cached,
  },
];

/** One request, checked: 2xx, and what it says (for the data's sameness on both peers). */
async function probe(peer: Peer, scenario: PeerScenario, request: BenchRequest): Promise<string> {
  const res = await fetch(new URL(request.path, peer.url), request);
  const text = await res.text();
  if (!res.ok) throw new Error(`bench: ${peer.name} answered ${res.status} to ${scenario.name}`);
  return peer.describe(scenario.kind, JSON.parse(text) as unknown);
}

/**
 * Loads each server in turn, `rounds` times, the first one rotating with the scenario and
 * the round; each turn a warm-up (whose failures count, timings not) and a measurement.
 */
async function measureTurns(
  index: number,
  scenario: PeerScenario,
  servers: Peer[],
  builders: (() => BenchRequest)[],
) {
  const measured = servers.map(() => ({ load: blankMeasurement(), warmup: blankMeasurement() }));
  const posts = scenario.kind === "post";
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let turn = 0; turn < servers.length; turn += 1) {
      const at = (index + round + turn) % servers.length;
      const [server, request, into] = [servers[at]!, builders[at]!, measured[at]!];
      const { connections } = settings;
      await loadChecked(server, posts, request, {
        connections,
        amount: settings.warmup,
        seconds: settings.warmupSeconds,
        into: into.warmup,
      });
      await loadChecked(server, posts, request, {
        connections,
        amount: Math.ceil(settings.amount / settings.rounds),
        seconds: settings.maxSeconds / settings.rounds,
        into: into.load,
      });
    }
  }
  return measured.map(summary);
}

function parleySource(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (revision) return `\`${git("rev-parse", "--short", revision).trim()}\``;
  const head = git("rev-parse", "--short", "HEAD").trim();
  const dirty = git("status", "--porcelain", "--", "worker", "migrations").trim() !== "";
  return `this checkout (${head}${dirty ? ", with uncommitted changes" : ""})`;
}

const loadAverage = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

async function main() {
  useScratchStorage(tmpfs ? "tmpfs" : "disk");
  const scratch = await describeScratch();
  const storage =
    `${scratch.memoryBacked ? "in memory" : "on disk"} ` +
    `(\`${scratch.base}\`, ${scratch.filesystem})`;
  console.log(`databases ${storage}`);
  const installDir = await installWaline(root);
  // After the install, which may have compiled for minutes.
  const loadBefore = loadAverage();
  const source = parleySource();
  let checkout: string | null = null;
  if (revision) {
    checkout = await mkdtemp(path.join(tmpdir(), "parley-peers-at-"));
    const tar = path.join(checkout, "source.tar");
    execFileSync("git", ["archive", "--format=tar", "-o", tar, revision], { cwd: root });
    execFileSync("tar", ["-xf", tar, "-C", checkout]);
    await rm(tar);
  }

  const run = Date.now().toString(36);
  const servers: Peer[] = [];
  const parleys = new Map<string, Peer>();
  const parleyFor = async (bindings: Record<string, string> = {}) => {
    const key = JSON.stringify(bindings);
    let peer = parleys.get(key);
    if (!peer) {
      const server = await startServer(root, { source: checkout ?? undefined, bindings });
      peer = parleyPeer(server, `${run}${parleys.size}`);
      parleys.set(key, peer);
      servers.push(peer);
      await putBenchSite(server.url);
      await importThreads(server.url, threads);
    }
    return peer;
  };

  const rows: Row[] = [];
  try {
    const waline = walinePeer(await startWaline(installDir, threads), run);
    servers.push(waline);
    const postFloor = insertFloor(await startPostFloor(root), run);
    servers.push(postFloor);
    await parleyFor(uncached);
    console.log(
      `seeded ${seededComments} comments in ${threads.length} threads into Waline ${walineVersion} and Parley`,
    );
    for (const [index, scenario] of scenarios.entries()) {
      const parley = await parleyFor(scenario.parleyBindings);
      const floor =
        scenario.floor === "healthz"
          ? healthzFloor(parley)
          : scenario.floor === "insert"
            ? postFloor
            : null;
      const loaded = [parley, waline, ...(floor ? [floor] : [])];
      // One builder per server for the probe and the load: posts stay unique (a repeated
      // post is a duplicate both peers refuse).
      const builders = loaded.map((server) => server.requests(scenario.kind));
      const said = await Promise.all(
        loaded.map((server, at) => probe(server, scenario, builders[at]!())),
      );
      if (said[0] !== said[1]) {
        throw new Error(`bench: ${scenario.name}: Parley says ${said[0]}, Waline ${said[1]}`);
      }
      const [p, w, f] = await measureTurns(index, scenario, loaded, builders);
      const row: Row = {
        scenario,
        parley: p!,
        waline: w!,
        floor: floor && f ? { name: floor.name, summary: f } : null,
      };
      rows.push(row);
      console.log(rowLine(row, said[0]!));
    }
  } finally {
    for (const server of servers) await server.close();
    if (checkout) await rm(checkout, { recursive: true, force: true });
  }

  const require = createRequire(import.meta.url);
  const version = (name: string) =>
    (require(`${name}/package.json`) as { version: string }).version;
  const cpu = cpus();
  const markdown = peersMarkdown(
    {
      quick,
      machine: `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, Node ${process.version}`,
      source,
      miniflare: version("miniflare"),
      wrangler: version("wrangler"),
      waline: walineVersion,
      walineFolder,
      loadBefore,
      loadAfter: loadAverage(),
      storage,
      tmpfs,
      threads: threads.length,
      comments: seededComments,
      settings,
      rounds: settings.rounds,
      maxSeconds: settings.maxSeconds,
    },
    rows,
  );
  console.log(`\n${markdown.slice(markdown.indexOf("### Goals"), markdown.indexOf("\n- Floors"))}`);
  // A run in memory is its own section, beside the one on disk.
  await writeSection(path.join(root, "bench/RESULTS.md"), markdown, section);
  console.log(
    `wrote bench/RESULTS.md, section ${section} (${Math.round(performance.now() / 1000)} s in all)`,
  );

  const failed = rows.filter(
    (row) =>
      row.parley.failures > 0 || row.waline.failures > 0 || (row.floor?.summary.failures ?? 0) > 0,
  );
  if (failed.length > 0) {
    console.error(`bench: failed requests in: ${failed.map((r) => r.scenario.name).join(", ")}`);
    process.exitCode = 1;
  }
}

await main();
