/**
 * `npm run bench:cpu:profile` (under a minute; `-- --requests N`, default 2000; `-- --out
 * DIR` keeps the .cpuprofile files for DevTools): where the Worker's CPU goes, for each
 * request `npm run bench:cpu` times, on the same harness (cpu-harness.ts: the Worker's
 * bundle in Node, its D1 answers replayed). After 1,000 requests to warm up, N more run
 * under V8's sampling profiler (node:inspector, a sample every 50 µs), and the samples'
 * time is added up per module of the bundle (esbuild's unminified output names each
 * module in a `// path` comment above its code) and per function. Prints, per request:
 *
 * - self time by group (zod, Hono, markdown-it, a folder or file of worker/, Node's own
 *   WebCrypto or fetch classes, the garbage collector…);
 * - the functions with most self time;
 * - the inclusive time of the Worker's functions (any sample with the function on its
 *   stack). Only the synchronous part counts: after an `await` a function's rest runs
 *   from the microtask queue, with no caller above it.
 *
 * zod parses as in Workers (workerd-globals.ts: by walking each schema, no compiled
 * parsers); `-- --zod-jit` lets it compile them, as plain Node (and `npm run bench:cpu`) do.
 *
 * `(idle)` on the main thread is mostly Node's WebCrypto, which signs on its thread pool
 * (workerd signs on the calling thread); process.cpuUsage(), as bench:cpu reads it,
 * includes that pool's time, the profile does not. Writes nothing to RESULTS.md.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  bundleForNode,
  createSite,
  importWorker,
  replayedRequests,
  scenarios,
  type Scenario,
} from "./cpu-harness";
import { startServer, type BenchServer } from "./server";
import { zodAsInWorkers } from "./workerd-globals";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const requests = Number(argument("--requests") ?? 2000);
const out = argument("--out");
const warmup = 1000;
const samplingMicroseconds = 50;
if (!process.argv.includes("--zod-jit")) zodAsInWorkers();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The module each line of the bundle belongs to, from esbuild's `// path` comments. */
function moduleMap(bundle: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  bundle.split("\n").forEach((text, line) => {
    // `// ../main/node_modules/zod/v4/core/core.js`, `// worker/domain/keys.ts`…
    const match = /^\/\/ (\S+\/\S+\.(?:[cm]?js|tsx?|json))$/.exec(text);
    const module = match?.[1]!.replace(/^.*?(node_modules\/)/, "$1").replace(/^(\.\.\/)+/, "");
    if (module) starts.push({ line, module });
  });
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found = "(bundle prelude)";
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle]!.line <= line) {
        found = starts[middle]!.module;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  };
}

const markdownPackages = /node_modules\/(markdown-it|linkify-it|mdurl|uc\.micro|punycode\.js)\//;

/** The group a frame's time counts under. */
function groupOf(url: string, module: string | null, functionName: string): string {
  if (!url) return functionName || "(native)";
  if (module === null) {
    if (url.includes("internal/crypto") || url.includes("internal/webcrypto")) {
      return "Node: WebCrypto";
    }
    if (url.includes("undici") || url.includes("webstreams") || url.includes("internal/url")) {
      return "Node: Request, Response, URL, streams";
    }
    return url.startsWith("node:") ? "Node: other internals" : `other: ${url}`;
  }
  if (module.includes("node_modules/zod/")) return "zod";
  if (module.includes("node_modules/hono/")) return "Hono";
  if (markdownPackages.test(module)) return "markdown-it (parsing, linkify)";
  if (module.includes("node_modules/entities/")) return "entities";
  if (module.includes("node_modules/")) return module.replace(/.*node_modules\/([^/]+).*/, "$1");
  if (module.startsWith("worker/storage/")) return "worker/storage/ (SQL, rows)";
  if (module.startsWith("worker/schemas/")) return "worker/schemas/ (transforms, refinements)";
  return module;
}

