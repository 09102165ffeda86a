/**
 * What `npm run bench:peers` reports: the scenarios' table (Parley beside Waline), the
 * floors' table, and the issue's goals, each with the ratio measured and whether it is met;
 * and the markdown of its section of bench/RESULTS.md.
 */
import type { Summary } from "./peer-load";
import type { Kind } from "./peer-servers";

export interface PeerScenario {
  /** How the goals find the row. */
  id: "list" | "counts" | "post" | "list-cached" | "counts-cached";
  name: string;
  kind: Kind;
  /**
   * Bindings of the Parley that serves this row (e.g. a cache switched on); each distinct
   * set gets its own server, seeded alike. Waline is the same on every row.
   */
  parleyBindings?: Record<string, string>;
  /** A floor loaded in the same turns: Parley's `GET /healthz`, or one D1 INSERT. */
  floor?: "healthz" | "insert";
}

export interface Row {
  scenario: PeerScenario;
  parley: Summary;
  waline: Summary;
  floor: { name: string; summary: Summary } | null;
}

interface Goal {
  text: string;
  row: PeerScenario["id"];
  against: "waline" | "floor";
  /** Parley's req/s at least this many times the other's. */
  atLeast: number;
  /** And, when given, Parley's p99 at most this many times the other's. */
  p99AtMost?: number;
}

/** The architecture issue's goals for this bench. */
export const goals: Goal[] = [
  { text: "post ≥ 3× Waline's req/s", row: "post", against: "waline", atLeast: 3 },
  {
    text: "post ≥ 0.7× the floor Worker's (one D1 INSERT) req/s",
    row: "post",
    against: "floor",
    atLeast: 0.7,
  },
  {
    text: "uncached counts ≥ 0.8× the `GET /healthz` floor's req/s",
    row: "counts",
    against: "floor",
    atLeast: 0.8,
  },
  {
    text: "cached counts ≥ 10× Waline's req/s",
    row: "counts-cached",
    against: "waline",
    atLeast: 10,
  },
  {
    text: "list unchanged or better: still ≥ 3× Waline's req/s with p99 ≤ ⅓ of Waline's (its standing goal)",
    row: "list",
    against: "waline",
    atLeast: 3,
    p99AtMost: 1 / 3,
  },
];

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
export const ratio = (value: number) => (value >= 10 ? value.toFixed(1) : value.toFixed(2));
const perSecond = (summary: Summary) => Math.round(summary.requestsPerSecond);

export interface GoalResult {
  text: string;
  measured: string;
  met: boolean | null;
}

export function judge(rows: Row[]): GoalResult[] {
  return goals.map((goal) => {
    const row = rows.find((candidate) => candidate.scenario.id === goal.row);
    const other = goal.against === "waline" ? row?.waline : row?.floor?.summary;
    if (!row || !other || other.requestsPerSecond === 0) {
      return { text: goal.text, measured: "not measured", met: null };
    }
    const rps = row.parley.requestsPerSecond / other.requestsPerSecond;
    const p99 = row.parley.p99 / other.p99;
    const met = rps >= goal.atLeast && (goal.p99AtMost === undefined || p99 <= goal.p99AtMost);
    const measured =
      `${ratio(rps)}× (${perSecond(row.parley)} ÷ ${perSecond(other)} req/s)` +
      (goal.p99AtMost === undefined ? "" : `, p99 ${ratio(p99)}×`);
    return { text: goal.text, measured, met };
  });
}

const verdict = (met: boolean | null) => (met === null ? "—" : met ? "met" : "**not met**");

export function goalsTable(results: GoalResult[]): string {
  return [
    "| goal | measured (Parley ÷ other) | |",
    "| --- | --- | --- |",
    ...results.map(({ text, measured, met }) => `| ${text} | ${measured} | ${verdict(met)} |`),
  ].join("\n");
}

const cells = (values: (string | number)[]) => `| ${values.join(" | ")} |`;

export function scenarioTable(rows: Row[]): string {
  return [
    "| scenario | Parley req/s | Waline req/s | req/s ratio | Parley p50 / p99 ms | Waline p50 / p99 ms | p99 ratio | requests (P / W) | failed (P / W) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(({ scenario, parley, waline }) =>
      cells([
        scenario.name,
        perSecond(parley),
        perSecond(waline),
        `${ratio(parley.requestsPerSecond / waline.requestsPerSecond)}×`,
        `${ms(parley.p50)} / ${ms(parley.p99)}`,
        `${ms(waline.p50)} / ${ms(waline.p99)}`,
        `${ratio(parley.p99 / waline.p99)}×`,
        `${parley.requests} / ${waline.requests}`,
        `${parley.failures} / ${waline.failures}`,
      ]),
    ),
  ].join("\n");
}

export function floorTable(rows: Row[]): string {
  const floored = rows.filter((row) => row.floor);
  return [
    "| floor | loaded in turn with | req/s | p50 / p99 ms | Parley ÷ floor req/s | Parley ÷ floor p99 | requests | failed |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...floored.map(({ scenario, parley, floor }) =>
      cells([
        floor!.name,
        scenario.name,
        perSecond(floor!.summary),
        `${ms(floor!.summary.p50)} / ${ms(floor!.summary.p99)}`,
        `${ratio(parley.requestsPerSecond / floor!.summary.requestsPerSecond)}×`,
        `${ratio(parley.p99 / floor!.summary.p99)}×`,
        floor!.summary.requests,
        floor!.summary.failures,
      ]),
    ),
  ].join("\n");
}

