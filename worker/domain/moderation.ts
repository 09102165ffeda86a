/**
 * The rules about what a comment says and who says it: bans, block words, hold words, the
 * link limit and the moderation mode. Pure: no I/O, no clock. New comments meet them at the
 * end of the posting pipeline (domain/posting.ts); an author's edit meets them again.
 *
 * Every verdict carries short, stable reason codes for moderators.
 */
import type { CommentStatus } from "./comment";
import type { SiteSettings } from "../schemas/settings";

export interface ContentCandidate {
  body: string;
  authorName: string;
  authorWebsite: string | null;
  email: string | null;
  /** Number of links the body renders to. */
  linkCount: number;
}

/** What is known about the author before reading what they wrote. */
export interface AuthorStanding {
  /** A moderator approved a comment of theirs under the same name and email. */
  knownAuthor: boolean;
  authorBanned: boolean;
  networkBanned: boolean;
  /** Posted with a reader token of the same address (a mailed link proved it). */
  verified?: boolean;
}

export interface Judgement {
  status: CommentStatus;
  reasons: string[];
}

/** A ban on the author's email or on the network the comment came from. */
export function banReasons(standing: AuthorStanding): string[] {
  return [
    ...(standing.authorBanned ? ["banned-author"] : []),
    ...(standing.networkBanned ? ["banned-network"] : []),
  ];
}

/**
 * Block words mark spam; otherwise the reasons for holding add up (hold words, too many
 * links, the moderation mode), so the moderator sees every one at once.
 */
export function judgeContent(
  candidate: ContentCandidate,
  standing: Pick<AuthorStanding, "knownAuthor" | "verified">,
  settings: SiteSettings,
): Judgement {
  const text = authorText(candidate);
  const blocked = matchWords(text, settings.blockWords);
  if (blocked.length > 0) {
    return { status: "spam", reasons: blocked.map((word) => `block-word:${word}`) };
  }
  const holdReasons = [
    ...matchWords(text, settings.holdWords).map((word) => `hold-word:${word}`),
    ...(candidate.linkCount > settings.maxLinks ? ["too-many-links"] : []),
    ...moderationMode(standing, settings),
  ];
  return { status: holdReasons.length > 0 ? "pending" : "approved", reasons: holdReasons };
}

/** An author's edit: the new text meets the bans and the content rules again. */
export function judgeEdit(
  candidate: ContentCandidate,
  standing: AuthorStanding,
  settings: SiteSettings,
): Judgement {
  const banned = banReasons(standing);
  if (banned.length > 0) return { status: "spam", reasons: banned };
  return judgeContent(candidate, standing, settings);
}

/**
 * First-time moderation lets a known author through (an approved comment under the same
 * name and email); where the site asks for it, only when the comment is verified too, since
 * anyone may type a regular's name and email.
 */
function moderationMode(
  standing: Pick<AuthorStanding, "knownAuthor" | "verified">,
  settings: SiteSettings,
): string[] {
  if (settings.moderation === "all") return ["moderation-all"];
  if (settings.moderation !== "first-time") return [];
  if (!standing.knownAuthor) return ["first-time-author"];
  if (settings.knownAuthorsMustVerify && !standing.verified) return ["unverified-author"];
  return [];
}

/** The text words are looked for in: the body and everything the author typed about themselves. */
function authorText(candidate: ContentCandidate): string {
  return [candidate.body, candidate.authorName, candidate.authorWebsite, candidate.email]
    .filter((part) => part)
    .join("\n");
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

/**
 * How a name is matched for first-time moderation: ASCII letters lowercased, exactly as
 * SQLite's lower() does, so the migration and the moderators' approvals (written in SQL)
 * and a new comment (checked here) agree on "Ann" and "ann".
 */
export function nameKey(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}
