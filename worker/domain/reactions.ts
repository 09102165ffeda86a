/**
 * Page reactions: the kinds a site may offer under its pages (settings.reactions, up to
 * six of these, none by default), and their counts as readers see them. A fixed list of
 * names, never readers' text: the widget draws each name as its own symbol.
 */
export const reactionKinds = [
  "heart",
  "thumbsup",
  "laugh",
  "wow",
  "sad",
  "celebrate",
  "thinking",
  "clap",
] as const;
export type ReactionKind = (typeof reactionKinds)[number];

/** How the widget and the server-rendered thread draw each kind (its name is the words'). */
export const reactionSymbols: Record<ReactionKind, string> = {
  heart: "❤️",
  thumbsup: "👍",
  laugh: "😄",
  wow: "😮",
  sad: "😢",
  celebrate: "🎉",
  thinking: "🤔",
  clap: "👏",
};

/** At most this many readers of one network count for one kind on one page (as likes do). */
export const reactionsPerNetwork = 5;

/**
 * The counts of the kinds the site offers, in its order, from the counts stored with the
 * page (kinds no longer offered are not shown; one nobody chose is 0).
 */
export function offeredCounts(
  offered: readonly ReactionKind[],
  stored: Readonly<Record<string, number>> | null,
): Record<string, number> {
  return Object.fromEntries(offered.map((kind) => [kind, Math.max(0, stored?.[kind] ?? 0)]));
}
