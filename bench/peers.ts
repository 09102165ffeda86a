/**
 * `npm run bench:peers` (about 8 minutes, plus Waline's install on the first run) and
 * `npm run bench:peers -- --quick` (about 3): Parley and Waline side by side in one run on
 * this machine, on the same data, with the same load, reporting Parley ÷ Waline ratios
 * against the goals (≥ 3× Waline's requests/s, p99 latency ≤ ⅓ of Waline's). Writes its
 * section of bench/RESULTS.md; fails if any request errs, answers other than 2xx, or (Waline)
 * answers an errno other than 0, or if a post was answered but not stored.
 *
 * `--at REV` builds Parley from `git archive REV` instead of this checkout.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { percentile } from "./latency";
import { writeSection } from "./results";
import { counts, get, list, post, type BenchRequest } from "./scenarios";
import { seedThread, type SeedThread } from "./seed-data";
import { hotKey, importThreads, origin, putBenchSite, threadKeys } from "./seed";
import { startServer, type BenchServer } from "./server";
import {
  installWaline,
  startWaline,
  walineFolder,
  walineUserAgent,
  walineVersion,
  type WalineServer,
} from "./waline";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const quick = process.argv.includes("--quick");
const revision = argument("--at");
/**
 * Per peer and scenario: `rounds` measurements, the order of the peers alternating, each
 * after its own warm-up; a measurement stops at amount / rounds requests or maxSeconds /
 * rounds, whichever comes first.
 */
const settings = quick
  ? { connections: 10, warmup: 200, warmupSeconds: 3, amount: 10000, maxSeconds: 8, rounds: 2 }
  : { connections: 10, warmup: 1000, warmupSeconds: 5, amount: 60000, maxSeconds: 30, rounds: 2 };

/** The goals: Parley's requests/s ≥ 3× Waline's, its p99 ≤ ⅓ of Waline's. */
const goal = { requestsPerSecond: 3, p99: 1 / 3 };

/**
 * The data, the same on both: 40 threads, `/hot` with 200 comments (20 roots, each with a
 * chain of five replies and four direct replies: seed-data.ts's families of ten), the 39
 * others with 20 each. Counts ask for the first 20 pages; posts go to the last 20, so the
 * listed and counted threads stay as seeded.
 */
const keys = threadKeys.slice(0, 40);
const countedKeys = keys.slice(0, 20);
const postKeys = keys.slice(20);
const threads: SeedThread[] = keys.map((key) =>
  seedThread({ key, origin, count: key === hotKey ? 200 : 20, start: new Date("2026-01-01") }),
);
const seededComments = threads.reduce((sum, thread) => sum + thread.comments.length, 0);

type Kind = "list" | "counts" | "post";

interface PeerScenario {
  name: string;
  kind: Kind;
  /** The goal for this row; null for a row shown for information. */
  goal: { requestsPerSecond: number; p99: number } | null;
  /**
   * Bindings of the Parley that serves this row (e.g. a cache switched on); each distinct
   * set gets its own server, seeded alike. Waline is the same on every row.
   */
  parleyBindings?: Record<string, string>;
}

/** A variant (Parley cached, say) is one more entry with its own name and bindings. */
const uncached = { READ_CACHE_SECONDS: "0" };
const cached = { READ_CACHE_SECONDS: "30" };
const cachedGoal = { requestsPerSecond: 10, p99: 1 / 3 };
const scenarios: PeerScenario[] = [
  {
    name: "list the hot thread's first page (20 roots, 200 comments), uncached",
    kind: "list",
    goal,
    parleyBindings: uncached,
  },
  { name: "counts, 20 pages, uncached", kind: "counts", goal, parleyBindings: uncached },
  { name: "post a comment", kind: "post", goal, parleyBindings: uncached },
  {
    name: "list the hot thread's first page, Parley's read cache on",
    kind: "list",
    goal: cachedGoal,
    parleyBindings: cached,
  },
  {
    name: "counts, 20 pages, Parley's read cache on",
    kind: "counts",
    goal: cachedGoal,
    parleyBindings: cached,
  },
];

interface Peer {
  name: "Parley" | "Waline";
  url: URL;
  /** A fresh request builder for a kind of scenario (posts differ every time). */
  requests(kind: Kind): () => BenchRequest;
  /** What an answer says, to check both peers answer alike before loading them. */
  describe(kind: Kind, body: unknown): string;
  /** Checks each answer's body during the load (Waline answers errors with 200). */
  verifyBody?: (body: string) => boolean;
  /** Comments stored, to check that every answered post was stored. */
  comments(): Promise<number>;
  close(): Promise<void>;
}

