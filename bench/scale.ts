/**
 * `npm run bench:scale [-- --sizes 1000,100000,1000000] [--requests 200] [--seconds 5]
 * [--rounds 2]`: how each route's cost grows with the archive. A site is grown through
 * Parley's own import (`POST /api/mod/import`, Parley's format, in chunks of whole families)
 * to each size, on a server of its own — 5% of it on one hot page (50,000 at a million),
 * 0.5% pending (5,000), the rest on pages of 50 — and every route is measured on each
 * (workerd, a local D1 on disk, the read cache off), the sizes taking turns round by round:
 * rows read and written (D1's meta), that server's workerd CPU and p50/p99 over requests
 * sent one at a time, and requests/s with 4 in flight. Writes bench/SCALE.md with the
 * growth factor from the smallest size to the largest.
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { percentile } from "./latency";
import { workerdCpuNanoseconds } from "./process-stats";
import { get, list, post, counts, type Scenario } from "./scenarios";
import { hotKey, importThreads, moderatorHeaders, putBenchSite, site } from "./seed";
import { seedThread, type SeedThread } from "./seed-data";
import { startServer, type BenchServer } from "./server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argument = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const sizes = argument("--sizes", "1000,100000,1000000").split(",").map(Number);
const requests = Number(argument("--requests", "200"));
const seconds = Number(argument("--seconds", "5"));
/** Each route is measured this many times at each size; the best of each timing is kept. */
const rounds = Number(argument("--rounds", "2"));
const inFlight = 4;
const origin = "https://blog.example";
const start = new Date("2024-01-01T00:00:00.000Z");

/** How a site of `size` comments is made up; every part a multiple of 10 (whole families). */
function shape(size: number) {
  const tens = (n: number) => Math.floor(n / 10) * 10;
  const hot = tens(size * 0.05);
  const pending = tens(size * 0.005);
  return { hot, pending, pages: Math.floor((size - hot - pending) / 50) };
}

/** The threads that grow the site from `from` comments to `to`, in whole families. */
function growth(from: number, to: number): SeedThread[] {
  const [before, after] = [shape(from), shape(to)];
  const threads: SeedThread[] = [];
  for (let offset = before.hot; offset < after.hot; offset += 1000) {
    const count = Math.min(1000, after.hot - offset);
    const at = new Date(start.getTime() + offset * 60_000);
    threads.push(seedThread({ key: hotKey, origin, count, start: at, idOffset: offset }));
  }
  const pendingCount = after.pending - before.pending;
  if (pendingCount > 0) {
    const at = new Date(start.getTime() + 86_400_000 * 3650);
    const offset = 10_000_000 + before.pending;
    threads.push(
      seedThread({
        key: hotKey,
        origin,
        count: pendingCount,
        start: at,
        status: "pending",
        idOffset: offset,
      }),
    );
  }
  for (let page = before.pages; page < after.pages; page += 1) {
    const at = new Date(start.getTime() + page * 50 * 60_000);
    threads.push(seedThread({ key: `/post-${page + 1}`, origin, count: 50, start: at }));
  }
  return threads;
}

/** The few fields of the Worker's answers the routes below are built from. */
interface Listed {
  comments: { id: string; replies: { replies: { id: string }[] }[] }[];
  nextCursor: string | null;
}

async function json(server: BenchServer, pathname: string): Promise<Listed> {
  const res = await fetch(new URL(pathname, server.url), { headers: moderatorHeaders });
  if (!res.ok) throw new Error(`bench:scale: ${pathname} answered ${res.status}`);
  return (await res.json()) as Listed;
}

/**
 * Posts from networks no earlier size used (an IPv6 /64 each): the attempt limits count a
 * network's attempts of the day, which would otherwise grow with the run, not the archive.
 */
function fromNewNetworks(next: Scenario["request"], sizeIndex: number): Scenario["request"] {
  let sent = 0;
  return () => {
    const request = next();
    sent += 1;
    const address = `2001:db8:${sizeIndex}:${sent.toString(16)}::1`;
    return { ...request, headers: { ...request.headers, "CF-Connecting-IP": address } };
  };
}

