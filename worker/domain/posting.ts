/**
 * The posting pipeline: every rule a new comment meets, top to bottom in the order of the
 * rulebook, cheapest first so an attacker pays before the server does.
 *
 *   1. shape (zod, before this file)      6. duplicate → 409
 *   2. site, page, parent → 400 / 403     7. render (bounded), then Akismet where the site uses it
 *   3. attempt limits → 429               8. block words → spam, hold words → held
 *   4. traps, then Turnstile → spam / 400 9. too many links → held
 *   5. bans → spam                        10. moderation mode → held, 11. else approved
 *
 * From step 4 on the request counts as an attempt, whatever the outcome. Pure: the facts
 * were read beforehand in one D1 batch, and the two outside opinions (Turnstile, Akismet)
 * come in as functions the route supplies, asked only once every free rule has passed.
 */
import type { CommentRecord, CommentStatus } from "./comment";
import { banReasons, judgeContent, type AuthorStanding } from "./moderation";
import { countLinks, renderMarkdown } from "./render";
import type { Site } from "./site";
import { isThreadClosed, type Thread } from "./thread";

/** What the reader sent, as the schema left it, plus what the request says about them. */
export interface Submission {
  body: string;
  authorName: string;
  authorWebsite: string | null;
  email: string | null;
  parentId: string | null;
  /** The origin of the page the comment was written on. */
  pageOrigin: string;
  honeypot: string | undefined;
  /** Seconds since the form token was issued; null when it is missing or forged. */
  formTokenAgeSeconds: number | null;
  /** A signed-in user of the site (single sign-on): the site vouches for them, email or not. */
  signedIn?: boolean;
}

/** Attempts of one requester within a window, counted up to the limit being checked. */
export interface RecentActivity {
  count: number;
  /** Time of the oldest attempt counted: when it leaves the window, one more is allowed. */
  oldestAt: string | null;
}

export interface AttemptCounts {
  networkPerMinute: RecentActivity;
  networkPerDay: RecentActivity;
  /** Comments stored under this email and not judged spam. */
  emailPerMinute: RecentActivity;
  emailPerDay: RecentActivity;
  /** Spam comments this network had stored today, counted up to `storedSpamPerNetworkPerDay`. */
  spamStoredToday: number;
}

export interface PostingFacts extends AuthorStanding {
  thread: Thread | null;
  parent: CommentRecord | null;
  /** The same author said the same on this page before. */
  duplicate: boolean;
  attempts: AttemptCounts;
}

export type TurnstileOpinion = "passed" | "missing" | "failed" | "expired" | "unavailable";
export type AkismetOpinion = "ham" | "spam" | "discard" | "unavailable";

export interface OutsideOpinions {
  turnstile(): Promise<TurnstileOpinion>;
  akismet(html: string): Promise<AkismetOpinion>;
}

export type Refusal =
  | { code: "invalid_input"; fields: Record<string, string> }
  | { code: "thread_closed" }
  | { code: "rate_limited"; retryAfterSeconds: number }
  | { code: "duplicate" };

export type PostingDecision =
  /** Nothing stored. `counted`: the refusal still uses up an attempt. */
  | { outcome: "refused"; refusal: Refusal; counted: boolean }
  /** Spam not worth keeping: answered exactly like a held comment, but not stored. */
  | { outcome: "dropped"; reasons: string[] }
  | { outcome: "stored"; status: CommentStatus; reasons: string[]; html: string };

/**
 * Spam a network may have stored a day for moderators to look through (false positives
 * surface there); past it, spam is answered as usual but not stored, so a bot cannot make
 * D1 grow whatever the site's limits.
 */
export const storedSpamPerNetworkPerDay = 5;

export async function decidePosting(
  submission: Submission,
  facts: PostingFacts,
  site: Site,
  now: Date,
  opinions: OutsideOpinions,
): Promise<PostingDecision> {
  const misplaced = checkPlacement(submission, facts, site, now);
  if (misplaced) return { outcome: "refused", refusal: misplaced, counted: false };

  const limited = checkAttemptLimits(facts.attempts, site, now);
  if (limited) return { outcome: "refused", refusal: limited, counted: false };

  const trapped = checkTraps(submission, site);
  if (trapped.length > 0) return spam(trapped, submission, facts);

  if (site.settings.turnstileSiteKey) {
    const turnstile = await opinions.turnstile();
    if (turnstile !== "passed") {
      return { outcome: "refused", refusal: turnstileRefusal(turnstile), counted: true };
    }
  }

  const banned = banReasons(facts);
  if (banned.length > 0) return spam(banned, submission, facts);

  if (facts.duplicate) return { outcome: "refused", refusal: { code: "duplicate" }, counted: true };

  const html = renderMarkdown(submission.body);
  const notes: string[] = [];
  if (site.settings.akismet) {
    const akismet = await opinions.akismet(html);
    if (akismet === "discard") return { outcome: "dropped", reasons: ["akismet-discard"] };
    if (akismet === "spam") return spam(["akismet"], submission, facts, html);
    if (akismet === "unavailable") notes.push("akismet-unavailable");
  }

  const verdict = judgeContent(
    { ...submission, linkCount: countLinks(html) },
    facts,
    site.settings,
  );
  return {
    outcome: "stored",
    status: verdict.status,
    reasons: [...notes, ...verdict.reasons],
    html,
  };
}

