/** Pure helpers over the nested comment tree the API returns. */
import type { Comment } from "./api";

export function findComment(list: Comment[], id: string): Comment | undefined {
  for (const comment of list) {
    if (comment.id === id) return comment;
    const found = findComment(comment.replies, id);
    if (found) return found;
  }
  return undefined;
}

/** Adds a comment under its parent (or at the root when the parent is not loaded). */
export function insertComment(list: Comment[], comment: Comment, newestFirst: boolean): Comment[] {
  const add = (siblings: Comment[]) =>
    newestFirst && !comment.parentId ? [comment, ...siblings] : [...siblings, comment];
  if (comment.parentId && findComment(list, comment.parentId)) {
    return updateComment(list, comment.parentId, (parent) => ({
      ...parent,
      replies: add(parent.replies),
    }));
  }
  return add(list);
}

/** Replaces one comment anywhere in the tree; `null` from `change` removes it. */
export function updateComment(
  list: Comment[],
  id: string,
  change: (comment: Comment) => Comment | null,
): Comment[] {
  const out: Comment[] = [];
  for (const comment of list) {
    const next =
      comment.id === id
        ? change(comment)
        : { ...comment, replies: updateComment(comment.replies, id, change) };
    if (next) out.push(next);
  }
  return out;
}

/** What the server does on delete: a comment with replies stays as a tombstone. */
export function removeComment(list: Comment[], id: string): Comment[] {
  return updateComment(list, id, (comment) =>
    comment.replies.length
      ? { ...comment, deleted: true, html: "", author: { ...comment.author, name: "" } }
      : null,
  );
}

function countComments(list: Comment[]): number {
  return list.reduce((sum, comment) => sum + 1 + countComments(comment.replies), 0);
}

/**
 * Hangs a page of a root's replies under the comments they answer (a branch whose parent
 * is not shown is left out), and moves the root's cursor on.
 */
export function addReplies(
  list: Comment[],
  rootId: string,
  page: { replies: Comment[]; nextCursor: string | null },
): Comment[] {
  let next = list;
  for (const branch of page.replies) {
    if (!branch.parentId || findComment(next, branch.id)) continue;
    next = updateComment(next, branch.parentId, (parent) => ({
      ...parent,
      replies: [...parent.replies, branch],
    }));
  }
  return updateComment(next, rootId, (root) => ({
    ...root,
    repliesCursor: page.nextCursor,
    moreReplies: page.nextCursor
      ? Math.max(0, (root.moreReplies ?? 0) - countComments(page.replies))
      : 0,
  }));
}
