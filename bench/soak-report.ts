/** The soak's report: the Markdown section of bench/SOAK.md, also printed. */
import type { Check } from "./soak-check";
import type { Ledger } from "./soak-ledger";
import type { RateResult, Tally } from "./soak-load";
import { kinds } from "./soak-requests";

export interface MemorySample {
  label: string;
  bytes: number;
}

export interface SoakReport {
  date: string;
  mode: string;
  machine: string;
  node: string;
  miniflare: string;
  loadBefore: string;
  loadAfter: string;
  /** Cores' worth of CPU during the soak: this run's processes and everything else's. */
  cores: { ours: number; others: number; of: number };
  note: string | null;
  seeded: string;
  capacity: number | null;
  warmupSeconds: number;
  rate: number;
  soak: RateResult;
  tally: Tally;
  /** Raw resident memory over the run. */
  memory: MemorySample[];
  /** After a forced collection in every isolate: resident memory and the Worker's JS heap. */
  settled: {
    warm: { bytes: number; workerHeap: number };
    end: { bytes: number; workerHeap: number };
    threshold: number;
  };
  checks: Check[];
  covered: ReturnType<Ledger["summary"]>;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const whole = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => (value < 10 ? value.toFixed(1) : Math.round(value).toString());

/** What makes the run fail: each a sentence, none when it passed. */
export function failures(report: SoakReport): string[] {
  const all = report.tally.summary();
  const { warm, end, threshold } = report.settled;
  return [
    ...report.checks
      .filter((check) => check.problems.length > 0)
      .map((check) => `${check.name}: ${check.problems.length} mismatches`),
    ...(all.serverErrors > 0 ? [`${all.serverErrors} answers were 5xx`] : []),
    ...(all.errors > 0 ? [`${all.errors} requests got no answer`] : []),
    ...(report.tally.unexpected.length > 0
      ? [`${report.tally.unexpected.length} answers contradicted the ledger or the contract`]
      : []),
    ...(end.bytes > warm.bytes * threshold
      ? [
          `workerd's memory after collection grew from ${mb(warm.bytes)} MB to ` +
            `${mb(end.bytes)} MB (limit ×${threshold})`,
        ]
      : []),
  ];
}

function trafficTable(tally: Tally): string[] {
  const row = (name: string, s: ReturnType<Tally["summary"]>) =>
    `| ${name} | ${whole(s.requests)} | ${whole(s.ok)} | ${whole(s.refused)} | ` +
    `${s.clientErrors.map(([status, n]) => `${status}: ${n}`).join(", ") || "0"} | ` +
    `${s.serverErrors} | ${s.errors} | ${ms(s.p50)} | ${ms(s.p99)} |`;
  return [
    "| requests | served | 2xx | 429 | other 4xx | 5xx | no answer | p50 ms | p99 ms |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ...kinds
      .filter((kind) => tally.kinds.has(kind))
      .map((kind) => row(kind, tally.summary([kind]))),
    row("**all**", tally.summary()),
  ];
}

export function toMarkdown(report: SoakReport): string {
  const { soak, tally, settled } = report;
  const all = tally.summary();
  const failed = failures(report);
  const problems = report.checks.flatMap((check) =>
    check.problems.map((p) => `${check.name}: ${p}`),
  );
  const details = [...tally.serverErrors, ...tally.noAnswer, ...problems, ...tally.unexpected];
  return [
    "## Soak (`npm run soak`)",
    "",
    `Measured ${report.date} (${report.mode} run) on ${report.machine}, Node ${report.node}, ` +
      `Miniflare ${report.miniflare}: the bundle on workerd on a fresh local D1 on tmpfs ` +
      `(bench/server.ts), read cache at its default (Miniflare's cache store on disk). ` +
      `Seeded: ${report.seeded}. Load average ` +
      `${report.loadBefore} before, ${report.loadAfter} after; during the soak this run used ` +
      `${report.cores.ours.toFixed(2)} and other processes ${report.cores.others.toFixed(2)} ` +
      `of the ${report.cores.of} cores.`,
    ...(report.note ? ["", report.note] : []),
    "",
    `**${failed.length === 0 ? "Passed" : "Failed"}**: ` +
      (failed.length === 0
        ? "nothing lost, no 5xx, every count matches, memory within its limit."
        : failed.join("; ") + "."),
    "",
    `Capacity of the mix (closed loop, 16 clients): ` +
      `${report.capacity === null ? "not measured (`--rate`)" : `${whole(report.capacity)} requests/s`}; ` +
      `target ${whole(report.rate)} requests/s, after a warm-up of ${report.warmupSeconds} s ` +
      `at that rate, for ${whole(soak.seconds)} s, open loop ` +
      `(latency from when each request was due). Achieved ${whole(all.requests / soak.seconds)} ` +
      `requests/s: ${whole(soak.sent)} of ${whole(soak.due)} due sent, ${whole(soak.shed)} shed.`,
    "",
    ...trafficTable(tally),
    "",
    "workerd's resident memory (VmRSS of the workerd Miniflare started), as it comes:",
    "",
    "| when | MB |",
    "| --- | ---: |",
    ...report.memory.map((sample) => `| ${sample.label} | ${mb(sample.bytes)} |`),
    "",
    `V8 collects lazily in each of workerd's isolates (the Worker's, Miniflare's D1 and ` +
      `cache layers), so the figure above climbs and falls with collections. After a forced ` +
      `collection in every isolate: ${mb(settled.warm.bytes)} MB after the warm-up, ` +
      `${mb(settled.end.bytes)} MB at the end (×${(settled.end.bytes / settled.warm.bytes).toFixed(2)}, ` +
      `limit ×${settled.threshold}); the Worker's own JS heap ${mb(settled.warm.workerHeap)} MB, ` +
      `then ${mb(settled.end.workerHeap)} MB.`,
    "",
    "Checked against the database afterwards, the ledger then holding " +
      `${whole(report.covered.posted)} comments the soak posted and the seeded ones: ` +
      `${whole(report.covered.approved)} approved, ${whole(report.covered.pending)} pending, ` +
      `${whole(report.covered.spam)} spam, ${whole(report.covered.rejected)} rejected, ` +
      `${whole(report.covered.tombstones)} tombstones, ${whole(report.covered.gone)} deleted ` +
      `and gone; ${whole(report.covered.likes)} likes standing; ` +
      `${whole(report.covered.heldByReports)} comments held by readers' reports on the way.`,
    "",
    "| check | compared | mismatches |",
    "| --- | ---: | ---: |",
    ...report.checks.map(
      (check) => `| ${check.name} | ${whole(check.checked)} | ${check.problems.length} |`,
    ),
    ...(details.length > 0
      ? ["", "First problems found:", "", ...details.slice(0, 20).map((line) => `- \`${line}\``)]
      : []),
  ].join("\n");
}
