/**
 * Where a linked comment sits in its thread, for a link (`#comment-<id>`) the first page
 * does not show: its chain of parents, its root, and the root before it in the list's order.
 * A read model in one D1 round trip; the pages themselves are thread-page.ts's.
 */
import type { CommentRecord } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import type { Site } from "../domain/site";
import { commentColumns, commentList, commentsFrom } from "./comments";
import type { Database } from "./database";
import { selectSiteOfComment, siteFrom } from "./sites";

export interface CommentContext {
  site: Site | null;
  /** The comment and its ancestors up to (not including) the root, oldest first. */
  branch: CommentRecord[];
  root: CommentRecord | null;
  /** The root just before this root in the thread's order, if any: where its page starts. */
  before: PageCursor | null;
}

/** What a list page's cursor needs of the root before. */
const neighbourColumns = commentColumns.pick("createdAt", "id", "likeCount");

/** The linked comment's root, unless pinned. */
const rootOf = `SELECT r.thread_id, r.created_at, r.id, r.like_count FROM comments c
  JOIN comments r ON r.id = c.root_id WHERE c.id = ?1 AND r.pinned_at IS NULL`;

/** The thread's approved roots that are not pinned, as `p`. */
const roots = `FROM root JOIN comments p ON p.thread_id = root.thread_id AND p.status = 'approved'
  AND p.depth = 1 AND p.pinned_at IS NULL`;

/** Under `oldest` the root just older, under `newest` the one just newer: one index seek. */
function timeNeighbour(sort: "oldest" | "newest"): string {
  const [order, compare] = sort === "newest" ? ["ASC", ">"] : ["DESC", "<"];
  return `SELECT ${neighbourColumns.list("p")} ${roots}
    AND (p.created_at, p.id) ${compare} (root.created_at, root.id)
    ORDER BY p.created_at ${order}, p.id ${order} LIMIT 1`;
}

/**
 * Under `best` (most liked, then oldest): an older root with as many likes, else the least
 * liked of those with more, each one seek of the best index. Asked as one condition with an
 * OR, it read every root of the thread.
 */
const bestNeighbour = `SELECT * FROM (SELECT ${neighbourColumns.list("p")} ${roots}
    AND p.like_count = root.like_count AND (p.created_at, p.id) < (root.created_at, root.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 1)
  UNION ALL
  SELECT * FROM (SELECT ${neighbourColumns.list("p")} ${roots} AND p.like_count > root.like_count
    ORDER BY p.like_count ASC, p.created_at DESC, p.id DESC LIMIT 1)
  LIMIT 1`;

/**
 * Where an approved comment is, for a link to it: its chain of parents up to its root
 * (found one parent at a time, at most the nesting depth), the root, and the root before it
 * in the thread's order (so a list page can start at the root), in one round trip.
 */
export async function loadCommentContext(
  db: Database,
  query: { id: string; sort: "oldest" | "newest" | "best" },
): Promise<CommentContext> {
  const neighbour = query.sort === "best" ? bestNeighbour : timeNeighbour(query.sort);
  const [chainResult, siteResult, beforeResult] = await db.batch([
    db
      .prepare(
        `WITH RECURSIVE chain(id, depth) AS (
           SELECT id, depth FROM comments WHERE id = ?1 AND status = 'approved'
           UNION ALL
           SELECT c.parent_id, c.depth - 1 FROM chain JOIN comments c ON c.id = chain.id
           WHERE c.parent_id IS NOT NULL
         )
         SELECT ${commentList} FROM chain CROSS JOIN comments c ON c.id = chain.id
         WHERE c.status = 'approved' ORDER BY c.depth`,
      )
      .bind(query.id),
    selectSiteOfComment(db, query.id),
    // The neighbour of the root on the side the list comes from, by the list's own index;
    // pinned roots are on the first page and in no other, so they are nobody's neighbour.
    db.prepare(`WITH root AS (${rootOf}) ${neighbour}`).bind(query.id),
  ]);
  const chain = commentsFrom(chainResult);
  const before = neighbourColumns.first(beforeResult);
  return {
    site: siteFrom(siteResult),
    root: chain.find((comment) => comment.depth === 1) ?? null,
    branch: chain.filter((comment) => comment.depth > 1),
    before: before
      ? {
          createdAt: before.createdAt,
          id: before.id,
          ...(query.sort === "best" ? { likes: before.likeCount } : {}),
        }
      : null,
  };
}