type Tree = { replies?: Tree[] };
const countTree = (nodes: Tree[]): number =>
  nodes.reduce((sum, node) => sum + 1 + countTree(node.replies ?? []), 0);

function parleyPeer(server: BenchServer, run: string): Peer {
  return {
    name: "Parley",
    url: server.url,
    requests(kind) {
      if (kind === "list") return get(list(hotKey));
      if (kind === "counts") return get(counts(countedKeys));
      return post(`${run}p`, postKeys);
    },
    describe(kind, body) {
      if (kind === "list") return `${countTree((body as { comments: Tree[] }).comments)} comments`;
      if (kind === "counts") {
        const answer = (body as { counts: Record<string, number> }).counts;
        return `counts ${countedKeys.map((key) => answer[key]).join(",")}`;
      }
      return "stored";
    },
    async comments() {
      const row = await server.db.prepare("SELECT COUNT(*) AS n FROM comments").first<number>("n");
      return row ?? 0;
    },
    close: () => server.close(),
  };
}

function walinePeer(server: WalineServer, run: string): Peer {
  const walineGet = (pathname: string) => () => ({
    method: "GET" as const,
    path: pathname,
    headers: {},
  });
  return {
    name: "Waline",
    url: server.url,
    // The requests its own client (@waline/client) sends.
    requests(kind) {
      if (kind === "list") {
        return walineGet(
          `/api/comment?path=${encodeURIComponent(hotKey)}&page=1&pageSize=20` +
            "&sortBy=insertedAt_desc&lang=en-US",
        );
      }
      if (kind === "counts") {
        return walineGet(
          `/api/comment?type=count&url=${encodeURIComponent(countedKeys.join(","))}&lang=en-US`,
        );
      }
      let n = 0;
      return () => {
        n += 1;
        return {
          method: "POST",
          path: "/api/comment?lang=en-US",
          headers: {
            "Content-Type": "application/json",
            // Waline runs behind a proxy (Docker); the address is X-Forwarded-For's.
            "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          },
          body: JSON.stringify({
            comment: `Load test comment ${n} of run ${run}: *fast* enough?\n\nSee https://blog.example/faq.`,
            nick: `Reader ${n}`,
            mail: `load-${run}w-${n}@mail.example`,
            link: "",
            url: postKeys[n % postKeys.length],
            ua: walineUserAgent,
          }),
        };
      };
    },
    describe(kind, body) {
      const answer = body as { errno: number; errmsg: string; data: unknown };
      if (answer.errno !== 0) throw new Error(`bench: Waline answered errno ${answer.errno}`);
      if (kind === "list") {
        const roots = (answer.data as { data: { children: unknown[] }[] }).data;
        return `${roots.reduce((sum, root) => sum + 1 + root.children.length, 0)} comments`;
      }
      if (kind === "counts") return `counts ${(answer.data as number[]).join(",")}`;
      return "stored";
    },
    verifyBody: (body) => body.startsWith('{"errno":0,'),
    comments: () => server.comments(),
    close: () => server.close(),
  };
}

interface Measurement {
  requests: number;
  seconds: number;
  latencies: number[];
  errors: number;
  non2xx: number;
  mismatches: number;
  /** Posts answered 2xx but not found in the database afterwards. */
  unstored: number;
}

const blankMeasurement = (): Measurement => ({
  requests: 0,
  seconds: 0,
  latencies: [],
  errors: 0,
  non2xx: 0,
  mismatches: 0,
  unstored: 0,
});

interface LoadOptions {
  amount: number;
  seconds: number;
  /** Where the run's figures are added. */
  into: Measurement;
}

/** One autocannon run of `amount` requests or `seconds`, whichever ends first. */
function load(
  peer: Peer,
  request: () => BenchRequest,
  { amount, seconds, into }: LoadOptions,
): Promise<{ ok: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    // The run lasts from its start to its last answer: autocannon's own finish waits for
    // its next sample tick, which at thousands of requests/s is a large part of a run.
    const startedAt = performance.now();
    let answeredAt = startedAt;
    const instance = autocannon(
      {
        url: peer.url.href,
        connections: settings.connections,
        amount,
        timeout: 10,
        ...(peer.verifyBody ? { verifyBody: peer.verifyBody } : {}),
        requests: [{ setupRequest: (raw) => ({ ...raw, ...request() }) }],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const requests = Object.values(result.statusCodeStats).reduce((s, c) => s + c.count, 0);
        into.requests += requests;
        into.seconds += (answeredAt - startedAt) / 1000;
        into.latencies.push(...latencies);
        into.errors += result.errors;
        into.non2xx += result.non2xx;
        into.mismatches += result.mismatches;
        resolve({ ok: requests - result.non2xx - result.mismatches });
      },
    );
    instance.on("response", (_client, _status, _bytes, milliseconds) => {
      latencies.push(milliseconds);
      answeredAt = performance.now();
    });
    const timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}

/** A load run that, for posts, also checks each answered post was stored. */
async function loadChecked(
  peer: Peer,
  scenario: PeerScenario,
  request: () => BenchRequest,
  options: LoadOptions,
) {
  const before = scenario.kind === "post" ? await peer.comments() : 0;
  const { ok } = await load(peer, request, options);
  if (scenario.kind === "post") {
    const stored = (await peer.comments()) - before;
    options.into.unstored += Math.max(0, ok - stored);
  }
}

/** One request, checked: 2xx, and what it says (for the data's sameness on both peers). */
async function probe(peer: Peer, scenario: PeerScenario, request: BenchRequest): Promise<string> {
  const res = await fetch(new URL(request.path, peer.url), request);
  const text = await res.text();
  if (!res.ok) throw new Error(`bench: ${peer.name} answered ${res.status} to ${scenario.name}`);
  return peer.describe(scenario.kind, JSON.parse(text) as unknown);
}

const failures = (m: Measurement) => m.errors + m.non2xx + m.mismatches + m.unstored;

function summary({ load: m, warmup }: { load: Measurement; warmup: Measurement }) {
  const sorted = [...m.latencies].sort((a, b) => a - b);
  return {
    requests: m.requests,
    requestsPerSecond: m.seconds > 0 ? m.requests / m.seconds : 0,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failures: failures(m) + failures(warmup),
  };
}

type Summary = ReturnType<typeof summary>;
interface Row {
  scenario: PeerScenario;
  parley: Summary;
  waline: Summary;
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));

