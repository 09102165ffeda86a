/**
 * The reader's own comments after a reload: remembered in localStorage with their edit
 * token, and fetched back by token while still held for review; edits and deletions.
 */
import { getComment, type Comment } from "../api";
import type { ThreadContextValue } from "../components/thread-context";
import { withReplies } from "../interactive/posted";
import { forgetOwn, loadOwn, rememberOwn } from "../interactive/own-storage";
import { findComment, insertComment, removeComment, updateComment } from "../thread";

function forget(ctx: ThreadContextValue, id: string) {
  forgetOwn(ctx.options.site, id);
  ctx.setOwn((all) => {
    const { [id]: _, ...rest } = all;
    return rest;
  });
}

/** Runs once the chunks are in: own comments of this page, held ones fetched by token. */
export async function restoreOwn(ctx: ThreadContextValue): Promise<void> {
  const mine = loadOwn(ctx.options.site).filter((o) => o.page === ctx.options.page.key);
  ctx.setOwn(Object.fromEntries(mine.map((o) => [o.id, o])));
  const listed = ctx.comments;
  for (const o of mine) {
    if (findComment(listed, o.id) && Date.parse(o.until) < Date.now()) forget(ctx, o.id);
  }
  const held = await Promise.all(
    mine
      .filter((o) => !findComment(listed, o.id))
      .map((o) =>
        getComment(ctx.options.origin, o.id, o.token).catch((error) => {
          if (error.status === 404) forget(ctx, o.id);
          return null;
        }),
      ),
  );
  // Approved ones are (or will be, on "load more") in the public list already.
  ctx.setComments((list) =>
    held.reduce<Comment[]>(
      (acc, c) =>
        c?.status === "pending" && !findComment(acc, c.id)
          ? insertComment(acc, withReplies(c), ctx.options.sort === "newest")
          : acc,
      list,
    ),
  );
}

export function edited(ctx: ThreadContextValue, comment: Comment, body: string): void {
  const entry = ctx.own[comment.id];
  if (entry) {
    rememberOwn(ctx.options.site, { ...entry, body });
    ctx.setOwn((all) => ({ ...all, [comment.id]: { ...entry, body } }));
  }
  ctx.setComments((list) =>
    updateComment(list, comment.id, (old) => ({ ...old, ...comment, replies: old.replies })),
  );
}

export function deleted(ctx: ThreadContextValue, id: string): void {
  if (findComment(ctx.comments, id)?.status !== "pending") ctx.adjustCount(-1);
  forget(ctx, id);
  ctx.setComments((list) => removeComment(list, id));
  ctx.announce(ctx.s.deletedNote);
  ctx.headingRef.current?.focus();
}
