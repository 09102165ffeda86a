/**
 * The words of the server-rendered thread (thread-html.ts) are the widget's own, in the
 * same languages, so a page reads the same before and after the widget takes over. The
 * build writes the keys below of each widget locale to thread-strings/<lang>.json
 * (scripts/build-assets.mjs); platform/load-thread-strings.ts reads them.
 */
import type { Strings } from "../../widget/i18n/en";

export const threadStringKeys = [
  "count",
  "empty",
  "anonymous",
  "closed",
  "pending",
  "deletedNote",
  "edited",
  "moderator",
  "pinned",
  "verified",
  "loadMore",
  "moreReplies",
  "likeLabel",
  "reactionsLabel",
  "reactions",
  "needsScript",
  "leaveReply",
  "notice",
  "comment",
  "name",
  "email",
  "website",
  "post",
  "signIn",
] as const satisfies readonly (keyof Strings)[];

export type ThreadStrings = Pick<Strings, (typeof threadStringKeys)[number]>;
