/**
 * The reader's own comments: shown at once after posting, remembered in localStorage with
 * their edit token, and fetched back by token after a reload while still held for review.
 */
import { getComment, type Comment, type Posted } from "../api";
import type { ThreadContextValue } from "../components/thread-context";
import { findComment, insertComment, removeComment, updateComment } from "../thread";
import { forgetOwn, loadAuthor, loadOwn, rememberOwn, type OwnComment } from "./storage";

const withReplies = (comment: Comment): Comment => ({ ...comment, replies: comment.replies ?? [] });
const newestFirst = (ctx: ThreadContextValue) => ctx.options.sort === "newest";

function forget(ctx: ThreadContextValue, id: string) {
  forgetOwn(ctx.options.site, id);
  ctx.setOwn((all) => {
    const { [id]: _, ...rest } = all;
    return rest;
  });
}

/** Runs once when the chunk arrives: remembered author, own comments, held ones by token. */
export async function restore(ctx: ThreadContextValue): Promise<void> {
  const author = loadAuthor();
  if (author) {
    ctx.setAuthor(author);
    ctx.setRemember(true);
  }
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
          ? insertComment(acc, withReplies(c), newestFirst(ctx))
          : acc,
      list,
    ),
  );
}

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
  ctx.setComments((list) => insertComment(list, withReplies(comment), newestFirst(ctx)));
  if (comment.status === "approved") ctx.adjustCount(1);
  ctx.focusNext.current = comment.id;
  ctx.announce(comment.status === "pending" ? ctx.s.pending : ctx.s.posted);
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
