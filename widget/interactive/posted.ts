/** A comment the reader just posted: shown at once, and remembered with its edit token. */
import type { Comment, Posted } from "../api";
import type { ThreadContextValue } from "../components/thread-context";
import { insertComment } from "../thread";
import { rememberOwn, type OwnComment } from "./own-storage";

export const withReplies = (comment: Comment): Comment => ({
  ...comment,
  replies: comment.replies ?? [],
});

export function posted(ctx: ThreadContextValue, result: Posted, body: string): void {
  const { comment } = result;
  const entry: OwnComment = {
    id: comment.id,
    token: result.editToken,
    until: result.editableUntil,
    page: ctx.options.page.key,
    body,
    postedAt: Date.now(),
  };
  rememberOwn(ctx.options.site, entry);
  ctx.setOwn((all) => ({ ...all, [comment.id]: entry }));
  ctx.setComments((list) =>
    insertComment(list, withReplies(comment), ctx.options.sort === "newest"),
  );
  if (comment.status === "approved") ctx.adjustCount(1);
  // Focus moves to the new comment once Preact has drawn it (renders run as microtasks).
  setTimeout(() =>
    (ctx.headingRef.current?.getRootNode() as ShadowRoot | undefined)
      ?.getElementById(`comment-${comment.id}`)
      ?.focus(),
  );
  const said = comment.status === "pending" ? ctx.s.pending : ctx.s.posted;
  ctx.announce(
    result.subscription === "awaiting-confirmation" ? `${said} ${ctx.s.confirmMail}` : said,
  );
}
