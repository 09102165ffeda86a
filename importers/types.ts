/**
 * What the importers produce: plain data, no I/O, nothing Parley-specific beyond the
 * shape. The import route turns these into rows (encrypting emails, hashing addresses,
 * rendering bodies), so a parser never touches D1 or secrets.
 */

export type ImportedStatus = "approved" | "pending";

export interface ImportedComment {
  /**
   * Stable across re-exports of the same site (`wordpress:<post id>:<comment id>`,
   * `disqus:<post id>`), so ids derived from it make a second import a no-op.
   */
  sourceId: string;
  /** The parent's `sourceId`; always a comment that comes earlier in the same thread. */
  parentSourceId: string | null;
  authorName: string;
  /** Trimmed and lowercased; null when the export has none (Disqus rarely does). */
  authorEmail: string | null;
  /** An http(s) URL or null, as the public API promises for `website`. */
  authorWebsite: string | null;
  /** Passed through for the storage layer to hash; never logged or stored raw. */
  networkAddress: string | null;
  /** Markdown, ready for Parley's renderer. */
  body: string;
  /** ISO 8601 UTC with milliseconds. */
  createdAt: string;
  status: ImportedStatus;
}

export interface ImportedThread {
  /** Keyed like the widget keys pages: the link's path, plus its query when that names the page. */
  key: string;
  /** The post's absolute http(s) link, or null. */
  url: string | null;
  title: string | null;
  closed: boolean;
  /** Parents before children (depth-first, in export order), never empty. */
  comments: ImportedComment[];
}

/** Why a comment in the export was left out; the sum is `ImportResult.skipped`. */
export type SkipReason =
  "spam" | "deleted" | "pingback" | "unsupported-type" | "orphan" | "no-date" | "duplicate";

export interface ImportResult {
  /** Only threads with at least one imported comment. */
  threads: ImportedThread[];
  skipped: number;
  skippedByReason: Record<SkipReason, number>;
}
