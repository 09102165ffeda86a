/**
 * A dropped file to the plan of its import: the format (detected or chosen), the threads in
 * Parley's format, what is left out and why, what the server would refuse, and the chunks
 * to send. Everything `npm run import --dry-run` works out, from the same code, in the tab.
 */
import { detectFormatOfBytes, type ConvertOptions } from "../../importers/convert";
import { ImportFormatError } from "../../importers/errors";
import {
  readImportFile,
  serverRefusals,
  type ImportFile,
  type ImportFormat,
} from "../../importers/import-file";
import {
  chunkThreads,
  countComments,
  defaultChunkSize,
  importFingerprint,
} from "../../importers/send-import";
import type { ParleyThread } from "../../worker/schemas/parley-format";

export interface ImportPlan extends ImportFile {
  format: ImportFormat;
  refusals: string[];
  chunks: ParleyThread[][];
  /** Comments the chunks hold. */
  total: number;
  fingerprint: string;
}

/** "detect": read the format from the file. */
export type FormatChoice = ImportFormat | "detect";

export async function planImport(
  bytes: Uint8Array,
  site: string,
  choice: FormatChoice,
  options: ConvertOptions,
): Promise<ImportPlan> {
  const format = choice === "detect" ? await detectFormatOfBytes(bytes) : choice;
  if (!format) {
    throw new ImportFormatError("Cannot tell the file's format; choose it under Format.");
  }
  const file = await readImportFile(bytes, site, format, options);
  return {
    ...file,
    format,
    refusals: serverRefusals(file.threads),
    chunks: chunkThreads(file.threads, defaultChunkSize),
    total: countComments(file.threads),
    fingerprint: await importFingerprint(bytes, { site, format, chunkSize: defaultChunkSize }),
  };
}
