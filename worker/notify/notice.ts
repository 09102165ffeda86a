/**
 * What a message says, before any target's format: the event, the site, the comment (its
 * author's name and an excerpt, never an address) or the spam count, and where the desk is.
 * Pure; every format (formats.ts) escapes these strings for its own markup.
 */
import type { TargetEvent } from "../schemas/notification-targets";
import type { NoticeComment } from "../storage/notification-outbox";

export interface Notice {
  event: TargetEvent;
  site: { id: string; name: string };
  comment: NoticeComment | null;
  /** The spam digest's count of the last day's spam. */
  spamCount: number;
  /** The moderators' desk, where PUBLIC_URL is set. */
  deskUrl: string | null;
}

const excerptLength = 280;

/** The comment's text cut to a notification's length, by code point (no half emoji). */
export function excerptOf(body: string): string {
  const characters = [...body];
  return characters.length > excerptLength
    ? `${characters.slice(0, excerptLength - 1).join("")}…`
    : body;
}

/** One line saying what happened, in plain text. */
export function headline({ event, site, comment, spamCount }: Notice): string {
  const page = comment ? (comment.pageTitle ?? comment.threadKey) : "";
  switch (event) {
    case "held":
      return `Held for review on ${site.name}: ${page}`;
    case "approved":
      return `New comment on ${site.name}: ${page}`;
    case "reported":
      return `Reported ${comment?.reports === 1 ? "once" : `${comment?.reports ?? 0} times`} on ${site.name}: ${page}`;
    case "spam-digest":
      return `${spamCount} ${spamCount === 1 ? "comment" : "comments"} caught as spam on ${site.name} in the last day`;
  }
}

/** The author's name as the message shows it. */
export const authorOf = (comment: NoticeComment) => comment.authorName || "anonymous";

/** Why the rules held it, where they did ("moderation-all, links"). */
export const reasonsOf = (comment: NoticeComment) => comment.reasons.join(", ");
