/**
 * The rules engine: a candidate comment plus facts looked up beforehand (in one D1 batch)
 * in, a verdict out. Pure: no I/O, no clock (the caller passes `now`).
 *
 * The rules run in the order of the product's rulebook; the first rule that decides
 * stops the others, and every verdict carries short, stable reason codes for moderators.
 */
import type { CommentStatus } from "./comment";
import type { SiteSettings } from "./settings";

export interface Candidate {
  body: string;
  authorName: string;
  authorWebsite: string | null;
  email: string | null;
  /** Number of links the body renders to. */
  linkCount: number;
  /** Set for new comments only; an author's edit skips the form and rate checks. */
  submission?: {
    honeypot: string | undefined;
    /** Seconds since the form token was issued; null when it is missing or forged. */
    formTokenAgeSeconds: number | null;
  };
}

/** Recent comments of one requester within a window, capped at the limit being checked. */
export interface RecentActivity {
  count: number;
  /** Creation time of the oldest of those counted: when it leaves the window, one more is allowed. */
  oldestAt: string | null;
}

export interface ModerationFacts {
  knownAuthor: boolean;
  authorBanned: boolean;
  networkBanned: boolean;
  duplicate: boolean;
  networkPerMinute: RecentActivity;
  networkPerDay: RecentActivity;
  emailPerMinute: RecentActivity;
  emailPerDay: RecentActivity;
}

export type Verdict =
  | { kind: "store"; status: CommentStatus; reasons: string[] }
  | { kind: "rate-limited"; retryAfterSeconds: number }
  | { kind: "duplicate" };

type Rule = (
  candidate: Candidate,
  facts: ModerationFacts,
  settings: SiteSettings,
  now: Date,
) => Verdict | null;

export function decideStatus(
  candidate: Candidate,
  facts: ModerationFacts,
  settings: SiteSettings,
  now: Date,
): Verdict {
  for (const rule of [spamTraps, bans, rateLimits, duplicates, blockWords]) {
    const verdict = rule(candidate, facts, settings, now);
    if (verdict) return verdict;
  }
  // Rules that only hold a comment add up, so the moderator sees every reason at once.
  const holdReasons = [
    ...holdWords(candidate, settings),
    ...linkLimit(candidate, settings),
    ...moderationMode(facts, settings),
  ];
  return holdReasons.length > 0
    ? { kind: "store", status: "pending", reasons: holdReasons }
    : { kind: "store", status: "approved", reasons: [] };
}

/** Rule 3: the hidden field a person never sees was filled, or the form was sent too fast. */
const spamTraps: Rule = (candidate, _facts, settings) => {
  const submission = candidate.submission;
  if (!submission) return null;
  const reasons: string[] = [];
  if (submission.honeypot && submission.honeypot.trim() !== "") reasons.push("honeypot");
  const age = submission.formTokenAgeSeconds;
  const tooFast = age === null ? settings.requireFormToken : age < settings.minSubmitSeconds;
  if (tooFast) reasons.push(age === null ? "missing-form-token" : "too-fast");
  return reasons.length > 0 ? { kind: "store", status: "spam", reasons } : null;
};

/** Rule 4: a ban on the author's email or on the network the comment came from. */
const bans: Rule = (_candidate, facts) => {
  const reasons = [
    ...(facts.authorBanned ? ["banned-author"] : []),
    ...(facts.networkBanned ? ["banned-network"] : []),
  ];
  return reasons.length > 0 ? { kind: "store", status: "spam", reasons } : null;
};

/** Rule 5: too many comments from one network or one email address, per minute and per day. */
const rateLimits: Rule = (candidate, facts, settings, now) => {
  if (!candidate.submission) return null;
  const windows: [RecentActivity, number, number][] = [
    [facts.networkPerMinute, settings.rateLimitPerMinute, 60],
    [facts.emailPerMinute, settings.rateLimitPerMinute, 60],
    [facts.networkPerDay, settings.rateLimitPerDay, 86400],
    [facts.emailPerDay, settings.rateLimitPerDay, 86400],
  ];
  let retryAfterSeconds = 0;
  for (const [activity, limit, windowSeconds] of windows) {
    if (activity.count < limit) continue;
    const oldest = activity.oldestAt ? Date.parse(activity.oldestAt) : now.getTime();
    const freeAt = oldest + windowSeconds * 1000;
    retryAfterSeconds = Math.max(retryAfterSeconds, Math.ceil((freeAt - now.getTime()) / 1000), 1);
  }
  return retryAfterSeconds > 0 ? { kind: "rate-limited", retryAfterSeconds } : null;
};

/** Rule 6: the same author posting the same text on the same page again. */
const duplicates: Rule = (candidate, facts) =>
  candidate.submission && facts.duplicate ? { kind: "duplicate" } : null;

/** The text words are looked for in: the body and everything the author typed about themselves. */
function authorText(candidate: Candidate): string {
  return [candidate.body, candidate.authorName, candidate.authorWebsite, candidate.email]
    .filter((part) => part)
    .join("\n");
}

/** Rule 7, first half: a block word marks spam. */
const blockWords: Rule = (candidate, _facts, settings) => {
  const blocked = matchWords(authorText(candidate), settings.blockWords);
  return blocked.length > 0
    ? { kind: "store", status: "spam", reasons: blocked.map((word) => `block-word:${word}`) }
    : null;
};

/** Rule 7, second half: a hold word holds for review (alongside any other hold reason). */
function holdWords(candidate: Candidate, settings: SiteSettings): string[] {
  return matchWords(authorText(candidate), settings.holdWords).map((word) => `hold-word:${word}`);
}

/** Rule 8. */
function linkLimit(candidate: Candidate, settings: SiteSettings): string[] {
  return candidate.linkCount > settings.maxLinks ? ["too-many-links"] : [];
}

/** Rule 9. */
function moderationMode(facts: ModerationFacts, settings: SiteSettings): string[] {
  if (settings.moderation === "all") return ["moderation-all"];
  if (settings.moderation === "first-time" && !facts.knownAuthor) return ["first-time-author"];
  return [];
}

/** Case- and accent-folded text, so "VIAGRA" and "viágra" match the word "viagra". */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The configured words found in `text` as whole words: letters/digits may not continue a
 * word that starts or ends with one ("viagra" is not in "viagraX"). An edge that is itself
 * punctuation needs no boundary, so "@spam.example" still finds "me@spam.example".
 */
export function matchWords(text: string, words: string[]): string[] {
  if (words.length === 0) return [];
  const folded = foldText(text);
  const wordCharacter = /[\p{L}\p{N}]/u;
  return words.filter((word) => {
    const needle = foldText(word.trim());
    if (!needle) return false;
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const before = wordCharacter.test(needle.at(0)!) ? "(?<![\\p{L}\\p{N}])" : "";
    const after = wordCharacter.test(needle.at(-1)!) ? "(?![\\p{L}\\p{N}])" : "";
    return new RegExp(`${before}${escaped}${after}`, "u").test(folded);
  });
}
