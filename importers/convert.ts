/**
 * Every foreign export Parley reads, converted where the file is: on the owner's machine by
 * `npm run import` (scripts/import.ts), or in the desk's tab (admin/import/). The Worker
 * itself takes only Parley's format, so
 * none of the HTML, XML and JSON parsing here is in its bundle or its cold start.
 */
import { isArtransExport, parseArtransExport } from "./artalk";
import { isCommentoExport, parseCommentoExport } from "./commento";
import { ImportFormatError } from "./errors";
import { readExportBytes } from "./export-file";
import { readJsonValues } from "./json-records";
import type { PageMap } from "./pages";
import { isRemark42Backup, parseRemark42Backup } from "./remark42";
import { isSqliteFile } from "./sqlite";
import { checkTimeZone } from "./times";
import { toParleyThreads } from "./to-parley";
import { isTwikooExport, parseTwikooExport } from "./twikoo";
import type { ImportResult } from "./types";
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
] as const;
export type ForeignFormat = (typeof foreignFormats)[number];

export interface ConvertOptions {
  /** WordPress: keep pingbacks and trackbacks as comments. */
  includePingbacks?: boolean;
  /** IANA zone in which the source wrote times without an offset (Waline on SQLite, Artalk). */
  timeZone?: string;
  /** Page identities that are no path or URL of the site, to Parley thread keys. */
  pageMap?: PageMap;
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

/**
 * The format of an export file, from its bytes: text, gzip or SQLite. What the command line
 * and the desk call for a file (detectFormat above reads text already decoded).
 */
export async function detectFormatOfBytes(
  bytes: Uint8Array,
): Promise<ForeignFormat | "parley" | null> {
  // No SQLite format is read yet; its bytes decoded as text would only look like noise.
  if (isSqliteFile(bytes)) return null;
  return detectFormat(await readExportBytes(bytes));
}

/** What a converter read from an export file's bytes (gzip inflated first). */
export async function readExportFromBytes(
  bytes: Uint8Array,
  format: ForeignFormat,
  options: ConvertOptions = {},
): Promise<ImportResult> {
  if (isSqliteFile(bytes)) {
    throw new ImportFormatError(`This is a SQLite database file, not a ${format} export.`);
  }
  return readExport(format, await readExportBytes(bytes), options);
}

export { ImportFormatError };
