/**
 * Every foreign export Parley reads, converted where the file is: on the owner's machine by
 * `npm run import` (scripts/import.ts). The Worker itself takes only Parley's format, so
 * none of the HTML and XML parsing here is in its bundle or its cold start.
 */
import { parseDisqusExport } from "./disqus";
import { ImportFormatError } from "./errors";
import { toParleyThreads } from "./to-parley";
import { parseWordPressExport } from "./wordpress";
import type { ParleyThread } from "../worker/schemas/parley-format";

export const foreignFormats = ["wordpress", "disqus"] as const;
export type ForeignFormat = (typeof foreignFormats)[number];

export interface ConvertOptions {
  /** WordPress: keep pingbacks and trackbacks as comments. */
  includePingbacks?: boolean;
}

/** Threads in Parley's format, with ids derived from the site, and what was left out. */
export async function convertExport(
  format: ForeignFormat,
  source: string,
  siteId: string,
  options: ConvertOptions = {},
): Promise<{ threads: ParleyThread[]; skipped: number }> {
  const result =
    format === "wordpress"
      ? parseWordPressExport(source, { includePingbacks: options.includePingbacks ?? false })
      : parseDisqusExport(source);
  return { threads: await toParleyThreads(siteId, result), skipped: result.skipped };
}

/** The format of an export, from its first few kilobytes; null when it is none Parley reads. */
export function detectFormat(source: string): ForeignFormat | "parley" | null {
  const head = source.slice(0, 4000);
  if (head.trimStart().startsWith("{")) return "parley";
  if (/xmlns(:\w+)?="http:\/\/disqus\.com"/.test(head)) return "disqus";
  if (/wordpress\.org\/export\//.test(head)) return "wordpress";
  return null;
}

export { ImportFormatError };
