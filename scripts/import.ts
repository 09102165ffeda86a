/**
 * Command-line importer for exports too large for one request:
 *
 *   MODERATOR_TOKEN=… npm run import -- --site blog --file export.xml [--url https://comments.example.com]
 *     [--format wordpress|disqus|waline|twikoo|artalk|remark42|commento|parley]
 *     [--timezone Asia/Shanghai] [--map pages.json] [--dry-run]
 *
 * `--dry-run` converts and checks everything, prints per thread what would be imported and
 * every comment left out with its reason, and sends nothing (no token needed).
 * `--timezone` places times the source wrote without an offset (Waline on SQLite, Artalk);
 * `--map` is a JSON object from page identities in the export to Parley thread keys.
 *
 * Converts the export here (importers/: the Worker reads no format but its own), then sends it to
 * POST /api/mod/import in chunks of whole threads (Parley's JSON format), so every chunk is
 * one transaction on the server. Progress is saved beside the file; running the same
 * command again after an interruption continues where it stopped (and, since imports are
 * idempotent, a chunk sent twice adds nothing).
 */
import { SingleBar, Presets } from "cli-progress";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { detectFormat, foreignFormats, readExport, type ForeignFormat } from "../importers/convert";
import { describeImport } from "../importers/dry-run-report";
import { readExportBytes } from "../importers/export-file";
import { parsePageMap } from "../importers/pages";
import { toParleyThreads } from "../importers/to-parley";
import type { SkippedComment } from "../importers/types";
import {
  parleyExportSchema,
  parleyThreadSchema,
  type ParleyThread,
} from "../worker/schemas/parley-format";

const { values: args } = parseArgs({
  options: {
    site: { type: "string" },
    file: { type: "string" },
    url: { type: "string", default: "http://localhost:8787" },
    format: { type: "string" },
    pingbacks: { type: "boolean", default: false },
    "chunk-size": { type: "string", default: "1000" },
    timezone: { type: "string" },
    map: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`[parley import] ${message}`);
  process.exit(1);
}

const dryRun = args["dry-run"];
const token = dryRun
  ? ""
  : (process.env.MODERATOR_TOKEN ?? fail("Set MODERATOR_TOKEN in the environment."));
const site = args.site ?? fail("Give --site <site id>.");
const file = args.file ?? fail("Give --file <export file>.");
if (!existsSync(file)) fail(`No such file: ${file}`);
const chunkSize = Number(args["chunk-size"]);
if (!Number.isInteger(chunkSize) || chunkSize < 1)
  fail("--chunk-size must be a positive whole number.");

const text = await readExportBytes(readFileSync(file)).catch((error: Error) => fail(error.message));
const formatNames = [...foreignFormats, "parley"].join("|");
const format =
  args.format ??
  detectFormat(text) ??
  fail(`Cannot tell the export's format; give --format ${formatNames}.`);
const started = Date.now();

const { threads, skippedComments } = await parse(format, text);
const skippedLocally = skippedComments.length;
if (dryRun) {
  console.log(
    [...describeImport(format, threads, skippedComments), ...refusals(threads)].join("\n"),
  );
  process.exit(0);
}
const chunks = chunkThreads(threads, chunkSize);
const total = chunks.reduce((sum, chunk) => sum + countComments(chunk), 0);

const fileHash = createHash("sha256").update(text).digest("hex");
const statePath = `${file}.parley-import.json`;
const resumeKey = JSON.stringify({ fileHash, site, url: args.url, chunkSize, format });
const state = loadState();
if (state.done > 0) console.log(`Resuming after ${state.done} of ${chunks.length} chunks.`);

const bar = new SingleBar(
  { format: "Importing [{bar}] {percentage}% | {value}/{total} comments | chunk {chunk}/{chunks}" },
  Presets.shades_classic,
);
const sentBefore = chunks
  .slice(0, state.done)
  .reduce((sum, chunk) => sum + countComments(chunk), 0);
bar.start(total, sentBefore, { chunk: state.done, chunks: chunks.length });

for (let index = state.done; index < chunks.length; index += 1) {
  const result = await sendChunk(chunks[index]!);
  state.done = index + 1;
  state.threads += result.threads;
  state.comments += result.comments;
  state.skipped += result.skipped;
  // Written aside and renamed, so an interruption never leaves half a progress file.
  writeFileSync(`${statePath}.tmp`, JSON.stringify({ ...state, resumeKey }));
  renameSync(`${statePath}.tmp`, statePath);
  bar.increment(countComments(chunks[index]!), { chunk: index + 1 });
}
bar.stop();
rmSync(statePath, { force: true });

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `Done in ${seconds} s: ${state.comments} comments added in ${state.threads} new threads; ` +
    `${skippedLocally + state.skipped} skipped (spam, deleted, pingbacks, orphans); ` +
    `${total - state.comments - state.skipped} were already there.`,
);

