/**
 * The words of the server-rendered thread (thread-html.ts) are the widget's own, in the
 * same languages, so a page reads the same before and after the widget takes over. The
 * build writes the keys below of each widget locale to thread-strings/<lang>.json
 * (scripts/build-assets.mjs); the Worker reads them through ASSETS, once per isolate.
 */
import type { Strings } from "../../widget/i18n/en";
import { ApiError } from "../errors";
import { staticJson, type Assets } from "../static-json";

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
  "loadMore",
  "moreReplies",
  "likeLabel",
  "needsScript",
  "leaveReply",
  "notice",
  "comment",
  "name",
  "email",
  "website",
  "post",
] as const satisfies readonly (keyof Strings)[];

export type ThreadStrings = Pick<Strings, (typeof threadStringKeys)[number]>;

export function threadStrings(assets: Assets, lang: string): Promise<ThreadStrings> {
  return staticJson<ThreadStrings>(assets, `thread-strings/${lang}.json`).catch(
    (error: unknown) => {
      // Built with the Worker and deployed beside it: missing means a broken deployment.
      console.error(`thread strings for ${lang} unavailable: ${String(error)}`);
      throw new ApiError("internal", "The thread could not be rendered.");
    },
  );
}
