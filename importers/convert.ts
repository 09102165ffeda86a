/**
 * Every foreign export Parley reads, converted where the file is: on the owner's machine by
 * `npm run import` (scripts/import.ts), or in the desk's browser tab. The Worker itself
 * takes only Parley's format, so none of the HTML, XML, JSON and SQLite parsing here is in
 * its bundle or its cold start.
 *
 * Files go in as bytes (`detectFormatOfBytes`, `readExportFromBytes`): text, gzip (Remark42,
 * Commento, Comentario) and SQLite databases (Isso, Cusdis) alike, told apart by their
 * first bytes. `detectFormat` and `readExport` are the text-only path underneath.
 */
import { isArtransExport, parseArtransExport } from "./artalk";
import { isCommentoExport, parseCommentoExport } from "./commento";
import { isCusdisDatabase, parseCusdisDatabase } from "./cusdis";
import { ImportFormatError } from "./errors";
import { readExportBytes } from "./export-file";
import { readGiscusDiscussions } from "./giscus";
import { GitHubClient, type GitHubClientOptions } from "./github-client";
import { isIssoDatabase, parseIssoDatabase } from "./isso";
import { readJsonValues } from "./json-records";
import type { PageMap } from "./pages";
import { isRemark42Backup, parseRemark42Backup } from "./remark42";
import { isSqliteFile, openSqlite } from "./sqlite";
import { checkTimeZone } from "./times";
import { toParleyThreads } from "./to-parley";
import { isTwikooExport, parseTwikooExport } from "./twikoo";
import type { ImportResult } from "./types";
import { readUtterancesIssues } from "./utterances";
import { isWalineExport, parseWalineExport } from "./waline";
import { parseDisqusExport } from "./disqus";
import { parseWordPressExport } from "./wordpress";
import type { ParleyThread } from "../worker/schemas/parley-format";

export const foreignFormats = [
  "wordpress",
  "disqus",
  "waline",
  "twikoo",
  "artalk",
  "remark42",
  "commento",
  "isso",
  "cusdis",
] as const;
export type ForeignFormat = (typeof foreignFormats)[number];

/** The formats that are SQLite database files, read from bytes only. */
const databaseFormats: ReadonlySet<ForeignFormat> = new Set(["isso", "cusdis"]);

export interface ConvertOptions {
  /** WordPress: keep pingbacks and trackbacks as comments. */
  includePingbacks?: boolean;
  /** IANA zone in which the source wrote times without an offset (Waline on SQLite, Artalk). */
  timeZone?: string;
  /** Page identities that are no path or URL of the site, to Parley thread keys. */
  pageMap?: PageMap;
  /** Cusdis: the project (site) to import when the database holds several; id or title. */
  project?: string;
}

/** What a converter read, before ids are derived: for the dry run's report. */
export function readExport(
  format: ForeignFormat,
  source: string,
  options: ConvertOptions = {},
): ImportResult {
  if (options.timeZone) checkTimeZone(options.timeZone);
  switch (format) {
    case "wordpress":
      return parseWordPressExport(source, { includePingbacks: options.includePingbacks ?? false });
    case "disqus":
      return parseDisqusExport(source);
    case "waline":
      return parseWalineExport(source, options);
    case "twikoo":
      return parseTwikooExport(source, options);
    case "artalk":
      return parseArtransExport(source, options);
    case "remark42":
      return parseRemark42Backup(source, options);
    case "commento":
      return parseCommentoExport(source, options);
    case "isso":
    case "cusdis":
      throw new ImportFormatError(
        `A ${format} export is an SQLite database file; read it from its bytes (readExportFromBytes).`,
      );
  }
}

/**
 * What a converter read from an export file's bytes, whatever the file: SQLite databases
 * (Isso, Cusdis) are opened in memory with sql.js (importers/sqlite.ts), gzip is
 * decompressed, text is read as UTF-8. The command line and the desk call only this and
 * `detectFormatOfBytes` for files.
 */
