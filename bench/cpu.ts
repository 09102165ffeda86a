/**
 * `npm run bench:cpu`: CPU time per request of the Worker in workerd (through Miniflare),
 * this checkout side by side with a baseline commit built from git in the same run
 * (`--baseline REV`, default the last commit before the posting pipeline).
 *
 * Two measures, each a ratio against the baseline:
 *
 * Worker CPU: the Worker's bundle runs in Node (the same JavaScript engine as workerd), its
 * D1 answers replayed from a recording of the same request against the real local D1
 * (bench/replayed-d1.ts), so the time is the Worker's own code, WebCrypto and JSON; this is
 * what Cloudflare counts as a Worker's CPU time. Measured with process.cpuUsage(). Node is
 * not workerd, though: its Request, Response and streams are JavaScript (workerd's are
 * native), its WebCrypto signs on a thread pool (workerd's on the calling thread), its V8 is
 * older, and zod compiles its parsers there, which Workers forbid (`--zod-jitless` makes zod
 * parse as in Workers, workerd-globals.ts). `npm run bench:cpu:profile` shows each share.
 *
 * Worker CPU in workerd: the same, closer to production: the Worker of the commit runs in
 * workerd (replaying-worker.ts) with the D1 answers recorded in Node replayed, requests go
 * one at a time over loopback, and the workerd process's CPU per request (as below) less
 * that of the same requests answered at once by the same process (the HTTP plumbing) is
 * the Worker's: its code, workerd's native Request, streams and WebCrypto, workerd's V8.
 *
 * Process CPU: requests are sent one at a time over loopback, and the CPU the workerd process used
 * meanwhile (every thread's run time, from /proc/<pid>/task/<tid>/schedstat, nanoseconds) is
 * divided by their number. workerd's own clocks stand still while JavaScript runs, and V8's
 * sampling profiler attributes idle time to whatever ran last, so neither can measure this;
 * the process's run time can. It includes what Cloudflare does not bill as Worker CPU
 * (local D1's SQLite, the HTTP plumbing), so it is an upper bound: `GET /healthz` (one
 * trivial D1 query) shows that floor.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import {
  createSite,
  recordAnswers,
  replayedRequests,
  scenarios,
  workerForNode,
  type Scenario,
  type WorkerModule,
} from "./cpu-harness";
import { writeSection } from "./results";
import {
  bundleWorkers,
  compatibilityDate,
  startServer,
  workerOptions,
  type BenchServer,
} from "./server";
import { zodAsInWorkers } from "./workerd-globals";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const baselineRevision = argument("--baseline") ?? "72638f9";
const requests = Number(argument("--requests") ?? 400);
const rounds = Number(argument("--rounds") ?? 2);
// zod as in Workers (workerd-globals.ts); by default it compiles its parsers, as in Node.
const zodJitless = process.argv.includes("--zod-jitless");
if (zodJitless) zodAsInWorkers();
/** The three measures, each per request: in Node, in workerd (D1 replayed), workerd's process. */
type Kind = "worker" | "workerd" | "process";
/** Requests run in Node before timing: enough for V8 to have compiled the hot code. */
const warmup = 1000;

/** The run time of every thread of every workerd process started below this one, in ns. */
async function workerdNanoseconds(): Promise<number> {
  let total = 0;
  for (const pid of await readdir("/proc").then((names) => names.filter((n) => /^\d+$/.test(n)))) {
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() !== "workerd" || !(await descendsFromUs(Number(pid)))) continue;
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
      const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, "utf8").catch(
        () => "",
      );
      total += Number(schedstat.split(" ")[0] ?? 0);
    }
  }
  return total;
}