function verdict(row: Row): string {
  if (!row.scenario.goal) return "—";
  const rps = row.parley.requestsPerSecond / row.waline.requestsPerSecond;
  const p99 = row.parley.p99 / row.waline.p99;
  const missed = [
    ...(rps >= row.scenario.goal.requestsPerSecond ? [] : ["req/s"]),
    ...(p99 <= row.scenario.goal.p99 ? [] : ["p99"]),
  ];
  return missed.length ? `not met (${missed.join(", ")})` : "met";
}

function table(rows: Row[]): string {
  return [
    "| scenario | Parley req/s | Waline req/s | req/s ratio | Parley p50 / p99 ms | Waline p50 / p99 ms | p99 ratio | requests (P / W) | failed (P / W) | goal (req/s ratio, p99 ratio) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map(({ scenario, parley, waline }) =>
      [
        "",
        scenario.name,
        Math.round(parley.requestsPerSecond),
        Math.round(waline.requestsPerSecond),
        `${ratio(parley.requestsPerSecond / waline.requestsPerSecond)}×`,
        `${ms(parley.p50)} / ${ms(parley.p99)}`,
        `${ms(waline.p50)} / ${ms(waline.p99)}`,
        `${ratio(parley.p99 / waline.p99)}×`,
        `${parley.requests} / ${waline.requests}`,
        `${parley.failures} / ${waline.failures}`,
        verdict({ scenario, parley, waline }),
        "",
      ]
        .join(" | ")
        .trim(),
    ),
  ].join("\n");
}

/**
 * What the harness itself allows: Parley's `GET /healthz` (one trivial D1 query, no site,
 * no JSON beyond `{"ok":true}`), loaded like the scenarios. No read that asks D1 can be
 * served faster here, so a ratio against Waline above this one is out of reach locally.
 */
async function measureFloor(parley: Peer): Promise<Summary> {
  const measured = { load: blankMeasurement(), warmup: blankMeasurement() };
  const request = get("/healthz");
  for (let round = 0; round < settings.rounds; round += 1) {
    const warmup = { amount: settings.warmup, seconds: settings.warmupSeconds };
    await load(parley, request, { ...warmup, into: measured.warmup });
    await load(parley, request, {
      amount: Math.ceil(settings.amount / settings.rounds),
      seconds: settings.maxSeconds / settings.rounds,
      into: measured.load,
    });
  }
  return summary(measured);
}

