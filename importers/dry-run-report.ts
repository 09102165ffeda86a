/**
 * What `npm run import -- --dry-run` prints: per thread, what would be imported; every
 * comment left out with its reason; and what the source holds that Parley will not carry.
 * Plain lines of text, so the desk can show the same report.
 */
import type { ImportResult, SkippedComment, SkipReason } from "./types";

/** The little of a thread the report reads; ImportedThread and ParleyThread both fit. */
export interface ReportThread {
  key: string;
  comments: readonly { status: string; deletedAt?: string | null }[];
}

const reasonText: Record<SkipReason, string> = {
  spam: "marked spam in the source",
  rejected: "rejected by a moderator in the source",
  deleted: "deleted in the source, with no reply to keep its place for",
  pingback: "pingback or trackback (--pingbacks imports them)",
  "unsupported-type": "not a comment (a plugin's record)",
  orphan: "its parent is missing, was skipped, or sits in a cycle",
  "unknown-page": "its page has no path or URL to key a thread by (add it to --map)",
  "no-date": "no readable date",
  "empty-body": "empty body",
  duplicate: "listed twice in the export; imported once",
};

/** What each source keeps that Parley's format has no place for, said before anything is written. */
const formatNotes: Record<string, string> = {
  waline: "Likes, sticky flags, reactions, page views and user accounts are not carried over.",
  twikoo:
    "Twikoo marks comments waiting for manual review as spam too, so every isSpam comment goes to the spam queue: look there after the import. Votes, pins and the owner's badge are not carried over.",
  artalk: "Votes, pins, collapsed flags and badges are not carried over.",
  remark42:
    "Remark42 backups hold no e-mail addresses and only hashed IPs, so none are imported. Votes, pins, edits and user blocks are not carried over.",
  commento:
    "Comments Commento flagged go to the spam queue. Scores, sticky flags and moderator badges are not carried over.",
  giscus:
    "Commenters are GitHub users: their login becomes the name and their GitHub profile the website; GitHub gives no e-mail addresses. Comments minimized as spam or abuse are left out; other minimized comments are imported. Discussion bodies (written by giscus) are not comments.",
  utterances:
    "Commenters are GitHub users: their login becomes the name and their GitHub profile the website; GitHub gives no e-mail addresses. Issue bodies (written by utterances) are not comments.",
  isso: "Likes and dislikes, reply-notification subscriptions and Isso's session key are not carried over.",
  cusdis:
    "The owner's replies from the Cusdis dashboard come across as ordinary comments under the name they were posted with (no moderator badge). Cusdis keeps no websites, IP addresses or likes.",
};

/** How many likes the source counted on the comments a converter read (Isso, giscus, utterances). */
export function likesInSource(result: ImportResult): number {
  return result.threads
    .flatMap((thread) => thread.comments)
    .reduce((sum, comment) => sum + (comment.likes ?? 0), 0);
}

export function describeImport(
  format: string,
  threads: readonly ReportThread[],
  skipped: readonly SkippedComment[],
  likes = 0,
): string[] {
  const all = threads.flatMap((thread) => thread.comments);
  const lines = [
    `Dry run of a ${format} export: nothing was written.`,
    `${threads.length} threads, ${all.length} comments would be imported ` +
      `(${statusSummary(all)}); ${skipped.length} left out.`,
    "",
    "Threads:",
    ...threads.map(
      (thread) => `  ${thread.key}  ${thread.comments.length} (${statusSummary(thread.comments)})`,
    ),
  ];
  if (skipped.length > 0) lines.push("", "Left out:", ...skippedLines(skipped));
  const note = formatNotes[format];
  if (note) lines.push("", note);
  if (likes > 0) {
    lines.push(`${likes} likes (or positive reactions) in the source are not carried over.`);
  }
  return lines;
}

function statusSummary(comments: ReportThread["comments"]): string {
  const counts = new Map<string, number>();
  for (const comment of comments) {
    const label = comment.deletedAt ? "tombstone" : comment.status;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} ${label}`).join(", ") || "none";
}

function skippedLines(skipped: readonly SkippedComment[]): string[] {
  const lines: string[] = [];
  const byReason = new Map<SkipReason, SkippedComment[]>();
  for (const comment of skipped) {
    const same = byReason.get(comment.reason);
    if (same) same.push(comment);
    else byReason.set(comment.reason, [comment]);
  }
  for (const [reason, comments] of byReason) {
    lines.push(`  ${comments.length} ${reasonText[reason]}:`);
    for (const comment of comments) {
      const where = comment.threadKey ? ` on ${comment.threadKey}` : "";
      lines.push(`    ${comment.sourceId ?? "(no id)"}${where}`);
    }
  }
  return lines;
}
