/**
 * The reader's own comments after a reload: remembered in localStorage with their edit
 * token, and fetched back by token while still held for review; from a verified browser,
 * those its reader token finds too (posted on any device); edits and deletions.
 */
import { getComment, readerComments, type ApiError, type Comment } from "../api";
import type { ThreadContextValue } from "../components/thread-context";
import { withReplies } from "../interactive/posted";
import { forgetOwn, loadOwn, rememberOwn, type OwnComment } from "../interactive/own-storage";
import { findComment, insertComment, removeComment, updateComment } from "../thread";
import { forgetToken, loadToken } from "./fragment-tokens";

function forget(ctx: ThreadContextValue, id: string) {
  forgetOwn(ctx.options.site, id);
  ctx.setOwn((all) => {
    const { [id]: _, ...rest } = all;
    return rest;
  });
}

/** Runs once the chunks are in: own comments of this page, held ones fetched by token. */
export async function restoreOwn(ctx: ThreadContextValue): Promise<void> {
  const readerToken = loadToken("reader", ctx.options.site);
  if (readerToken) void restoreVerified(ctx, readerToken);
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
        getComment(ctx.options, o.id, o.token).catch((error) => {
          if (error.status === 404) forget(ctx, o.id);
          return null;
        }),
      ),
  );
  showHeld(ctx, held);
}

/** Held comments join the list; approved ones are (or will be, on "load more") in it already. */
function showHeld(ctx: ThreadContextValue, held: (Comment | null)[]): void {
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

/**
 * What the browser's reader token finds of the author's on this page: held comments to
 * show, and edit and delete while the window is open (the token stands in for edit tokens).
 */
async function restoreVerified(ctx: ThreadContextValue, token: string): Promise<void> {
  const { options } = ctx;
  const { site, page } = options;
  let found: Awaited<ReturnType<typeof readerComments>>["comments"];
  try {
    found = (await readerComments(options, site, page.key, token)).comments;
  } catch (error) {
    // Expired or revoked: this browser is no longer verified, and the reader is told so.
    if ((error as ApiError).status === 401) {
      forgetToken("reader", site);
      ctx.announce(ctx.s.verifyAgain);
    }
    return;
  }
  const open = found.filter((c) => Date.parse(c.editableUntil) > Date.now());
  const entries = open.map((c): [string, OwnComment] => [
    c.id,
    { id: c.id, token, until: c.editableUntil, page: page.key, body: c.body, postedAt: Date.now() },
  ]);
  // This browser's own edit tokens, where it has them, stay first.
  ctx.setOwn((own) => ({ ...Object.fromEntries(entries), ...own }));
  showHeld(ctx, found);
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