/**
 * Step 2: the site, the page and the parent; mistakes a reader can fix, answered before
 * anything is counted, so honest ones are never held against them.
 */
function checkPlacement(
  submission: Submission,
  facts: PostingFacts,
  site: Site,
  now: Date,
): Refusal | null {
  const { settings } = site;
  const fields: Record<string, string> = {};
  if (settings.requireName && !submission.authorName) fields["author.name"] = "Enter your name.";
  if (settings.requireEmail && !submission.email && !submission.signedIn) {
    fields["author.email"] = "Enter your email address.";
  }
  const long = tooLong(submission.body, settings.maxLength);
  if (long) fields.body = long;
  if (!site.origins.includes(submission.pageOrigin)) {
    fields["page.url"] = "The page is not on one of this site's origins.";
  }
  if (submission.parentId) {
    const parent = facts.parent;
    const visible =
      parent && parent.status === "approved" && !parent.deletedAt && parent.siteId === site.id;
    if (!visible || !facts.thread || parent.threadId !== facts.thread.id) {
      fields.parentId = "The comment you are replying to is not on this page.";
    } else if (parent.depth >= settings.maxDepth) {
      fields.parentId = `Replies nest at most ${settings.maxDepth} levels deep here.`;
    }
  }
  if (Object.keys(fields).length > 0) return { code: "invalid_input", fields };
  if (isThreadClosed(facts.thread, settings.closeAfterDays, now)) return { code: "thread_closed" };
  return null;
}

/**
 * Step 3: too many attempts from one network, or comments under one email, per minute and
 * per day. Answers the longest wait of the full windows, and never less than a second.
 */
/** The site's `maxLength`, for a post, an edit and a preview alike: what to tell, or null. */
export function tooLong(body: string, maxLength: number): string | null {
  return body.length > maxLength
    ? `A comment on this site has at most ${maxLength} characters.`
    : null;
}

export function checkAttemptLimits(attempts: AttemptCounts, site: Site, now: Date): Refusal | null {
  const { rateLimitPerMinute, rateLimitPerDay } = site.settings;
  const windows: [RecentActivity, number, number][] = [
    [attempts.networkPerMinute, rateLimitPerMinute, 60],
    [attempts.emailPerMinute, rateLimitPerMinute, 60],
    [attempts.networkPerDay, rateLimitPerDay, 86400],
    [attempts.emailPerDay, rateLimitPerDay, 86400],
  ];
  const waits = windows
    .filter(([activity, limit]) => activity.count >= limit)
    .map(([activity, , seconds]) => retryAfterSeconds(activity, seconds, now));
  return waits.length > 0 ? { code: "rate_limited", retryAfterSeconds: Math.max(...waits) } : null;
}

/** Seconds until the oldest counted attempt leaves its window (at least 1). */
export function retryAfterSeconds(activity: RecentActivity, windowSeconds: number, now: Date) {
  const oldest = activity.oldestAt ? Date.parse(activity.oldestAt) : now.getTime();
  return Math.max(1, Math.ceil((oldest + windowSeconds * 1000 - now.getTime()) / 1000));
}

/** Step 4, the free half: the hidden field a person never sees, and forms sent too fast. */
function checkTraps(submission: Submission, site: Site): string[] {
  const reasons: string[] = [];
  if (submission.honeypot && submission.honeypot.trim() !== "") reasons.push("honeypot");
  const age = submission.formTokenAgeSeconds;
  const { requireFormToken, minSubmitSeconds } = site.settings;
  if (age === null ? requireFormToken : age < minSubmitSeconds) {
    reasons.push(age === null ? "missing-form-token" : "too-fast");
  }
  return reasons;
}

/** Spam is stored for moderators to review while the network's daily allowance lasts. */
function spam(
  reasons: string[],
  submission: Submission,
  facts: PostingFacts,
  html?: string,
): PostingDecision {
  if (facts.attempts.spamStoredToday >= storedSpamPerNetworkPerDay) {
    return { outcome: "dropped", reasons };
  }
  return {
    outcome: "stored",
    status: "spam",
    reasons,
    html: html ?? renderMarkdown(submission.body),
  };
}

const turnstileMessages: Record<Exclude<TurnstileOpinion, "passed">, string> = {
  missing: "Please complete the verification, then send your comment again.",
  failed: "The verification did not succeed. Please try it once more.",
  expired: "The verification has expired. Please complete it again.",
  unavailable: "The verification could not be checked just now. Please try again.",
};

/** Step 4, the paid half: a failed Turnstile check is a 400 the reader can act on. */
function turnstileRefusal(opinion: Exclude<TurnstileOpinion, "passed">): Refusal {
  return { code: "invalid_input", fields: { turnstileToken: turnstileMessages[opinion] } };
}