export async function readExportFromBytes(
  bytes: Uint8Array,
  format: ForeignFormat,
  options: ConvertOptions = {},
): Promise<ImportResult> {
  if (options.timeZone) checkTimeZone(options.timeZone);
  if (!databaseFormats.has(format)) {
    if (isSqliteFile(bytes)) {
      throw new ImportFormatError(`This is a SQLite database file, not a ${format} export.`);
    }
    return readExport(format, await readExportBytes(bytes), options);
  }
  if (!isSqliteFile(bytes)) {
    throw new ImportFormatError(
      `A ${format} export is an SQLite database file, and this is not one.`,
    );
  }
  const database = await openSqlite(bytes);
  try {
    if (format === "isso") {
      if (!isIssoDatabase(database)) throw notTheDatabaseOf("Isso", "threads and comments");
      return parseIssoDatabase(database, options);
    }
    if (!isCusdisDatabase(database)) throw notTheDatabaseOf("Cusdis", "pages and comments");
    return parseCusdisDatabase(database, options);
  } finally {
    database.close();
  }
}

function notTheDatabaseOf(system: string, tables: string): ImportFormatError {
  return new ImportFormatError(
    `The SQLite file is not ${system}'s database: it lacks ${system}'s ${tables} tables.`,
  );
}

/** The format of an export file from its bytes (SQLite, gzip or text); null when Parley reads none. */
export async function detectFormatOfBytes(
  bytes: Uint8Array,
): Promise<ForeignFormat | "parley" | null> {
  if (!isSqliteFile(bytes)) return detectFormat(await readExportBytes(bytes));
  const database = await openSqlite(bytes);
  try {
    if (isIssoDatabase(database)) return "isso";
    if (isCusdisDatabase(database)) return "cusdis";
    return null;
  } finally {
    database.close();
  }
}

/** Threads in Parley's format, with ids derived from the site, and what was left out. */
export async function convertExport(
  format: ForeignFormat,
  source: string,
  siteId: string,
  options: ConvertOptions = {},
): Promise<{ threads: ParleyThread[]; skipped: number }> {
  const result = readExport(format, source, options);
  return { threads: await toParleyThreads(siteId, result), skipped: result.skipped };
}

/** The format of an export, from its content; null when it is none Parley reads. */
export function detectFormat(source: string): ForeignFormat | "parley" | null {
  const head = source.slice(0, 4000).trimStart();
  if (head.startsWith("<")) {
    if (/xmlns(:\w+)?="http:\/\/disqus\.com"/.test(head)) return "disqus";
    if (/wordpress\.org\/export\//.test(head)) return "wordpress";
    return null;
  }
  let values: unknown[];
  try {
    values = readJsonValues(source, "JSON");
  } catch {
    return null;
  }
  const [only] = values;
  if (values.length === 1 && (only as { format?: unknown } | null)?.format === "parley") {
    return "parley";
  }
  if (isWalineExport(values)) return "waline";
  if (isTwikooExport(values)) return "twikoo";
  if (isArtransExport(values)) return "artalk";
  if (isRemark42Backup(values)) return "remark42";
  if (isCommentoExport(values)) return "commento";
  return null;
}

/** Sources that are no file: a GitHub repository's Discussions (giscus) or Issues (utterances). */
export const gitHubFormats = ["giscus", "utterances"] as const;
export type GitHubFormat = (typeof gitHubFormats)[number];

export interface GitHubSource extends GitHubClientOptions {
  format: GitHubFormat;
  /** "owner/name". */
  repository: string;
  /** A token that can read the repository's discussions or issues. */
  token: string;
  /** giscus: only discussions in this category (name or slug). */
  category?: string;
}

/**
 * What a giscus or utterances site holds, read from GitHub's API with the owner's token
 * (importers/github-client.ts: pagination, rate limits). The command line's entry for
 * sources that are no file.
 */
export async function readGitHubComments(
  source: GitHubSource,
  options: ConvertOptions = {},
): Promise<ImportResult> {
  const [owner, name, ...rest] = source.repository.split("/");
  if (!owner || !name || rest.length > 0) {
    throw new ImportFormatError(`Give the repository as owner/name, not "${source.repository}".`);
  }
  if (source.token.trim() === "") throw new ImportFormatError("A GitHub token is needed.");
  const client = new GitHubClient(source.token.trim(), source);
  const repository = { owner, name };
  return source.format === "giscus"
    ? readGiscusDiscussions(client, repository, { ...options, category: source.category })
    : readUtterancesIssues(client, repository, options);
}

export { ImportFormatError };
