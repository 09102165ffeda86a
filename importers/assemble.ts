/**
 * Turns per-post lists of comments into ImportResult threads: parents resolved within the
 * post they were exported with, parents ordered before their replies, posts that map to
 * the same key merged (Disqus keeps separate threads for the http and https address of one
 * page), and every comment left out counted by reason.
 */
import type { ImportedComment, ImportedThread, ImportResult, SkipReason } from "./types";

/** One post (WordPress item, Disqus thread) with the comments exported under it. */
export interface ThreadSource {
  key: string;
  url: string | null;
  title: string | null;
  closed: boolean;
  /** In export order; parents may come after their replies. */
  comments: ImportedComment[];
}

export type SkipTally = Record<SkipReason, number>;

export function createSkipTally(): SkipTally {
  return {
    spam: 0,
    deleted: 0,
    pingback: 0,
    "unsupported-type": 0,
    orphan: 0,
    "no-date": 0,
    duplicate: 0,
  };
}

export function assembleThreads(sources: Iterable<ThreadSource>, tally: SkipTally): ImportResult {
  const threads = new Map<string, ImportedThread>();
  const seen = new Set<string>();
  for (const source of sources) {
    const unique = source.comments.filter((comment) => {
      if (seen.has(comment.sourceId)) return false;
      seen.add(comment.sourceId);
      return true;
    });
    tally.duplicate += source.comments.length - unique.length;
    const ordered = orderParentsFirst(unique);
    tally.orphan += unique.length - ordered.length;
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
  const skipped = Object.values(tally).reduce((sum, count) => sum + count, 0);
  return { threads: [...threads.values()], skipped, skippedByReason: tally };
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