async function descendsFromUs(pid: number): Promise<boolean> {
  for (let current = pid, hops = 0; current > 1 && hops < 10; hops += 1) {
    const stat = await readFile(`/proc/${current}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent === process.pid) return true;
    current = parent;
  }
  return false;
}

/**
 * Milliseconds of workerd CPU per request of one scenario, `requests` sent one at a time to
 * `url` after `warm` more, each with `headers` added.
 */
async function measure(
  url: URL,
  scenario: Scenario,
  offset: number,
  { headers = {}, warm = 50 }: { headers?: Record<string, string>; warm?: number } = {},
): Promise<number> {
  const send = async (n: number) => {
    const { path: target, init } = scenario.request(n);
    const res = await fetch(new URL(target, url), {
      ...init,
      headers: { ...(init?.headers as Record<string, string> | undefined), ...headers },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`bench: ${scenario.name} answered ${res.status}`);
  };
  for (let n = 0; n < warm; n += 1) await send(offset + n);
  const before = await workerdNanoseconds();
  for (let n = warm; n < warm + requests; n += 1) await send(offset + n);
  const after = await workerdNanoseconds();
  return (after - before) / 1e6 / requests;
}

/**
 * Milliseconds of the Worker's own CPU per request: each request is recorded once against
 * the real D1, then `requests` fresh ones (new author, address and text each time) are
 * answered from that recording.
 */
async function measureWorker(
  worker: WorkerModule,
  server: BenchServer,
  scenario: Scenario,
  offset: number,
): Promise<number> {
  const send = replayedRequests(worker, server, scenario);
  for (let n = 0; n <= warmup; n += 1) await send(offset + n);
  const before = process.cpuUsage();
  for (let n = warmup + 1; n <= warmup + requests; n += 1) await send(offset + n);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / requests;
}

/**
 * The Worker of `source` in workerd with D1 replayed (replaying-worker.ts), each scenario
 * answered from its recording: milliseconds of the process's CPU per request, less the
 * same requests answered at once.
 */
async function measureReplayed(
  source: string,
  dir: string,
  recordings: unknown[][],
  all: Scenario[],
  offset: number,
): Promise<number[]> {
  const entry = path.join(dir, "replaying-entry.ts");
  const module = (file: string) => JSON.stringify(file);
  await writeFile(
    entry,
    `import parley from ${module(path.join(source, "worker/index.ts"))};\n` +
      `import { replayingWorker } from ${module(path.join(root, "bench/replaying-worker.ts"))};\n` +
      "export default replayingWorker(parley);\n",
  );
  const buildDir = path.join(dir, "replaying");
  await bundleWorkers(root, { replaying: entry }, buildDir);
  const bindings = { RECORDINGS: JSON.stringify(Object.fromEntries(recordings.entries())) };
  const options = workerOptions("replaying", buildDir, await compatibilityDate(root), bindings);
  const mf = new Miniflare({
    workers: [{ ...options, unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] }],
    host: "127.0.0.1",
  });
  try {
    const url = await mf.unsafeGetDirectURL("replaying");
    const perRequest: number[] = [];
    for (const [index, scenario] of all.entries()) {
      const at = offset + index * 10_000;
      // More to warm up than the process measure: this one is about V8's optimized code.
      const replay = (name: string) =>
        measure(url, scenario, at, { headers: { "X-Bench-Replay": name }, warm: 300 });
      const replayed = await replay(String(index));
      const plumbing = await replay("noop");
      perRequest.push(replayed - plumbing);
    }
    return perRequest;
  } finally {
    await mf.dispose();
  }
}

/** A checkout of `revision` in a temporary directory (removed with the returned function). */
async function checkout(revision: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "parley-baseline-"));
  execFileSync("sh", ["-c", `git archive ${revision} | tar -x -C ${JSON.stringify(dir)}`], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function main() {
  if (!(await readFile("/proc/self/schedstat", "utf8").catch(() => ""))) {
    throw new Error("bench: needs Linux's /proc/<pid>/task/<tid>/schedstat");
  }
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
  const baseline = await checkout(baselineRevision);
  const builds = [
    { label: "this checkout", source: root },
    { label: baselineRevision, source: baseline.dir },
  ];
  const run = Date.now().toString(36);
  const results = new Map<string, Record<Kind, number[]>>();
  const add = (label: string, scenario: Scenario, kind: Kind, value: number) => {
    const key = `${label}\n${scenario.name}`;
    const entry = results.get(key) ?? { worker: [], workerd: [], process: [] };
    entry[kind].push(value);
    results.set(key, entry);
  };
  const scratch = await mkdtemp(path.join(tmpdir(), "parley-cpu-"));
  try {
    for (let round = 0; round < rounds; round += 1) {
      for (const build of builds) {
        const all = scenarios(`${run}-${round}`);
        const recordings: unknown[][] = [];
        const server = await startServer(root, { source: build.source });
        try {
          await createSite(server);
          const worker = await workerForNode(root, build.source, scratch);
          for (const [index, scenario] of all.entries()) {
            const offset = (round * 10 + index) * 100_000;
            const process = await measure(server.url, scenario, offset);
            const own = await measureWorker(worker, server, scenario, offset + 50_000);
            recordings.push(await recordAnswers(worker, server, scenario, offset + 99_999));
            add(build.label, scenario, "process", process);
            add(build.label, scenario, "worker", own);
            console.log(
              `${build.label}, ${scenario.name}: Worker ${own.toFixed(2)} ms in Node, workerd process ${process.toFixed(2)} ms CPU/request`,
            );
          }
        } finally {
          await server.close();
        }
        // With the server closed: its workerd would count in the process CPU.
        const offset = (round * 10 + 5) * 100_000;
        const inWorkerd = await measureReplayed(build.source, scratch, recordings, all, offset);
        for (const [index, scenario] of all.entries()) {
          add(build.label, scenario, "workerd", inWorkerd[index]!);
          console.log(
            `${build.label}, ${scenario.name}: Worker ${inWorkerd[index]!.toFixed(2)} ms in workerd, D1 replayed`,
          );
        }
      }
    }
  } finally {
    await baseline.remove();
    await rm(scratch, { recursive: true, force: true });
  }

  const best = (label: string, name: string, kind: Kind) =>
    Math.min(...results.get(`${label}\n${name}`)![kind]);
  const rows = scenarios(run).map((scenario) => {
    const cells = (["worker", "workerd", "process"] as const).map((kind) => {
      const now = best("this checkout", scenario.name, kind);
      const before = best(baselineRevision, scenario.name, kind);
      return `${now.toFixed(2)} | ${before.toFixed(2)} | ${(now / before).toFixed(2)}`;
    });
    return `| ${scenario.name} | ${cells.join(" | ")} |`;
  });
  const cpu = cpus();
  await writeSection(
    path.join(root, "bench/RESULTS.md"),
    [
      "## Worker CPU per request (`npm run bench:cpu`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, Node ${process.version}; load average before the run: ${loadBefore}. ${requests} requests of each kind, one at a time, after 50 to warm up (300 in workerd with D1 replayed); the better of ${rounds} rounds.`,
      "",
      `| request | Worker CPU in Node, ms | ${baselineRevision}, ms | ratio | Worker CPU in workerd, ms | ${baselineRevision}, ms | ratio | workerd process CPU, ms | ${baselineRevision}, ms | ratio |`,
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
      "",
      "- Worker CPU in Node: the Worker's own code (with WebCrypto and JSON), run in Node's V8",
      "  with its D1 answers replayed from a recording of the same request",
      `  (bench/replayed-d1.ts), timed by \`process.cpuUsage()\` after ${warmup} requests to warm`,
      "  it up. Node's Request, Response and streams are JavaScript and its WebCrypto signs on a",
      "  thread pool, so this overstates what workerd spends on them (`npm run bench:cpu:profile`).",
      zodJitless
        ? "  zod parsed as in Workers (`--zod-jitless`)."
        : "  zod compiled its parsers, as Node allows and Workers do not (`--zod-jitless`: as in Workers).",
      "- Worker CPU in workerd: the Worker in workerd with the same D1 answers replayed",
      "  (bench/replaying-worker.ts): the process's CPU per request less that of the same",
      "  requests answered at once by it (the HTTP plumbing). Closest to what Cloudflare counts",
      "  against a Worker's CPU limit. A difference of two measures, so about ±0.05 ms is",
      "  noise (`GET /healthz`, nearly nothing to do, comes out near 0, even below).",
      "- workerd process CPU: the run time of the workerd process (all threads, from",
      "  `/proc/<pid>/task/<tid>/schedstat`) while the requests ran, per request. It includes",
      "  local D1's SQLite and the HTTP plumbing, which Cloudflare does not count as Worker CPU,",
      "  so it is an upper bound; `GET /healthz` shows how much of it that floor is.",
      `- The baseline is \`git archive ${baselineRevision}\`, bundled the same way in the same run.`,
    ].join("\n"),
    "cpu",
  );
  console.log("wrote bench/RESULTS.md");
}

await main();
