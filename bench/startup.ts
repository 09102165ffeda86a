/**
 * `npm run bench:startup` (under a minute; `-- --rounds N`, default 20): a fresh
 * isolate's first answer, Parley's Worker against a floor (floor-worker.ts: Hono, one route,
 * one D1 `SELECT 1`, a JSON answer), side by side in one run. The goal: Parley's at
 * most 1.5× the floor's. Writes its section of bench/RESULTS.md.
 *
 * Both are bundled as every bench bundles the Worker (server.ts, wrangler's esbuild
 * settings) and served from workerd through Miniflare's API on its direct socket, on one D1
 * prepared beforehand (Parley's migrations applied, the `bench` site created, a thread of 20
 * comments imported), so no start pays for a migration. Then, `rounds` times, each Worker in
 * turn (the first one alternating): a new Miniflare, hence a new workerd process, and one
 * reader request: for Parley what a reader's page asks first, the thread's comments
 * (`GET /api/comments?site=…&page=…`, the widget's first fetch), for the floor its one route.
 *
 * When workerd runs the script: it compiles and evaluates every Worker's module while it
 * starts, before it listens (a module whose top level loops for 1.3 s delays Miniflare's
 * `ready` by 1.3 s and not its first answer), so no request ever meets a script not yet
 * evaluated. Miniflare is handed the module list: given `modules: true` and a script path,
 * it first parses the whole bundle with acorn in Node to find its imports (measured: with
 * that, Parley's `ready` came 285 ms after the floor's; without, 115 ms), a local step no
 * isolate on Cloudflare pays. A start is therefore timed from `new Miniflare()` to the first answer's last
 * byte, with its two parts: to `ready` (workerd's process, Miniflare's own services and the
 * Worker's module: the part that differs between the two is the module) and the first
 * request (sent to last byte: functions V8 compiles on first call, the first D1 query, which
 * also starts the local D1's Durable Object, key derivation, the read cache's first miss).
 * The process and Miniflare's services are the same for both and weigh the same whatever
 * the Worker, which is why the whole is a fair but diluted proxy of a cold isolate: a real
 * one on Cloudflare starts in an existing process. The sharper measures of the isolate
 * alone are the first request, and the Node one below.
 *
 * In Node (the same V8), each sample a fresh process (startup-node.ts): `import()` of the
 * same bundle (read, parse, compile, evaluate: the part of the start Parley's code
 * decides), then its first and second answer to the same request, D1 replayed from a
 * recording (replayed-d1.ts), zod parsing as in Workers (workerd-globals.ts), the read cache
 * off (Node has no Cache API). Also reported:
 * the bundles' size, raw and gzip, since every byte is parsed on each start.
 */
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { percentile } from "./latency";
import { applyMigrations } from "./migrations";
import { ReplayedD1 } from "./replayed-d1";
import { writeSection } from "./results";
import { scratchDirectory } from "./scratch";
import { seedThread } from "./seed-data";
import { importThreads, origin, putBenchSite, site } from "./seed";
import { bundleParley, bundleWorkers, compatibilityDate, secrets, workerOptions } from "./server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const rounds = Number(argument("--rounds") ?? 20);
/** The goal: Parley's cold first answer at most this many times the floor's. */
const goal = 1.5;
const threadKey = "/startup";
const threadSize = 20;

interface Contender {
  label: string;
  /** The bundle's name in the build folder (`name.js`), also its Miniflare worker name. */
  name: string;
  path: string;
  /** Whether the first answer's body is the expected one. */
  answers(body: string): boolean;
  /** Bindings besides the bench's secrets and DB. */
  bindings?: Record<string, string>;
}

const parley: Contender = {
  label: "Parley",
  name: "parley",
  path: `/api/comments?site=${site}&page=${encodeURIComponent(threadKey)}`,
  answers: (body) => (JSON.parse(body) as { thread?: { count?: number } }).thread?.count === 20,
};
const floor: Contender = {
  label: "floor",
  name: "floor",
  path: "/",
  answers: (body) => (JSON.parse(body) as { one?: number }).one === 1,
};
/**
 * Parley with the read cache off, in workerd only (the Node measure has no Cache API): the
 * share of the first request that is the cache's first miss (five Cache API calls, each a
 * round trip to Miniflare's cache service, itself just started).
 */
