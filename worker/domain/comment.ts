/**
 * What a comment is, and the one place that decides which of its fields the public sees.
 * Responses are built by copying allowed fields, never by deleting private ones, so a
 * column added later cannot leak by accident.
 */
import type * as z from "zod";
import type { publicCommentSchema } from "../schemas/reader-answers";
import type { SourceKind } from "./remote-source";

export const commentStatuses = ["pending", "approved", "spam", "rejected"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** Why a reader reports a comment. */
export const reportReasons = ["spam", "abuse", "off-topic", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

export function newCommentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `c_${[...bytes].map((byte) => byte.toString(36).padStart(2, "0")).join("")}`;
}

/**
 * A comment not yet stored, from what its writer decides (the post's plan, a moderator's
 * reply): where it hangs (its parent fixes root and depth), who wrote it and what; the rest
 * starts as every new comment does.
 */
export function freshComment(
  parent: Pick<CommentRecord, "id" | "rootId" | "depth"> | null,
  fields: Pick<
    CommentRecord,
    "siteId" | "status" | "authorName" | "avatar" | "body" | "html" | "createdAt"
  > &
    Partial<
      Pick<
        CommentRecord,
        | "authorWebsite"
        | "emailEncrypted"
        | "emailHash"
        | "networkHash"
        | "dedupKey"
        | "reasons"
        | "moderatorId"
        | "verifiedAt"
        | "sourceKind"
        | "sourceId"
        | "sourceUrl"
      >
    >,
): Omit<CommentRecord, "threadId"> {
  const id = newCommentId();
  return {
    id,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    depth: parent ? parent.depth + 1 : 1,
    authorWebsite: null,
    emailEncrypted: null,
    emailHash: null,
    networkHash: null,
    dedupKey: null,
    reasons: [],
    editedAt: null,
    deletedAt: null,
    replyCount: 0,
    pinnedAt: null,
    moderatorId: null,
    likeCount: 0,
    verifiedAt: null,
    sourceKind: null,
    sourceId: null,
    sourceUrl: null,
    ...fields,
  };
}

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
  /** On a root: its approved replies at any depth (kept by a trigger); 0 on replies. */
  replyCount: number;
  /** A pinned root comes first on its page. */
  pinnedAt: string | null;
  /** Written from the desk by this moderator: shown with the "Moderator" badge. */
  moderatorId: string | null;
  /** Readers' likes (kept by storage/likes.ts in the batch of each like). */
  likeCount: number;
  /** Posted with a reader token of its own address (the "verified" mark; the email stays private). */
  verifiedAt: string | null;
  /**
   * Written elsewhere and pulled in (a Mastodon or Bluesky reply, a Webmention); null for a
   * comment posted here. Its author's profile is `authorWebsite`.
   */
  sourceKind: SourceKind | null;
  /** Its id where it lives: a Mastodon status id, an at:// URI, a Webmention's source URL. */
  sourceId: string | null;
  /** The original, which the comment links to. */
  sourceUrl: string | null;
}

/** A comment as the public sees it: the answer's schema is its one definition. */
export type PublicComment = z.infer<typeof publicCommentSchema>;

/** What the public view of a comment is made from: a read that shows comments needs no more. */
export const publicFields = [
  "id",
  "parentId",
  "authorName",
  "authorWebsite",
  "avatar",
  "html",
  "createdAt",
  "editedAt",
  "deletedAt",
  "pinnedAt",
  "moderatorId",
  "likeCount",
  "verifiedAt",
  "sourceKind",
  "sourceUrl",
] as const satisfies readonly (keyof CommentRecord)[];

export type PublicFields = Pick<CommentRecord, (typeof publicFields)[number]>;

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
    ...(comment.likeCount ? { likes: comment.likeCount } : {}),
    ...(comment.pinnedAt ? { pinned: true as const } : {}),
    ...(comment.moderatorId ? { moderator: true as const } : {}),
    ...(comment.verifiedAt ? { verified: true as const } : {}),
    ...(comment.sourceKind && comment.sourceUrl
      ? { source: { kind: comment.sourceKind, url: comment.sourceUrl } }
      : {}),
    replies,
  };
}

/** The author's own view of a comment they hold the edit token of. */
export function toOwnComment(comment: PublicFields & Pick<CommentRecord, "status">) {
  // Spam and rejected look exactly like "held" to the author: bots learn nothing.
  if (comment.status === "approved")
    return { ...toPublicComment(comment), status: "approved" } as const;
  // Only an approved comment shows its avatar seed: a keyed hash of the email, which a
  // trap-caught post with a guessed address could otherwise compare with a published one.
  const view = toPublicComment({ ...comment, avatar: "" });
  return { ...view, status: "pending" } as const;
}

/**
 * Nests approved comments (any order in, oldest-first replies out) under their parents.
 * Replies whose parent is not visible are dropped with it, and tombstones left without
 * visible replies are not shown at all, unless their root's replies go on in a later page
 * (`partialRoots`), where a tombstone's replies may yet come.
 */
export function nestComments(
  rootIds: string[],
  comments: PublicFields[],
  partialRoots: ReadonlySet<string> = new Set(),
): PublicComment[] {
  const { byId, childrenOf } = indexComments(comments);
  return rootIds
    .map((id) => byId.get(id))
    .filter((root) => root !== undefined)
    .map((root) => buildTree(root, childrenOf, partialRoots.has(root.id)))
    .filter((root) => root !== null);
}

/**
 * Nests a page of replies that continues a root's discussion: the top of each branch is a
 * reply whose parent came on an earlier page (the reader already has it).
 */
export function nestReplies(replies: PublicFields[], complete: boolean): PublicComment[] {
  const { byId, childrenOf } = indexComments(replies);
  return replies
    .filter((reply) => !reply.parentId || !byId.has(reply.parentId))
    .sort(byCreation)
    .map((top) => buildTree(top, childrenOf, !complete))
    .filter((top) => top !== null);
}

function indexComments(comments: PublicFields[]) {
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
  return { byId, childrenOf };
}

function buildTree(
  comment: PublicFields,
  childrenOf: Map<string, PublicFields[]>,
  keepEmptyTombstones: boolean,
): PublicComment | null {
  const replies = (childrenOf.get(comment.id) ?? [])
    .sort(byCreation)
    .map((reply) => buildTree(reply, childrenOf, keepEmptyTombstones))
    .filter((reply) => reply !== null);
  if (comment.deletedAt && replies.length === 0 && !keepEmptyTombstones) return null;
  return toPublicComment(comment, replies);
}

function byCreation(a: PublicFields, b: PublicFields): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}