function floorNote(floor: Summary | null, rows: Row[]): string {
  const counts = rows.find((row) => row.scenario.kind === "counts" && row.parley.requests);
  if (!floor || !counts) return "";
  const perSecond = Math.round(floor.requestsPerSecond);
  return (
    `The harness's floor, measured in the same run: Parley's \`GET /healthz\`, one trivial ` +
    `D1 query and nothing else, served ${perSecond} req/s (p99 ${ms(floor.p99)} ms), ` +
    `${ratio(floor.requestsPerSecond / counts.waline.requestsPerSecond)}× Waline's uncached ` +
    "counts: no read that asks local D1 can be faster here."
  );
}

function parleySource(): string {
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (revision) return `\`${git("rev-parse", "--short", revision).trim()}\``;
  const head = git("rev-parse", "--short", "HEAD").trim();
  const dirty = git("status", "--porcelain", "--", "worker", "migrations").trim() !== "";
  return `this checkout (${head}${dirty ? ", with uncommitted changes" : ""})`;
}

async function main() {
  const installDir = await installWaline(root);
  // After the install, which may have compiled for minutes.
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
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
  const parleys = new Map<string, Peer>();
  const parleyFor = async (bindings: Record<string, string> = {}) => {
    const key = JSON.stringify(bindings);
    let peer = parleys.get(key);
    if (!peer) {
      const server = await startServer(root, { source: checkout ?? undefined, bindings });
      peer = parleyPeer(server, `${run}${parleys.size}`);
      parleys.set(key, peer);
      try {
        await putBenchSite(server.url);
        await importThreads(server.url, threads);
      } catch (error) {
        await peer.close();
        parleys.delete(key);
        throw error;
      }
    }
    return peer;
  };

  let waline: Peer | null = null;
  const rows: Row[] = [];
  let floor: Summary | null = null;
  try {
    waline = walinePeer(await startWaline(installDir, threads), run);
    await parleyFor();
    console.log(
      `seeded ${seededComments} comments in ${threads.length} threads into Waline ${walineVersion} and Parley`,
    );
    for (const [index, scenario] of scenarios.entries()) {
      const parley = await parleyFor(scenario.parleyBindings);
      const peers = [parley, waline];
      const builders = new Map(peers.map((peer) => [peer, peer.requests(scenario.kind)]));
      const said = await Promise.all(
        peers.map((peer) => probe(peer, scenario, builders.get(peer)!())),
      );
      if (said[0] !== said[1]) {
        throw new Error(`bench: ${scenario.name}: Parley says ${said[0]}, Waline ${said[1]}`);
      }
      // Warm-ups' failures count too; their timings do not.
      const measured = new Map(
        peers.map((peer) => [peer, { load: blankMeasurement(), warmup: blankMeasurement() }]),
      );
      for (let round = 0; round < settings.rounds; round += 1) {
        const order = (index + round) % 2 === 0 ? peers : [...peers].reverse();
        for (const peer of order) {
          const request = builders.get(peer)!;
          const into = measured.get(peer)!;
          await loadChecked(peer, scenario, request, {
            amount: settings.warmup,
            seconds: settings.warmupSeconds,
            into: into.warmup,
          });
          await loadChecked(peer, scenario, request, {
            amount: Math.ceil(settings.amount / settings.rounds),
            seconds: settings.maxSeconds / settings.rounds,
            into: into.load,
          });
        }
      }
      const row: Row = {
        scenario,
        parley: summary(measured.get(parley)!),
        waline: summary(measured.get(waline)!),
      };
      rows.push(row);
      console.log(
        `${scenario.name} (${said[0]}): Parley ${Math.round(row.parley.requestsPerSecond)} req/s, ` +
          `p50 ${ms(row.parley.p50)} ms, p99 ${ms(row.parley.p99)} ms; Waline ` +
          `${Math.round(row.waline.requestsPerSecond)} req/s, p50 ${ms(row.waline.p50)} ms, ` +
          `p99 ${ms(row.waline.p99)} ms; failed ${row.parley.failures} / ${row.waline.failures}; ` +
          `goal ${verdict(row)}`,
      );
    }
    floor = await measureFloor(await parleyFor(uncached));
    console.log(`floor, GET /healthz on Parley: ${Math.round(floor.requestsPerSecond)} req/s`);
  } finally {
    for (const peer of parleys.values()) await peer.close();
    await waline?.close();
    if (checkout) await rm(checkout, { recursive: true, force: true });
  }
  const loadAfter = loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

  const require = createRequire(import.meta.url);
  const version = (name: string) =>
    (require(`${name}/package.json`) as { version: string }).version;
  const cpu = cpus();
  const perPeer = (value: number) => Math.round(value / settings.rounds);
  const markdown = [
    "## Peers (`npm run bench:peers`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} (${quick ? "quick" : "full"} run) on ` +
      `${cpu[0]?.model.trim() ?? "unknown CPU"} × ${cpu.length} cores, Node ${process.version}, ` +
      `in one run: Parley from ${source} on workerd through Miniflare ${version("miniflare")} ` +
      `(wrangler ${version("wrangler")}), local D1, as \`npm run bench\` serves it; Waline ` +
      `(\`@waline/vercel\`) ${walineVersion} started as its Docker image starts it (\`node ` +
      "vanilla.js`, thinkjs, SQLite through `sqlite3`) on the tables of Waline's own SQLite " +
      "schema (see waline.ts). Load " +
      `average before the measurements: ${loadBefore}; after: ${loadAfter}.`,
    "",
    `The same data on both: ${threads.length} threads, ${seededComments} approved comments; ` +
      "`/hot` has 200 (20 roots, each with a chain of five replies and four direct replies), " +
      "the others 20 each. Parley imported them through its API (`seed.ts`); Waline's rows " +
      "were inserted into `wl_Comment` as Waline stores them (root and parent ids, markdown " +
      "bodies, status `approved`). Before each scenario one request to each peer checked they " +
      "answer the same (the list 200 comments, the same 20 counts).",
    "",
    table(rows),
    "",
    floorNote(floor, rows),
    "",
    `- Load: autocannon over loopback, ${settings.connections} connections, per peer and ` +
      `scenario ${settings.rounds} measurements of up to ${perPeer(settings.amount)} requests ` +
      `or ${perPeer(settings.maxSeconds)} s, each after a warm-up of ${settings.warmup} requests ` +
      `(at most ${settings.warmupSeconds} s); the peers take turns, the first one alternating, ` +
      "so the machine's noise falls on both alike. req/s is all measured requests over their " +
      "time; p50 and p99 are over every measured request's latency.",
    "- Ratios are Parley ÷ Waline: a req/s ratio above 1 and a p99 ratio below 1 favour " +
      `Parley. The goals (${goal.requestsPerSecond}× the requests/s, at most ⅓ of the p99) are ` +
      "the issue's, for list, counts and post.",
    "- Requests: the list is Parley's default page (20 roots with their replies) and " +
      "Waline's `GET /api/comment?path=/hot&pageSize=20` (its client's request; its page is " +
      "roots with all their replies); counts are `GET /api/counts` with 20 `page`s and " +
      "Waline's `GET /api/comment?type=count&url=…` with 20 paths; a post has a unique body, " +
      "author, email and address (`CF-Connecting-IP`, Waline `X-Forwarded-For`) each time, " +
      "to the 20 threads not listed or counted. Failed counts errors, timeouts, non-2xx " +
      "answers, Waline answers without `errno` 0, and answered posts not found in the " +
      "database afterwards.",
    "- Waline's settings: `IPQPS=-86400` (its per-address interval check; 0 still refuses " +
      "concurrent posts), `AKISMET_KEY=false`, `OAUTH_URL` a `data:` URL listing no services " +
      "(it fetches that list on every request), no `SECURE_DOMAINS`; everything else its " +
      "defaults (markdown rendered on read, user agent and region of each comment shown, " +
      "every SQL statement logged, here to a file). Parley's: site `bench`, moderation off, " +
      "rate limits far above the load.",
    "- Waline runs as its image runs it (a thinkjs master and one worker process), Parley in " +
      "one workerd process, the load generator beside them on the same cores; figures vary " +
      "between machines and with " +
      `other work on this one. Waline is installed by the bench into \`${walineFolder}\`.`,
  ].join("\n");
  await writeSection(path.join(root, "bench/RESULTS.md"), markdown, "peers");
  console.log("wrote bench/RESULTS.md");

  const failed = rows.filter((row) => row.parley.failures > 0 || row.waline.failures > 0);
  if (failed.length > 0) {
    console.error(`bench: failed requests in: ${failed.map((r) => r.scenario.name).join(", ")}`);
    process.exitCode = 1;
  }
}

await main();
