/**
 * What a comment is, and the one place that decides which of its fields the public sees.
 * Responses are built by copying allowed fields, never by deleting private ones, so a
 * column added later cannot leak by accident.
 */

export const commentStatuses = ["pending", "approved", "spam", "rejected"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** A comment as stored (storage/comments.ts maps rows to this). */
export interface CommentRecord {
  id: string;
  siteId: string;
  threadId: number;
  parentId: string | null;
  rootId: string;
  depth: number;
  status: CommentStatus;
  authorName: string;
  authorWebsite: string | null;
  /** AES-GCM sealed email; only a moderator view ever opens it. */
  emailEncrypted: string | null;
  emailHash: string | null;
  avatar: string;
  networkHash: string | null;
  body: string;
  html: string;
  dedupKey: string | null;
  reasons: string[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface PublicComment {
  id: string;
  parentId: string | null;
  author: { name: string; website: string | null; avatar: string };
  html: string;
  createdAt: string;
  editedAt: string | null;
  deleted?: true;
  replies: PublicComment[];
}

type PublicFields = Pick<
  CommentRecord,
  | "id"
  | "parentId"
  | "authorName"
  | "authorWebsite"
  | "avatar"
  | "html"
  | "createdAt"
  | "editedAt"
  | "deletedAt"
>;

export function toPublicComment(
  comment: PublicFields,
  replies: PublicComment[] = [],
): PublicComment {
  if (comment.deletedAt) {
    return {
      id: comment.id,
      parentId: comment.parentId,
      author: { name: "", website: null, avatar: "" },
      html: "",
      createdAt: comment.createdAt,
      editedAt: null,
      deleted: true,
      replies,
    };
  }
  return {
    id: comment.id,
    parentId: comment.parentId,
    author: { name: comment.authorName, website: comment.authorWebsite, avatar: comment.avatar },
    html: comment.html,
    createdAt: comment.createdAt,
    editedAt: comment.editedAt,
    replies,
  };
}

/** The author's own view of a comment they hold the edit token of. */
export function toOwnComment(comment: PublicFields & Pick<CommentRecord, "status">) {
  // Spam and rejected look exactly like "held" to the author: bots learn nothing.
  const status = comment.status === "approved" ? "approved" : "pending";
  return { ...toPublicComment(comment), status } as const;
}

/**
 * Nests approved comments (any order in, oldest-first replies out) under their parents.
 * Replies whose parent is not visible are dropped with it, and tombstones left without
 * visible replies are not shown at all.
 */
export function nestComments(rootIds: string[], comments: PublicFields[]): PublicComment[] {
  const childrenOf = new Map<string, PublicFields[]>();
  const byId = new Map<string, PublicFields>();
  for (const comment of comments) {
    byId.set(comment.id, comment);
    if (comment.parentId) {
      const siblings = childrenOf.get(comment.parentId) ?? [];
      siblings.push(comment);
      childrenOf.set(comment.parentId, siblings);
    }
  }
  const build = (comment: PublicFields): PublicComment | null => {
    const replies = (childrenOf.get(comment.id) ?? [])
      .sort(byCreation)
      .map(build)
      .filter((reply) => reply !== null);
    if (comment.deletedAt && replies.length === 0) return null;
    return toPublicComment(comment, replies);
  };
  return rootIds
    .map((id) => byId.get(id))
    .filter((root) => root !== undefined)
    .map(build)
    .filter((root) => root !== null);
}

function byCreation(a: PublicFields, b: PublicFields): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}