interface Breakdown {
  self: Map<string, number>;
  functions: Map<string, number>;
  inclusive: Map<string, number>;
  total: number;
}

function analyse(profile: Profile, moduleOf: (line: number) => string, url: string): Breakdown {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const frameOf = (node: ProfileNode) => {
    const { functionName, url: frameUrl, lineNumber } = node.callFrame;
    const module = frameUrl === url ? moduleOf(lineNumber) : null;
    return {
      group: groupOf(frameUrl, module, functionName),
      name: `${functionName || "(anonymous)"} (${module ?? (frameUrl || "native")})`,
      ownCode: module?.startsWith("worker/") ?? false,
    };
  };
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);
  const result: Breakdown = {
    self: new Map(),
    functions: new Map(),
    inclusive: new Map(),
    total: 0,
  };
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    const frame = frameOf(node);
    add(result.self, frame.group, ms);
    add(result.functions, frame.name, ms);
    if (frame.group !== "(idle)") result.total += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const above = frameOf(byId.get(at)!);
      if (above.ownCode && !seen.has(above.name)) {
        seen.add(above.name);
        add(result.inclusive, above.name, ms);
      }
    }
  });
  return result;
}

function table(title: string, map: Map<string, number>, perRequest: number, limit: number) {
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  console.log(`\n${title}`);
  for (const [name, ms] of rows) {
    console.log(`  ${(ms / perRequest).toFixed(3).padStart(7)} ms  ${name}`);
  }
}

/** Enough comments on `/cpu-0` for the list's page of 20, posted as bench:cpu posts them. */
async function seedList(server: BenchServer, post: Scenario) {
  for (let n = 0; n < 460; n += 20) {
    const { path: target, init } = post.request(n);
    const res = await fetch(new URL(target, server.url), init);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`bench: seeding the list answered ${res.status}`);
  }
}

async function main() {
  const scratch = await mkdtemp(path.join(tmpdir(), "parley-cpu-profile-"));
  const server = await startServer(root);
  const session = new Session();
  session.connect();
  try {
    await createSite(server);
    const all = scenarios(Date.now().toString(36));
    await seedList(server, all[1]!);
    const bundlePath = path.join(scratch, "worker.mjs");
    await bundleForNode(root, root, bundlePath);
    const worker = await importWorker(bundlePath);
    const moduleOf = moduleMap(await readFile(bundlePath, "utf8"));
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: samplingMicroseconds });
    for (const [index, scenario] of all.entries()) {
      const send = replayedRequests(worker, server, scenario);
      const offset = (index + 1) * 1_000_000;
      for (let n = 0; n <= warmup; n += 1) await send(offset + n);
      await session.post("Profiler.start");
      const before = process.cpuUsage();
      for (let n = warmup + 1; n <= warmup + requests; n += 1) await send(offset + n);
      const used = process.cpuUsage(before);
      const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
      const breakdown = analyse(profile, moduleOf, pathToFileURL(bundlePath).href);
      console.log(`\n=== ${scenario.name}`);
      console.log(
        `process CPU ${((used.user + used.system) / 1000 / requests).toFixed(3)} ms/request ` +
          `(user ${(used.user / 1000 / requests).toFixed(3)}, system ${(used.system / 1000 / requests).toFixed(3)}); ` +
          `main thread busy ${(breakdown.total / requests).toFixed(3)} ms/request in the profile`,
      );
      table("self time by group", breakdown.self, requests, 25);
      table("self time by function", breakdown.functions, requests, 25);
      table(
        "inclusive time of worker/ functions (synchronous part)",
        breakdown.inclusive,
        requests,
        30,
      );
      if (out) {
        await mkdir(out, { recursive: true });
        const name = scenario.name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
        await writeFile(path.join(out, `${name}.cpuprofile`), JSON.stringify(profile));
      }
    }
  } finally {
    session.disconnect();
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