/** One line per row for the console as the bench goes. */
export function rowLine(row: Row, said: string): string {
  const figures = (name: string, s: Summary) =>
    `${name} ${perSecond(s)} req/s, p50 ${ms(s.p50)} ms, p99 ${ms(s.p99)} ms, ` +
    `failed ${s.failures}${s.failures ? ` (${s.failedAs})` : ""}`;
  return [
    `${row.scenario.name} (${said}): ${figures("Parley", row.parley)}`,
    figures("Waline", row.waline),
    ...(row.floor ? [figures(row.floor.name, row.floor.summary)] : []),
  ].join("; ");
}

/** What failed where, if anything did (a run with failures also exits 1). */
function failureNotes(rows: Row[]): string[] {
  const notes = rows.flatMap((row) =>
    [
      ["Parley", row.parley] as const,
      ["Waline", row.waline] as const,
      ...(row.floor ? [[row.floor.name, row.floor.summary] as const] : []),
    ]
      .filter(([, summary]) => summary.failures > 0)
      .map(([name, summary]) => `- ${row.scenario.name}, ${name}: ${summary.failedAs}.`),
  );
  return notes.length ? ["Failed requests:", "", ...notes, ""] : [];
}

export interface RunInfo {
  quick: boolean;
  /** The CPU and its cores, Node's version. */
  machine: string;
  /** Which Parley: this checkout (its commit) or `--at`'s. */
  source: string;
  miniflare: string;
  wrangler: string;
  waline: string;
  walineFolder: string;
  loadBefore: string;
  loadAfter: string;
  /** Where both databases were, e.g. "on disk: /tmp, ext2/3/4". */
  storage: string;
  tmpfs: boolean;
  threads: number;
  comments: number;
  settings: { connections: number; warmup: number; warmupSeconds: number; amount: number };
  rounds: number;
  maxSeconds: number;
}

export function peersMarkdown(info: RunInfo, rows: Row[]): string {
  const perTurn = (value: number) => Math.round(value / info.rounds);
  const { connections, warmup, warmupSeconds, amount } = info.settings;
  return [
    info.tmpfs
      ? "## Peers, databases in memory (`npm run bench:peers -- --tmpfs`)"
      : "## Peers (`npm run bench:peers`)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} (${info.quick ? "quick" : "full"} run` +
      `${info.tmpfs ? ", `--tmpfs`" : ""}) on ${info.machine}, in one run: Parley from ` +
      `${info.source} on workerd through Miniflare ${info.miniflare} (wrangler ${info.wrangler}), ` +
      "local D1, as `npm run bench` serves it; Waline (`@waline/vercel`) " +
      `${info.waline} started as its Docker image starts it (\`node vanilla.js\`, thinkjs, ` +
      "SQLite through `sqlite3`) on the tables of Waline's own SQLite schema (see waline.ts). " +
      `**Databases ${info.storage}**, every server's alike. Load average before the ` +
      `measurements: ${info.loadBefore}; after: ${info.loadAfter}.`,
    "",
    `The same data on both: ${info.threads} threads, ${info.comments} approved comments; ` +
      "`/hot` has 200 (20 roots, each with a chain of five replies and four direct replies), " +
      "the others 20 each. Parley imported them through its API (`seed.ts`); Waline's rows " +
      "were inserted into `wl_Comment` as Waline stores them (root and parent ids, markdown " +
      "bodies, status `approved`). Before each scenario one request to each peer checked they " +
      "answer the same (the list 200 comments, the same 20 counts).",
    "",
    "### Goals",
    "",
    goalsTable(judge(rows)),
    "",
    "### Scenarios",
    "",
    scenarioTable(rows),
    "",
    "### Floors",
    "",
    floorTable(rows),
    "",
    ...failureNotes(rows),
    "- Floors, loaded in the same turns as the peers of their row: `GET /healthz` is " +
      'Parley\'s own (one trivial D1 query, `{"ok":true}`) on the uncached Parley, beside ' +
      "the uncached counts: no read that asks local D1 is served faster here. One INSERT is " +
      "a Hono Worker (`post-floor-worker.ts`) served as Parley is, on its own D1 on the same " +
      "storage, sent Parley's own post requests: it checks the fields it keeps are strings " +
      "and stores them in one row of a table without secondary indexes, beside the posts.",
    `- Load: autocannon over loopback, ${connections} connections, per server and ` +
      `scenario ${info.rounds} measurements of up to ${perTurn(amount)} requests ` +
      `or ${perTurn(info.maxSeconds)} s, each after a warm-up of ${warmup} requests ` +
      `(at most ${warmupSeconds} s); the servers of a row take turns, the first one rotating, ` +
      "so the machine's noise falls on all alike. req/s is all measured requests over their " +
      "time; p50 and p99 are over every measured request's latency.",
    "- Ratios are Parley ÷ the other: a req/s ratio above 1 and a p99 ratio below 1 favour " +
      "Parley. `list unchanged or better` has no earlier figure in the same run to compare " +
      "with, so it is held to the list's standing goal; compare commits with `-- --at REV`.",
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
    "- Waline runs as its image runs it (a thinkjs master and one worker process), Parley and " +
      "the INSERT floor each in one workerd process, the load generator beside them on the " +
      "same cores; figures vary between machines and with other work on this one. Waline is " +
      `installed by the bench into \`${info.walineFolder}\`.`,
  ].join("\n");
}