async function parse(
  kind: string,
  source: string,
): Promise<{ threads: ParleyThread[]; skippedComments: SkippedComment[] }> {
  if (kind === "parley") {
    const parsed = parleyExportSchema.safeParse(JSON.parse(source));
    if (!parsed.success) fail(`Not a Parley export: ${parsed.error.issues[0]?.message}`);
    return { threads: parsed.data.threads, skippedComments: [] };
  }
  if (!(foreignFormats as readonly string[]).includes(kind)) {
    fail(`Unknown --format ${kind}; use ${formatNames}.`);
  }
  try {
    const result = readExport(kind as ForeignFormat, source, {
      includePingbacks: args.pingbacks,
      timeZone: args.timezone,
      pageMap: args.map ? parsePageMap(readFileSync(args.map, "utf8")) : undefined,
    });
    const threads = await toParleyThreads(site, result);
    return { threads, skippedComments: result.skippedComments };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** What the server would refuse, found before anything is sent: the import's own rules. */
function refusals(all: ParleyThread[]): string[] {
  const lines: string[] = [];
  for (const thread of all) {
    const checked = parleyThreadSchema.safeParse(thread);
    for (const issue of checked.success ? [] : checked.error.issues) {
      lines.push(`  thread ${thread.key}: ${issue.path.join(".")}: ${issue.message}`);
    }
  }
  return lines.length > 0 ? ["", "The server would refuse:", ...lines] : [];
}

/** Whole threads per chunk (a thread's replies need their parents in the same request). */
function chunkThreads(all: ParleyThread[], size: number): ParleyThread[][] {
  const result: ParleyThread[][] = [];
  let current: ParleyThread[] = [];
  let count = 0;
  for (const thread of all) {
    if (current.length > 0 && count + thread.comments.length > size) {
      result.push(current);
      current = [];
      count = 0;
    }
    current.push(thread);
    count += thread.comments.length;
  }
  if (current.length > 0) result.push(current);
  return result;
}

function countComments(chunk: ParleyThread[]): number {
  return chunk.reduce((sum, thread) => sum + thread.comments.length, 0);
}

function loadState() {
  const fresh = { done: 0, threads: 0, comments: 0, skipped: 0 };
  if (!existsSync(statePath)) return fresh;
  try {
    const saved = JSON.parse(readFileSync(statePath, "utf8"));
    return saved.resumeKey === resumeKey ? { ...fresh, ...saved } : fresh;
  } catch {
    return fresh; // unreadable: start over (imports are idempotent, so nothing doubles)
  }
}

/** Sends one chunk; retries network failures and 5xx answers with backoff, stops on 4xx. */
async function sendChunk(
  chunk: ParleyThread[],
): Promise<{ threads: number; comments: number; skipped: number }> {
  const body = JSON.stringify({ format: "parley", version: 1, threads: chunk });
  const endpoint = new URL(
    `/api/mod/import?site=${encodeURIComponent(site)}&format=parley`,
    args.url,
  );
  for (let attempt = 1; ; attempt += 1) {
    let response: Response | null = null;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body,
      });
    } catch (error) {
      if (attempt >= 5)
        fail(`Cannot reach ${args.url}: ${error instanceof Error ? error.message : error}`);
    }
    if (response?.ok)
      return (await response.json()) as { threads: number; comments: number; skipped: number };
    if (response && response.status < 500) {
      bar.stop();
      const answer = (await response.json().catch(() => null)) as {
        error?: { message?: string };
      } | null;
      fail(
        `The server refused a chunk (${response.status}): ${answer?.error?.message ?? response.statusText}`,
      );
    }
    if (attempt >= 5)
      fail(`The server kept failing (${response?.status}); run the same command again to resume.`);
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
  }
}
