/**
 * An export file to the threads an import sends, and what the server would refuse of them:
 * the one path from a file to Parley's format, for `npm run import` and the desk alike.
 */
import {
  parleyExportSchema,
  parleyThreadSchema,
  type ParleyThread,
} from "../worker/schemas/parley-format";
import {
  foreignFormats,
  readExportFromBytes,
  type ConvertOptions,
  type ForeignFormat,
} from "./convert";
import { ImportFormatError } from "./errors";
import { readExportBytes } from "./export-file";
import { likesInSource } from "./dry-run-report";
import { toParleyThreads } from "./to-parley";
import type { ImportResult, SkippedComment } from "./types";

export type ImportFormat = ForeignFormat | "parley";

/** Every format a file may be read as, Parley's own last. */
export const importFormats: readonly ImportFormat[] = [...foreignFormats, "parley"];

export const isImportFormat = (name: string): name is ImportFormat =>
  (importFormats as readonly string[]).includes(name);

export interface ImportFile {
  threads: ParleyThread[];
  /** What the converter left out, with its reason, for the dry run's report. */
  skippedComments: SkippedComment[];
  /** Likes the source counted, which Parley does not carry over (the report says so). */
  likes: number;
}

/**
 * The file read as `format`, converted to Parley's threads with ids derived from the site
 * (so a second import of the same file finds the same ids). Throws ImportFormatError with
 * a message naming the record and field that could not be read.
 */
export async function readImportFile(
  bytes: Uint8Array,
  siteId: string,
  format: ImportFormat,
  options: ConvertOptions = {},
): Promise<ImportFile> {
  if (format === "parley") {
    return { threads: await readParleyFile(bytes), skippedComments: [], likes: 0 };
  }
  return convertedFile(siteId, await readExportFromBytes(bytes, format, options));
}

/** What a converter read, as the threads an import sends (a file's, or GitHub's). */
export async function convertedFile(siteId: string, result: ImportResult): Promise<ImportFile> {
  return {
    threads: await toParleyThreads(siteId, result),
    skippedComments: result.skippedComments,
    likes: likesInSource(result),
  };
}

async function readParleyFile(bytes: Uint8Array): Promise<ParleyThread[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readExportBytes(bytes));
  } catch {
    throw new ImportFormatError("Not a Parley export: the file is not JSON.");
  }
  const parsed = parleyExportSchema.safeParse(json);
  if (parsed.success) return parsed.data.threads;
  const issue = parsed.error.issues[0];
  throw new ImportFormatError(
    `Not a Parley export: field ${issue?.path.join(".") || "(the file itself)"}: ${issue?.message ?? "invalid"}.`,
  );
}

/**
 * What the server would refuse, found before anything is sent: each thread checked with
 * the import route's own schema, one line per problem naming the thread and the field.
 */
export function serverRefusals(threads: readonly ParleyThread[]): string[] {
  const lines: string[] = [];
  for (const thread of threads) {
    const checked = parleyThreadSchema.safeParse(thread);
    for (const issue of checked.success ? [] : checked.error.issues) {
      lines.push(`thread ${thread.key}: ${issue.path.join(".")}: ${issue.message}`);
    }
  }
  return lines;
}
