/**
 * Turns per-post lists of comments into ImportResult threads: parents resolved within the
 * post they were exported with, parents ordered before their replies, posts that map to
 * the same key merged (Disqus keeps separate threads for the http and https address of one
 * page), and every comment left out counted by reason.
 */
import {
  skipReasons,
  type ImportedComment,
  type ImportedThread,
  type ImportResult,
  type SkippedComment,
  type SkipReason,
} from "./types";
import { locatePage, type PageMap } from "./pages";

/** One post (WordPress item, Disqus thread) with the comments exported under it. */
export interface ThreadSource {
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  /** In export order; parents may come after their replies. */
  comments: ImportedComment[];
}

/** One record of an export that lists comments rather than pages, as its converter read it. */
export interface PageComment {
  sourceId: string;
  /** The page's identity in the source: a path, a full URL, or an id `--map` names. */
  page: string;
  title?: string | null;
  comment: ImportedComment | SkipReason;
}

/**
 * Groups comments by the thread their page keys to, in export order, and assembles them;
 * a comment whose page keys to nothing is left out as "unknown-page".
 */
export function assemblePageComments(
  records: Iterable<PageComment>,
  pageMap?: PageMap,
): ImportResult {
  const skips = new SkipLog();
  const sources = new Map<string, ThreadSource>();
  for (const { sourceId, page, title = null, comment } of records) {
    const location = locatePage(page, pageMap);
    if (!location) skips.add("unknown-page", sourceId);
    else if (typeof comment === "string") skips.add(comment, sourceId, location.key);
    else threadSourceFor(sources, location, title).comments.push(comment);
  }
  return assembleThreads(sources.values(), skips);
}

/** The source for a page, created on its first comment. */
function threadSourceFor(
  sources: Map<string, ThreadSource>,
  location: { key: string; url: string | null },
  title: string | null = null,
): ThreadSource {
  let source = sources.get(location.key);
  if (!source) {
    source = { ...location, title, closed: false, comments: [] };
    sources.set(location.key, source);
  }
  source.title ??= title;
  source.url ??= location.url;
  return source;
}

/** What a converter left out: a count per reason and each comment, for the dry run. */
export class SkipLog {
  readonly byReason = Object.fromEntries(skipReasons.map((reason) => [reason, 0])) as Record<
    SkipReason,
    number
  >;
  readonly comments: SkippedComment[] = [];

  add(reason: SkipReason, sourceId: string | null = null, threadKey: string | null = null): void {
    this.byReason[reason]++;
    this.comments.push({ reason, sourceId, threadKey });
  }
}

export function assembleThreads(sources: Iterable<ThreadSource>, skips: SkipLog): ImportResult {
  const threads = new Map<string, ImportedThread>();
  const seen = new Set<string>();
  for (const source of sources) {
    const unique = source.comments.filter((comment) => {
      if (!seen.has(comment.sourceId)) return seen.add(comment.sourceId);
      skips.add("duplicate", comment.sourceId, source.key);
      return false;
    });
    const reachable = orderParentsFirst(unique);
    const reached = new Set(reachable);
    for (const comment of unique) {
      if (!reached.has(comment)) skips.add("orphan", comment.sourceId, source.key);
    }
    const ordered = dropBareTombstones(reachable, (comment) =>
      skips.add("deleted", comment.sourceId, source.key),
    );
    if (ordered.length === 0) continue;

    const thread = threads.get(source.key);
    if (thread) {
      thread.comments.push(...ordered);
      thread.title ??= source.title;
      thread.url ??= source.url;
      thread.closed ||= source.closed;
    } else {
      const { key, url, title, closed } = source;
      threads.set(key, { key, url, title, closed, comments: ordered });
    }
  }
  return {
    threads: [...threads.values()],
    skipped: skips.comments.length,
    skippedByReason: skips.byReason,
    skippedComments: skips.comments,
  };
}

/**
 * A deleted comment is kept (as a tombstone) only while a kept reply hangs under it.
 * Walked from the last comment back, so a reply is decided before its parent.
 */
function dropBareTombstones(
  ordered: readonly ImportedComment[],
  onDropped: (comment: ImportedComment) => void,
): ImportedComment[] {
  const parentsOfKept = new Set<string>();
  const kept: ImportedComment[] = [];
  for (let index = ordered.length - 1; index >= 0; index--) {
    const comment = ordered[index]!;
    if (comment.deletedAt && !parentsOfKept.has(comment.sourceId)) {
      onDropped(comment);
      continue;
    }
    kept.push(comment);
    if (comment.parentSourceId) parentsOfKept.add(comment.parentSourceId);
  }
  return kept.reverse();
}

/**
 * Depth-first from the root comments, each level in export order. Whatever is not reached
 * — a reply whose parent is missing, was skipped, or sits in a cycle — is an orphan and is
 * left out. Iterative, so a reply chain thousands deep cannot overflow the stack.
 */
function orderParentsFirst(comments: readonly ImportedComment[]): ImportedComment[] {
  const repliesByParent = new Map<string | null, ImportedComment[]>();
  for (const comment of comments) {
    const siblings = repliesByParent.get(comment.parentSourceId);
    if (siblings) siblings.push(comment);
    else repliesByParent.set(comment.parentSourceId, [comment]);
  }
  const ordered: ImportedComment[] = [];
  const stack = [...(repliesByParent.get(null) ?? [])].reverse();
  for (let comment = stack.pop(); comment; comment = stack.pop()) {
    ordered.push(comment);
    const replies = repliesByParent.get(comment.sourceId) ?? [];
    for (let index = replies.length - 1; index >= 0; index--) {
      const reply = replies[index];
      if (reply) stack.push(reply);
    }
  }
  return ordered;
}
