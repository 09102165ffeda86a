/**
 * What the importers produce: plain data, no I/O, nothing Parley-specific beyond the
 * shape. The import route turns these into rows (encrypting emails, hashing addresses,
 * rendering bodies), so a parser never touches D1 or secrets.
 */

/**
 * "spam" only where a source cannot tell spam from comments held for review (Twikoo's
 * `isSpam`): imported into the spam queue for a moderator to sort, rather than dropped.
 */
export type ImportedStatus = "approved" | "pending" | "spam";

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
  /**
   * Likes (or positive reactions) the source counted. Parley's format has no place for
   * them (a like there is one reader's, counted from rows): the dry run reports how many
   * stay behind.
   */
  likes?: number;
  /**
   * Set on a comment deleted in the source that still has replies (Remark42, Commento,
   * Comentario keep those in place): it is imported as a tombstone, without author or
   * body, so the replies keep their parent. A deleted comment without replies is skipped.
   */
  deletedAt?: string;
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
export const skipReasons = [
  "spam",
  /** Refused by a moderator in the source (Comentario: neither approved nor pending). */
  "rejected",
  "deleted",
  "pingback",
  "unsupported-type",
  /** Its parent is missing, was skipped, or sits in a cycle. */
  "orphan",
  /** Its page has no identity Parley can key a thread by. */
  "unknown-page",
  "no-date",
  "empty-body",
  "duplicate",
] as const;
export type SkipReason = (typeof skipReasons)[number];

/** One comment left out, for the dry run's report. */
export interface SkippedComment {
  reason: SkipReason;
  /** As in ImportedComment; null when the export gave the record no id. */
  sourceId: string | null;
  /** The thread it would have joined, when its page was known. */
  threadKey: string | null;
}

export interface ImportResult {
  /** Only threads with at least one imported comment. */
  threads: ImportedThread[];
  skipped: number;
  skippedByReason: Record<SkipReason, number>;
  /** Every comment counted in `skipped`, in the order the converter met them. */
  skippedComments: SkippedComment[];
}