const parleyUncached: Contender = {
  ...parley,
  label: "Parley, read cache off",
  bindings: { READ_CACHE_SECONDS: "0" },
};
const inWorkerd = [parley, floor, parleyUncached];
const inNode = [parley, floor];

interface Sample {
  /** `new Miniflare()` to the first answer's last byte. */
  total: number;
  /** `new Miniflare()` to `ready`: workerd started, the Worker's module evaluated. */
  ready: number;
  /** The first request, sent to last byte. */
  first: number;
  /** The second request on the same isolate, sent to last byte. */
  second: number;
}

interface NodeSample {
  importMs: number;
  firstMs: number;
  secondMs: number;
}

interface Setup {
  buildDir: string;
  d1Persist: string;
  date: string;
}

/**
 * The database every start reads: migrated, with the site and a thread of `threadSize`
 * comments (two families of ten, seed-data.ts), through a Parley served once for the
 * purpose. Also records, per contender, the D1 answers of its request (the Node measure's
 * replay), running its bundle in this process against that database.
 */
async function prepare(setup: Setup, recordings: string): Promise<void> {
  const mf = new Miniflare({
    workers: [
      {
        ...workerOptions("parley", setup.buildDir, setup.date),
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
    ],
    d1Persist: setup.d1Persist,
    host: "127.0.0.1",
  });
  try {
    await mf.ready;
    const url = await mf.unsafeGetDirectURL("parley");
    const db = await mf.getD1Database("DB", "parley");
    await applyMigrations(db, path.join(root, "migrations"));
    await putBenchSite(url);
    const thread = seedThread({ key: threadKey, origin, count: threadSize, start: new Date() });
    await importThreads(url, [thread]);
    for (const contender of inNode) {
      const bundle = pathToFileURL(path.join(setup.buildDir, `${contender.name}.js`)).href;
      const worker = ((await import(bundle)) as { default: WorkerForNode }).default;
      const replayed = new ReplayedD1(db as never);
      replayed.record();
      const env = { ...secrets, DB: replayed, READ_CACHE_SECONDS: "0" };
      const res = await worker.fetch(new Request(new URL(contender.path, url)), env, nodeContext);
      if (!res.ok || !contender.answers(await res.text())) {
        throw new Error(`bench: ${contender.label} did not answer as expected in Node`);
      }
      await writeFile(recordingOf(recordings, contender), JSON.stringify(replayed.recorded()));
    }
  } finally {
    await mf.dispose();
  }
}

type WorkerForNode = {
  fetch(request: Request, env: unknown, ctx: unknown): Promise<Response>;
};
const nodeContext = { waitUntil() {}, passThroughOnException() {}, props: {} };
const recordingOf = (dir: string, contender: Contender) =>
  path.join(dir, `${contender.name}-d1.json`);

/** One cold start in workerd: a new Miniflare (a new workerd process), then two requests. */
async function coldStart(setup: Setup, contender: Contender): Promise<Sample> {
  const { scriptPath, ...options } = workerOptions(
    contender.name,
    setup.buildDir,
    setup.date,
    contender.bindings,
  );
  const created = performance.now();
  const mf = new Miniflare({
    workers: [
      {
        ...options,
        // Listed, so Miniflare does not parse the bundle itself to find its imports.
        modules: [{ type: "ESModule", path: scriptPath }],
        unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
      },
    ],
    d1Persist: setup.d1Persist,
    host: "127.0.0.1",
  });
  try {
    await mf.ready;
    const ready = performance.now();
    const url = await mf.unsafeGetDirectURL(contender.name);
    const send = async () => {
      const sent = performance.now();
      const res = await fetch(new URL(contender.path, url));
      const body = await res.text();
      const answered = performance.now();
      if (!res.ok || !contender.answers(body)) {
        throw new Error(`bench: ${contender.label} answered ${res.status}: ${body.slice(0, 200)}`);
      }
      return { sent, answered };
    };
    const first = await send();
    const second = await send();
    return {
      total: first.answered - created,
      ready: ready - created,
      first: first.answered - first.sent,
      second: second.answered - second.sent,
    };
  } finally {
    await mf.dispose();
  }
}

const run = promisify(execFile);

/** One sample in a fresh Node process (startup-node.ts). */
async function nodeStart(
  setup: Setup,
  child: string,
  recordings: string,
  contender: Contender,
): Promise<NodeSample> {
  const { stdout } = await run(process.execPath, [
    child,
    path.join(setup.buildDir, `${contender.name}.js`),
    recordingOf(recordings, contender),
    new URL(contender.path, "http://127.0.0.1/").href,
    JSON.stringify({ ...secrets, READ_CACHE_SECONDS: "0" }),
  ]);
  return JSON.parse(stdout) as NodeSample;
}

/** Each contender `rounds` times, taking turns, the order reversed every other round. */
async function alternate<T>(
  contenders: Contender[],
  measure: (contender: Contender) => Promise<T>,
) {
  const samples = new Map<Contender, T[]>(contenders.map((contender) => [contender, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) samples.get(contender)!.push(await measure(contender));
  }
  return samples;
}

interface Summary {
  median: number;
  p90: number;
}

function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

async function sizes(setup: Setup, contender: Contender) {
  const bytes = await readFile(path.join(setup.buildDir, `${contender.name}.js`));
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

async function main() {
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
  const dir = await scratchDirectory("parley-startup-");
  const setup: Setup = {
    buildDir: path.join(dir, "build"),
    d1Persist: path.join(dir, "d1"),
    date: await compatibilityDate(root),
  };
  const recordings = dir;
  const child = path.join(dir, "startup-node.mjs");
  try {
    await bundleParley(root, root, setup.buildDir);
    await bundleWorkers(root, { floor: path.join(root, "bench/floor-worker.ts") }, setup.buildDir);
    await build({
      entryPoints: [path.join(root, "bench/startup-node.ts")],
      outfile: child,
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "warning",
    });
    await prepare(setup, recordings);
    // One start of each first, not measured: the first workerd of a run also pays for the
    // page cache (its binary, the bundles), which no later start does.
    for (const contender of inWorkerd) await coldStart(setup, contender);

    const workerd = await alternate(inWorkerd, async (contender) => {
      const sample = await coldStart(setup, contender);
      console.log(
        `${contender.label}: first answer ${sample.total.toFixed(1)} ms after new Miniflare() ` +
          `(ready ${sample.ready.toFixed(1)}, request ${sample.first.toFixed(1)}, ` +
          `second ${sample.second.toFixed(1)})`,
      );
      return sample;
    });
    const node = await alternate(inNode, async (contender) => {
      const sample = await nodeStart(setup, child, recordings, contender);
      console.log(
        `${contender.label} in Node: import ${sample.importMs.toFixed(1)} ms, first answer ` +
          `${sample.firstMs.toFixed(1)}, second ${sample.secondMs.toFixed(1)}`,
      );
      return sample;
    });
    const bundleSizes = new Map(
      await Promise.all(inNode.map(async (c) => [c, await sizes(setup, c)] as const)),
    );
    const markdown = report({ workerd, node, bundleSizes, loadBefore });
    await writeSection(path.join(root, "bench/RESULTS.md"), markdown, "startup");
    console.log(`\n${markdown}\n\nwrote bench/RESULTS.md`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function report(results: {
  workerd: Map<Contender, Sample[]>;
  node: Map<Contender, NodeSample[]>;
  bundleSizes: Map<Contender, { raw: number; gzip: number }>;
  loadBefore: string;
}): string {
  const ms = (value: number) => value.toFixed(1);
  const row = <T>(
    name: string,
    samples: Map<Contender, T[]>,
    pick: (sample: T) => number,
    which = parley,
  ) => {
    const [a, b] = [which, floor].map((c) => summarize(samples.get(c)!.map(pick)));
    return {
      line: `| ${name} | ${ms(a!.median)} | ${ms(a!.p90)} | ${ms(b!.median)} | ${ms(b!.p90)} | ${(a!.median / b!.median).toFixed(2)} |`,
      ratio: a!.median / b!.median,
    };
  };
  const total = row(
    "first answer of a new workerd: `new Miniflare()` to last byte",
    results.workerd,
    (s) => s.total,
  );
  const firstRequest = row("first request (sent to last byte)", results.workerd, (s) => s.first);
  const nodeCold = row(
    "Node: `import()` + first answer",
    results.node,
    (s) => s.importMs + s.firstMs,
  );
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  const size = (c: Contender) => results.bundleSizes.get(c)!;
  const cpu = cpus();
  return [
    "## Cold start (`npm run bench:startup`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, Node ${process.version}, workerd ${workerdVersion} (Miniflare's API, the Worker's direct socket); load average before the run: ${results.loadBefore}. ${rounds} starts of each, taking turns; the floor is \`bench/floor-worker.ts\` (Hono, one route, one D1 \`SELECT 1\`, JSON). Parley's request is the widget's first, \`GET /api/comments\` of a thread of ${threadSize} comments.`,
    "",
    "| measure | Parley median, ms | p90 | floor median, ms | p90 | ratio of medians |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    total.line,
    row("of which workerd up, module evaluated (`ready`)", results.workerd, (s) => s.ready).line,
    firstRequest.line,
    row("second request, same isolate", results.workerd, (s) => s.second).line,
    row(
      "Parley, read cache off: first answer of a new workerd",
      results.workerd,
      (s) => s.total,
      parleyUncached,
    ).line,
    row("Parley, read cache off: first request", results.workerd, (s) => s.first, parleyUncached)
      .line,
    nodeCold.line,
    row(
      "Node: `import()` of the bundle (parse, compile, evaluate)",
      results.node,
      (s) => s.importMs,
    ).line,
    row("Node: first answer (D1 replayed)", results.node, (s) => s.firstMs).line,
    row("Node: second answer", results.node, (s) => s.secondMs).line,
    "",
    `Bundles (esbuild, minified, as \`npm run bench\` builds them): Parley ${kib(size(parley).raw)} raw, ${kib(size(parley).gzip)} gzip; floor ${kib(size(floor).raw)} raw, ${kib(size(floor).gzip)} gzip.`,
    "",
    `Goal (Parley's cold first answer ≤ ${goal}× the floor's): ${verdict(total.ratio)} on the whole start, ${verdict(firstRequest.ratio)} on the first request alone, ${verdict(nodeCold.ratio)} on the isolate's own work in Node.`,
    "",
    "- A start is a new workerd process (through Miniflare); workerd evaluates a Worker's",
    "  module while it starts, before `ready`, so the whole start is the fair cold measure",
    "  but carries workerd's and Miniflare's own start, the same for both, which dilutes the",
    "  ratio. The first request (V8 compiling the code it runs, the first D1 query, key",
    "  derivation) and the Node rows (fresh process each, the same bundle, D1 replayed, zod",
    "  parsing as in Workers, read cache off) are the isolate's own share.",
    "- Parley with its read cache off shows what the cache's first miss adds to a first",
    "  request: five Cache API calls, each to Miniflare's cache service, itself just started.",
    "- Times are wall-clock on a shared machine: compare runs on the same machine only.",
  ].join("\n");
}

const verdict = (ratio: number) => `${ratio <= goal ? "met" : "not met"} (${ratio.toFixed(2)}×)`;

const workerdVersion = (
  JSON.parse(await readFile(path.join(root, "node_modules/workerd/package.json"), "utf8")) as {
    version: string;
  }
).version;

await main();
