/**
 * Command-line importer for exports too large for one request; `--help` prints its usage
 * (the `usage` text below). Converts the export here (importers/: the Worker reads no
 * format but its own), then sends it to POST /api/mod/import in chunks of whole threads
 * (Parley's JSON format), so every chunk is one transaction on the server (importers/
 * send-import.ts, shared with the desk). Progress is
 * saved beside the file; running the same command again after an interruption continues
 * where it stopped (and, since imports are idempotent, a chunk sent twice adds nothing).
 * giscus and utterances have no file: their comments are read from GitHub's API, and
 * progress is saved in the working directory, named after the repository.
 */
import { SingleBar, Presets } from "cli-progress";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  detectFormatOfBytes,
  readGitHubComments,
  type ConvertOptions,
  type GitHubFormat,
} from "../importers/convert";
import { describeImport } from "../importers/dry-run-report";
import {
  convertedFile,
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

const usage = `Usage:
  MODERATOR_TOKEN=… npm run import -- --site <site id> --file <export> [options]
  MODERATOR_TOKEN=… npm run import -- --site <site id> --format giscus|utterances \\
      --repo <owner/name> --token <GitHub token> [--category <name>] [options]

Reads another comment system's export (or a Parley export), converts it on this machine,
and sends it to a Parley Worker in chunks of whole threads. Running it again adds nothing;
an interrupted run continues where it stopped.

Options:
  --site <id>          the Parley site to import into (required)
  --file <path>        the export file: WordPress or Disqus XML, Waline, Valine/LeanCloud,
                       Twikoo, Artalk, Remark42 (.gz), Commento/Comentario (.json.gz) JSON,
                       an Isso or Cusdis SQLite database, or a Parley export
  --format <name>      wordpress, disqus, waline, twikoo, artalk, remark42, commento,
                       isso, cusdis, parley (detected from the file when omitted);
                       giscus or utterances (no --file: read from GitHub)
  --url <url>          the Worker's address (default http://localhost:8787)
  --dry-run            print what would be imported and what would be left out; send nothing
  --timezone <zone>    IANA zone of times the source wrote without an offset (Waline on SQLite, Artalk)
  --map <file.json>    page identities in the export → Parley thread keys or URLs
  --project <id|title> Cusdis: the project (site) to import when the database holds several
  --pingbacks          WordPress: import pingbacks and trackbacks too
  --chunk-size <n>     comments per request (default 1000)
  --repo <owner/name>  giscus/utterances: the GitHub repository holding the comments
  --token <token>      giscus/utterances: a GitHub token that can read it (or GITHUB_TOKEN)
  --category <name>    giscus: only discussions in this category
  --github-api <url>   giscus/utterances on GitHub Enterprise Server: https://HOST/api/v3
  --help               this text

MODERATOR_TOKEN (the owner's token) is needed unless --dry-run.`;

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
    project: { type: "string" },
    repo: { type: "string" },
    token: { type: "string" },
    category: { type: "string" },
    "github-api": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(usage);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`[parley import] ${message}`);
  process.exit(1);
}

const dryRun = args["dry-run"];
const token = dryRun
  ? ""
  : (process.env.MODERATOR_TOKEN ?? fail("Set MODERATOR_TOKEN in the environment."));
const site = args.site ?? fail("Give --site <site id> (--help for usage).");
const fromGitHub = args.format === "giscus" || args.format === "utterances";
const file = fromGitHub
  ? null
  : (args.file ?? fail("Give --file <export file> (--help for usage)."));
if (file !== null && !existsSync(file)) fail(`No such file: ${file}`);
const chunkSize = Number(args["chunk-size"]);
if (!Number.isInteger(chunkSize) || chunkSize < 1)
  fail("--chunk-size must be a positive whole number.");

const bytes = file === null ? null : new Uint8Array(readFileSync(file));
const formatNames = [...importFormats, "giscus", "utterances"].join("|");
const format =
  args.format ??
  (await detectFormatOfBytes(bytes!).catch((error: Error) => fail(error.message))) ??
  fail(`Cannot tell the export's format; give --format ${formatNames}.`);
if (!fromGitHub && !isImportFormat(format)) fail(`Unknown --format ${format}; use ${formatNames}.`);
const started = Date.now();

const { threads, skippedComments, likes } = await parse(format);
const skippedLocally = skippedComments.length;
if (dryRun) {
  const refused = serverRefusals(threads).map((line) => `  ${line}`);
  console.log(
    [
      ...describeImport(format, threads, skippedComments, likes),
      ...(refused.length > 0 ? ["", "The server would refuse:", ...refused] : []),
    ].join("\n"),
  );
  process.exit(0);
}
const chunks = chunkThreads(threads, chunkSize);
const total = countComments(threads);

// A repository has no file to keep progress beside: it goes in the working directory.
const statePath = `${file ?? `${args.repo!.replace(/\W+/g, "-")}-${format}`}.parley-import.json`;
const resumeKey = await importFingerprint(bytes ?? new TextEncoder().encode(args.repo), {
  site,
  url: args.url,
  chunkSize,
  format,
});
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

async function parse(kind: string): Promise<ImportFile> {
  try {
    const options: ConvertOptions = {
      includePingbacks: args.pingbacks,
      timeZone: args.timezone,
      pageMap: args.map ? parsePageMap(readFileSync(args.map, "utf8")) : undefined,
      project: args.project,
    };
    return fromGitHub
      ? await convertedFile(site, await readFromGitHub(kind as GitHubFormat, options))
      : await readImportFile(bytes!, site, kind as ImportFormat, options);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** giscus and utterances: the repository's Discussions or Issues, through GitHub's API. */
function readFromGitHub(kind: GitHubFormat, options: ConvertOptions) {
  const repository = args.repo ?? fail(`Give --repo <owner/name> for ${kind}.`);
  const gitHubToken =
    args.token ?? process.env.GITHUB_TOKEN ?? fail(`Give --token <GitHub token> for ${kind}.`);
  return readGitHubComments(
    {
      format: kind,
      repository,
      token: gitHubToken,
      category: args.category,
      apiUrl: args["github-api"],
      wait: (milliseconds, why) => {
        console.error(`[parley import] ${why}: waiting ${Math.ceil(milliseconds / 1000)} s.`);
        return new Promise((done) => setTimeout(done, milliseconds));
      },
    },
    options,
  );
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
