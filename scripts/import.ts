/**
 * Command-line importer for exports too large for one request; `--help` prints its usage
 * (the `usage` text below). Converts the export here (importers/: the Worker reads no
 * format but its own), then sends it to POST /api/mod/import in chunks of whole threads
 * (Parley's JSON format), so every chunk is one transaction on the server. Progress is
 * saved beside the file; running the same command again after an interruption continues
 * where it stopped (and, since imports are idempotent, a chunk sent twice adds nothing).
 * giscus and utterances have no file: their comments are read from GitHub's API, and
 * progress is saved in the working directory, named after the repository.
 */
import { SingleBar, Presets } from "cli-progress";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  detectFormatOfBytes,
  foreignFormats,
  readExportFromBytes,
  readGitHubComments,
  type ConvertOptions,
  type ForeignFormat,
  type GitHubFormat,
} from "../importers/convert";
import { describeImport, likesInSource } from "../importers/dry-run-report";
import { readExportBytes } from "../importers/export-file";
import { parsePageMap } from "../importers/pages";
import { toParleyThreads } from "../importers/to-parley";
import type { ImportResult, SkippedComment } from "../importers/types";
import {
  parleyExportSchema,
  parleyThreadSchema,
  type ParleyThread,
} from "../worker/schemas/parley-format";

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
    "chunk-size": { type: "string", default: "1000" },
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
const formatNames = [...foreignFormats, "giscus", "utterances", "parley"].join("|");
const format =
  args.format ??
  (await detectFormatOfBytes(bytes!).catch((error: Error) => fail(error.message))) ??
  fail(`Cannot tell the export's format; give --format ${formatNames}.`);
const started = Date.now();

const { threads, skippedComments, likes } = await parse(format);
const skippedLocally = skippedComments.length;
if (dryRun) {
  console.log(
    [...describeImport(format, threads, skippedComments, likes), ...refusals(threads)].join("\n"),
  );
  process.exit(0);
}
const chunks = chunkThreads(threads, chunkSize);
const total = chunks.reduce((sum, chunk) => sum + countComments(chunk), 0);

const fileHash = createHash("sha256")
  .update(bytes ?? JSON.stringify(threads))
  .digest("hex");
const statePath = `${file ?? `${args.repo!.replace(/\W+/g, "-")}-${format}`}.parley-import.json`;
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
): Promise<{ threads: ParleyThread[]; skippedComments: SkippedComment[]; likes: number }> {
  if (kind === "parley") {
    const source = await readExportBytes(bytes!).catch((error: Error) => fail(error.message));
    const parsed = parleyExportSchema.safeParse(JSON.parse(source));
    if (!parsed.success) fail(`Not a Parley export: ${parsed.error.issues[0]?.message}`);
    return { threads: parsed.data.threads, skippedComments: [], likes: 0 };
  }
  if (!fromGitHub && !(foreignFormats as readonly string[]).includes(kind)) {
    fail(`Unknown --format ${kind}; use ${formatNames}.`);
  }
  try {
    const options = {
      includePingbacks: args.pingbacks,
      timeZone: args.timezone,
      pageMap: args.map ? parsePageMap(readFileSync(args.map, "utf8")) : undefined,
      project: args.project,
    };
    const result = fromGitHub
      ? await readFromGitHub(kind as GitHubFormat, options)
      : await readExportFromBytes(bytes!, kind as ForeignFormat, options);
    const threads = await toParleyThreads(site, result);
    return { threads, skippedComments: result.skippedComments, likes: likesInSource(result) };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

/** giscus and utterances: the repository's Discussions or Issues, through GitHub's API. */
function readFromGitHub(kind: GitHubFormat, options: ConvertOptions): Promise<ImportResult> {
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