/** The routes measured, with ids found on the site as it now is. */
async function routes(server: BenchServer, run: string, sizeIndex: number): Promise<Scenario[]> {
  const first = await json(server, list(hotKey, "&limit=1"));
  const rootId = first.comments[0]!.id;
  const deepId = first.comments[0]!.replies[0]!.replies[0]!.id;
  const mod = (query: string) =>
    get(`/api/mod/comments?site=${site}&limit=50${query}`, moderatorHeaders);
  const pages = Array.from({ length: 19 }, (_, n) => `/post-${n + 1}`);
  return [
    { name: "list the hot page, oldest first", request: get(list(hotKey)) },
    { name: "list the hot page, newest first", request: get(list(hotKey, "&sort=newest")) },
    { name: "list the hot page, best first", request: get(list(hotKey, "&sort=best")) },
    {
      name: "list the hot page from a cursor",
      request: get(
        list(hotKey, `&cursor=${(await json(server, list(hotKey, "&limit=2"))).nextCursor}`),
      ),
    },
    { name: "list a page of 50", request: get(list("/post-1")) },
    { name: "counts of 20 pages", request: get(counts([hotKey, ...pages])) },
    { name: "one comment with its replies", request: get(`/api/comments/${rootId}`) },
    {
      name: "a comment's context, best first",
      request: get(`/api/comments/${deepId}/context?sort=best`),
    },
    { name: "a root's replies", request: get(`/api/comments/${rootId}/replies`) },
    { name: "post a comment", request: fromNewNetworks(post(run, pages.slice(2, 10)), sizeIndex) },
    {
      name: "the desk's counts",
      request: get(`/api/mod/comments/counts?site=${site}`, moderatorHeaders),
    },
    { name: "the queue, pending", request: mod("&status=pending") },
    { name: "the queue, every status", request: mod("") },
    { name: "the queue, reported", request: mod("&status=reported") },
    { name: "the queue, a page of 50 among thousands", request: mod("&page=/post-1") },
    { name: "the queue, a search that matches nothing", request: mod("&q=zebra") },
    { name: "the site's feed", request: get(`/feeds/${site}.atom`) },
  ];
}

interface Figures {
  rowsRead: number;
  rowsWritten: number;
  cpuMs: number;
  p50: number;
  p99: number;
  perSecond: number;
}

async function send(server: BenchServer, scenario: Scenario): Promise<void> {
  const request = scenario.request();
  const res = await fetch(new URL(request.path, server.url), request);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`bench:scale: ${scenario.name} answered ${res.status}`);
}

async function measure(server: BenchServer, scenario: Scenario): Promise<Figures> {
  await server.instrumentedFetch("/__bench/d1");
  const metered = scenario.request();
  await (await server.instrumentedFetch(metered.path, metered)).arrayBuffer();
  const d1 = await (await server.instrumentedFetch("/__bench/d1")).json();
  for (let n = 0; n < 20; n += 1) await send(server, scenario);
  const latencies: number[] = [];
  const cpuBefore = workerdCpuNanoseconds(server.workerdPids);
  for (let n = 0; n < requests; n += 1) {
    const at = performance.now();
    await send(server, scenario);
    latencies.push(performance.now() - at);
  }
  const cpuMs = (workerdCpuNanoseconds(server.workerdPids) - cpuBefore) / 1e6 / requests;
  latencies.sort((a, b) => a - b);
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        await send(server, scenario);
        done += 1;
      }
    }),
  );
  return {
    rowsRead: d1.rowsRead,
    rowsWritten: d1.rowsWritten,
    cpuMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: done / seconds,
  };
}

/** The best of several measurements: a shared machine only ever makes a timing worse. */
function best(all: Figures[]): Figures {
  const least = (pick: (f: Figures) => number) => Math.min(...all.map(pick));
  return {
    ...all[0]!,
    cpuMs: least((f) => f.cpuMs),
    p50: least((f) => f.p50),
    p99: least((f) => f.p99),
    perSecond: Math.max(...all.map((f) => f.perSecond)),
  };
}

