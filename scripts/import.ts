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
 * one transaction on the server (importers/send-import.ts, shared with the desk). Progress is saved beside the file; running the same
 * command again after an interruption continues where it stopped (and, since imports are
 * idempotent, a chunk sent twice adds nothing).
 */
import { SingleBar, Presets } from "cli-progress";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { detectFormatOfBytes } from "../importers/convert";
import { describeImport } from "../importers/dry-run-report";
import {
  importFormats,
  isImportFormat,
  readImportFile,
  serverRefusals,
  type ImportFile,
  type ImportFormat,
} from "../importers/import-file";
import { parsePageMap } from "../importers/pages";
import {
  chunkThreads,
  countComments,
  defaultChunkSize,
  freshProgress,
  importFingerprint,
  ImportStoppedError,
  sendChunks,
  type ImportProgress,
} from "../importers/send-import";

const { values: args } = parseArgs({
  options: {
    site: { type: "string" },
    file: { type: "string" },
    url: { type: "string", default: "http://localhost:8787" },
    format: { type: "string" },
    pingbacks: { type: "boolean", default: false },
    "chunk-size": { type: "string", default: String(defaultChunkSize) },
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

const bytes = new Uint8Array(readFileSync(file));
const formatNames = importFormats.join("|");
const format =
  args.format ??
  (await detectFormatOfBytes(bytes).catch((error: Error) => fail(error.message))) ??
  fail(`Cannot tell the export's format; give --format ${formatNames}.`);
if (!isImportFormat(format)) fail(`Unknown --format ${format}; use ${formatNames}.`);
const started = Date.now();

const { threads, skippedComments } = await parse(format);
const skippedLocally = skippedComments.length;
if (dryRun) {
  const refused = serverRefusals(threads).map((line) => `  ${line}`);
  console.log(
    [
      ...describeImport(format, threads, skippedComments),
      ...(refused.length > 0 ? ["", "The server would refuse:", ...refused] : []),
    ].join("\n"),
  );
  process.exit(0);
}
const chunks = chunkThreads(threads, chunkSize);
const total = countComments(threads);

const statePath = `${file}.parley-import.json`;
const resumeKey = await importFingerprint(bytes, { site, url: args.url, chunkSize, format });
const state = loadState();
if (state.done > 0) console.log(`Resuming after ${state.done} of ${chunks.length} chunks.`);

const bar = new SingleBar(
  { format: "Importing [{bar}] {percentage}% | {value}/{total} comments | chunk {chunk}/{chunks}" },
  Presets.shades_classic,
);
bar.start(total, countComments(chunks.slice(0, state.done).flat()), {
  chunk: state.done,
  chunks: chunks.length,
});

const endpoint = new URL(
  `/api/mod/import?site=${encodeURIComponent(site)}&format=parley`,
  args.url,
);
const finalState = await sendChunks(chunks, state, {
  post: (body, signal) =>
    fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body,
      signal,
    }),
  onChunk(progress) {
    // Written aside and renamed, so an interruption never leaves half a progress file.
    writeFileSync(`${statePath}.tmp`, JSON.stringify({ ...progress, resumeKey }));
    renameSync(`${statePath}.tmp`, statePath);
    bar.update(countComments(chunks.slice(0, progress.done).flat()), { chunk: progress.done });
  },
}).catch((error: unknown) => {
  bar.stop();
  if (!(error instanceof ImportStoppedError)) throw error;
  return fail(
    error.retryable ? `${error.message} Run the same command again to resume.` : error.message,
  );
});
bar.stop();
rmSync(statePath, { force: true });

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `Done in ${seconds} s: ${finalState.comments} comments added in ${finalState.threads} new threads; ` +
    `${skippedLocally + finalState.skipped} skipped (spam, deleted, pingbacks, orphans); ` +
    `${total - finalState.comments - finalState.skipped} were already there.`,
);

async function parse(kind: ImportFormat): Promise<ImportFile> {
  try {
    return await readImportFile(bytes, site, kind, {
      includePingbacks: args.pingbacks,
      timeZone: args.timezone,
      pageMap: args.map ? parsePageMap(readFileSync(args.map, "utf8")) : undefined,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function loadState(): ImportProgress {
  if (!existsSync(statePath)) return freshProgress();
  try {
    const saved = JSON.parse(readFileSync(statePath, "utf8"));
    return saved.resumeKey === resumeKey ? { ...freshProgress(), ...saved } : freshProgress();
  } catch {
    return freshProgress(); // unreadable: start over (imports are idempotent, so nothing doubles)
  }
}
