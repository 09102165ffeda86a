/**
 * Turns threads in Parley's format into rows ready to store: emails sealed and hashed,
 * network addresses hashed (never kept raw), bodies rendered, and each comment's depth and
 * root worked out from its parent within the same thread.
 */
import type { CommentRecord } from "./comment";
import type { Keys } from "./keys";
import { hashNetwork, protectAuthor } from "./privacy";
import { renderMarkdown } from "./render";
import type { ParleyComment, ParleyThread } from "../schemas/parley-format";

export type ImportCommentRow = Omit<
  CommentRecord,
  "threadId" | "replyCount" | "pinnedAt" | "moderatorId" | "likeCount"
> & {
  threadKey: string;
};

export interface PreparedImport {
  threads: {
    key: string;
    url: string | null;
    title: string | null;
    closed: boolean;
    createdAt: string;
    /** The first approved comment's time: when the page's discussion opened. */
    openedAt: string | null;
  }[];
  comments: ImportCommentRow[];
  /** Comments whose parent is not in the same thread (or comes after them). */
  orphans: number;
}

export async function prepareImport(
  keys: Keys,
  siteId: string,
  threads: ParleyThread[],
): Promise<PreparedImport> {
  const prepared: PreparedImport = { threads: [], comments: [], orphans: 0 };
  for (const thread of threads) {
    const placed = new Map<string, { depth: number; rootId: string }>();
    const ordered = [...thread.comments].sort((a, b) =>
      a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
    );
    let rows = 0;
    for (const comment of ordered) {
      const parent = comment.parentId ? placed.get(comment.parentId) : undefined;
      if (comment.parentId && !parent) {
        prepared.orphans += 1;
        continue;
      }
      const position = {
        depth: parent ? parent.depth + 1 : 1,
        rootId: parent ? parent.rootId : comment.id,
      };
      placed.set(comment.id, position);
      prepared.comments.push(await commentRow(keys, siteId, thread.key, comment, position));
      rows += 1;
    }
    if (rows > 0 || thread.closed) {
      prepared.threads.push({
        key: thread.key,
        url: thread.url,
        title: thread.title,
        closed: thread.closed,
        createdAt: thread.createdAt ?? ordered[0]?.createdAt ?? new Date().toISOString(),
        openedAt: openedAt(ordered),
      });
    }
  }
  return prepared;
}

/**
 * A comment as stored: its author's email sealed and hashed, its network hashed, its body
 * rendered; a deleted one keeps no trace of its author or text.
 */
async function commentRow(
  keys: Keys,
  siteId: string,
  threadKey: string,
  comment: ParleyComment,
  position: { depth: number; rootId: string },
): Promise<ImportCommentRow> {
  const deleted = comment.deletedAt !== null;
  const name = comment.author.name;
  const protectedAuthor = deleted
    ? { emailEncrypted: null, emailHash: null, avatar: "" }
    : await protectAuthor(keys, siteId, { name, email: comment.author.email });
  return {
    id: comment.id,
    siteId,
    threadKey,
    parentId: comment.parentId,
    ...position,
    status: comment.status,
    authorName: deleted ? "" : name,
    authorWebsite: deleted ? null : comment.author.website,
    ...protectedAuthor,
    networkHash:
      comment.networkAddress && !deleted ? await hashNetwork(keys, comment.networkAddress) : null,
    body: deleted ? "" : comment.body,
    html: deleted ? "" : renderMarkdown(comment.body),
    dedupKey: null,
    reasons: comment.reasons,
    createdAt: new Date(comment.createdAt).toISOString(),
    editedAt: comment.editedAt && new Date(comment.editedAt).toISOString(),
    deletedAt: comment.deletedAt && new Date(comment.deletedAt).toISOString(),
    // The mark moves with the address it was proved for (reader tokens never move: a verified
    // reader verifies again on the new site to edit from another device).
    verifiedAt:
      deleted || !comment.author.email || !comment.verifiedAt
        ? null
        : new Date(comment.verifiedAt).toISOString(),
    // Nor sources: an imported comment is one of the page's own (docs/importing.md).
    sourceKind: null,
    sourceId: null,
    sourceUrl: null,
  };
}

/** When a page's discussion opened: its first approved comment's time, if it has one. */
function openedAt(comments: ParleyThread["comments"]): string | null {
  const first = comments.find((comment) => comment.status === "approved" && !comment.deletedAt);
  return first ? new Date(first.createdAt).toISOString() : null;
}
