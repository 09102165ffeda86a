/** Writes the bench's own section of bench/RESULTS.md, leaving other sections alone. */
import { readFile, writeFile } from "node:fs/promises";
import * as prettier from "prettier";

export interface ScenarioResult {
  name: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  non2xx: number;
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
}

export interface RunInfo {
  date: string;
  mode: string;
  machine: string;
  node: string;
  wrangler: string;
  miniflare: string;
  loadBefore: string;
  connections: number;
  seeded: string;
  seedSeconds: number;
  databaseBytes: number;
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);

export function toMarkdown(info: RunInfo, results: ScenarioResult[]): string {
  const header =
    "| scenario | requests | req/s | p50 ms | p90 ms | p99 ms | errors | non-2xx | D1 round trips/req | rows read/req | rows written/req |";
  const rule = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  const rows = results.map((r) =>
    [
      r.name,
      r.requests,
      Math.round(r.requestsPerSecond),
      r.p50,
      r.p90,
      r.p99,
      r.errors,
      r.non2xx,
      fixed(r.roundTrips),
      fixed(r.rowsRead),
      fixed(r.rowsWritten),
    ].join(" | "),
  );
  return [
    "## API (`npm run bench`)",
    "",
    `Measured ${info.date} (${info.mode} run) on ${info.machine}, Node ${info.node}, ` +
      `wrangler ${info.wrangler} (Miniflare ${info.miniflare}, load sent to the Worker's ` +
      `own socket, no \`wrangler dev\` proxy), ${info.connections} connections over ` +
      `loopback. Load average before the run: ${info.loadBefore}.`,
    "",
    `Seeded through the import API: ${info.seeded} (${fixed(info.seedSeconds)} s); the ` +
      `database is then ${fixed(info.databaseBytes / 1024 / 1024)} MB as D1 reports it ` +
      `(\`meta.size_after\`), indexes included.`,
    "",
    header,
    rule,
    ...rows.map((row) => `| ${row} |`),
    "",
    "- Latency and requests/s are the Worker plus local D1 (SQLite in workerd, its file on",
    "  tmpfs) on this machine, with the load generator sharing its cores; they vary between",
    "  machines and with other work on the machine (a load average near or above the core",
    "  count means other processes shared the cores), so compare commits on the same machine",
    "  only.",
    "- D1 round trips and rows read/written are counted from each result's `meta` by a",
    "  metered copy of the Worker (bench/instrumented-worker.ts), a few requests of each",
    "  scenario sent one at a time: what D1 bills, the same on every machine.",
  ].join("\n");
}

/**
 * Replaces one measurement's section of RESULTS.md (between `<!-- name:start -->` and
 * `<!-- name:end -->`), leaving the others as they are, or appends it.
 */
export async function writeSection(file: string, markdown: string, name = "bench"): Promise<void> {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = await readFile(file, "utf8").catch(() => "");
  const section = `${start}\n${markdown}\n${end}`;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + section + current.slice(to + end.length)
      : `${current.trimEnd()}${current ? "\n\n" : ""}${section}\n`;
  // Formatted like every other file, so `npm run format:check` stays clean after a run.
  const options = await prettier.resolveConfig(file);
  await writeFile(file, await prettier.format(next, { ...options, filepath: file }));
}