const round = (value: number, digits = 1) => value.toFixed(digits);

function report(
  results: Map<string, Figures[]>,
  grown: { size: number; seconds: number }[],
): string {
  const each = (figures: Figures[], pick: (f: Figures) => number, digits = 1) =>
    figures.map((f) => round(pick(f), digits)).join(" / ");
  const factor = (figures: Figures[], pick: (f: Figures) => number) =>
    round(pick(figures.at(-1)!) / Math.max(pick(figures[0]!), 1e-9), 2);
  const rows = [...results].map(([name, figures]) =>
    [
      name,
      each(figures, (f) => f.rowsRead, 0),
      each(figures, (f) => f.rowsWritten, 0),
      each(figures, (f) => f.cpuMs, 2),
      each(figures, (f) => f.p50),
      each(figures, (f) => f.p99),
      each(figures, (f) => f.perSecond, 0),
      `${factor(figures, (f) => f.rowsRead)} · ${factor(figures, (f) => f.cpuMs)} · ${factor(figures, (f) => f.p99)} · ${factor(figures, (f) => 1 / f.perSecond)}`,
    ].join(" | "),
  );
  const cpu = cpus();
  return [
    "# Cost per request as the archive grows (`npm run bench:scale`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpu[0]?.model.trim()} × ${cpu.length} cores, Node ${process.version}; load average before: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(", ")}.`,
    `Sizes (comments, grown through \`POST /api/mod/import\`, seconds to grow): ${grown.map((g) => `${g.size.toLocaleString("en")} (${round(g.seconds, 0)} s)`).join(", ")}.`,
    `Each cell is smallest / … / largest. CPU: the workerd process per request (local SQLite included), ${requests} requests one at a time after 20; p50/p99 of those; req/s with ${inFlight} in flight for ${seconds} s; each the best of ${rounds} rounds, the sizes taking turns within each round (one server per size, side by side), so other work on the machine falls on every size alike. The read cache is off.`,
    "Growth: largest ÷ smallest for rows read · CPU · p99 · time per request under load (1/req/s).",
    "",
    "| route | rows read | rows written | CPU ms | p50 ms | p99 ms | req/s | growth |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row) => `| ${row} |`),
    "",
  ].join("\n");
}

/** One server per size, each grown from empty to its size through the import. */
async function growServers(servers: { size: number; server: BenchServer }[]) {
  const grown: { size: number; seconds: number }[] = [];
  for (const size of sizes) {
    const server = await startServer(root, { bindings: { READ_CACHE_SECONDS: "0" } });
    servers.push({ size, server });
    await putBenchSite(server.url);
    const at = performance.now();
    await importThreads(server.url, growth(0, size));
    grown.push({ size, seconds: (performance.now() - at) / 1000 });
    console.log(`grown to ${size} comments in ${round(grown.at(-1)!.seconds, 0)} s`);
  }
  return grown;
}

async function main() {
  const servers: { size: number; server: BenchServer }[] = [];
  try {
    const grown = await growServers(servers);
    const scenarios = await Promise.all(
      servers.map(({ size, server }, index) => routes(server, `s${size}`, index + 1)),
    );
    // Each route is measured round by round at every size in turn, so whatever else the
    // machine is doing falls on all sizes alike: the growth factor compares like with like.
    const results = new Map<string, Figures[]>();
    for (const [routeIndex, { name }] of scenarios[0]!.entries()) {
      const measured: Figures[][] = servers.map(() => []);
      for (let n = 0; n < rounds; n += 1) {
        for (const [index, { server }] of servers.entries()) {
          measured[index]!.push(await measure(server, scenarios[index]![routeIndex]!));
        }
      }
      results.set(name, measured.map(best));
      console.log(`${name}: ${JSON.stringify(results.get(name))}`);
    }
    const file = path.join(root, "bench/SCALE.md");
    const options = await prettier.resolveConfig(file);
    await writeFile(
      file,
      await prettier.format(report(results, grown), { ...options, filepath: file }),
    );
  } finally {
    await Promise.all(servers.map(({ server }) => server.close()));
  }
}

await main();
