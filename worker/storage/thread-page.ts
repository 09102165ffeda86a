/**
 * A thread as readers page through it: a page of roots with their first replies, and more
 * replies of one root (where a linked comment sits is comment-context.ts's). Read models,
 * each one D1 round trip over the roots and replies indexes; writes are elsewhere.
 */
import type { CommentRecord } from "../domain/comment";
import type { PageCursor } from "../domain/cursor";
import { commentFrom, commentList, commentsFrom } from "./comments";
import { statement, type Param } from "./parameters";
import { allRows } from "./rows";
import type { Site } from "../domain/site";
import { maxPinnedPerThread, type Thread } from "../domain/thread";
import { selectSite, selectSiteOfComment, siteFrom } from "./sites";
import type { Database } from "./database";
import { threadFrom, selectThread } from "./threads";

export interface ThreadPage {
  site: Site | null;
  thread: Thread | null;
  /** Root ids of this page, in page order. */
  rootIds: string[];
  /** The roots and the first approved replies below each of them. */
  comments: CommentRecord[];
  /** Position of the last root of this page, when another page follows. */
  nextAfter: PageCursor | null;
  /** Per root whose replies go on: the last reply shown, and how many are not shown yet. */
  moreReplies: Map<string, MoreReplies>;
}

export interface MoreReplies {
  after: PageCursor;
  left: number;
}

export interface ThreadPageQuery {
  siteId: string;
  key: string;
  after: PageCursor | null;
  limit: number;
  replyLimit: number;
  sort: "oldest" | "newest" | "best";
}

/**
 * One page of a thread in one D1 round trip: the site, the thread, and a page of approved
 * root comments, each with its oldest `replyLimit` approved replies at any depth, found
 * through `root_id`. A root keeps a count of its replies; for the few with more than a
 * page's share, the last reply to show is looked up first (an index walk of `replyLimit`
 * entries), so the rows read follow the page, never the size of a discussion. One root
 * beyond the page is read to learn whether another page follows.
 */
export async function loadThreadPage(db: Database, query: ThreadPageQuery): Promise<ThreadPage> {
  const best = query.sort === "best";
  // Pinned roots head the first page whatever the sort; the pages themselves hold the rest.
  const withPinned = query.after === null;

  const [siteResult, threadResult, pageResult, pinnedResult] = await db.batch([
    selectSite(db, query.siteId),
    selectThread(db, query.siteId, query.key),
    selectRootsPage(db, query, false),
    ...(withPinned ? [selectRootsPage(db, query, true)] : []),
  ]);

  const regular = rootsFrom(pageResult, query.limit);
  const pinned = rootsFrom(pinnedResult, maxPinnedPerThread);
  const roots = regular.roots;
  const pageRoots = [...pinned.shown, ...regular.shown];
  const last = regular.shown.at(-1)?.comment;
  const pageRootIds = new Set(pageRoots.map(({ comment }) => comment.id));
  const replies = [...pinned.replies, ...regular.replies];

  return {
    site: siteFrom(siteResult),
    thread: threadFrom(threadResult),
    rootIds: [...pageRootIds],
    comments: [...pageRoots.map(({ comment }) => comment), ...replies],
    nextAfter:
      roots.length > query.limit && last
        ? { createdAt: last.createdAt, id: last.id, ...(best ? { likes: last.likeCount } : {}) }
        : null,
    moreReplies: new Map(
      pageRoots.flatMap(({ comment }) => {
        const more = moreRepliesOf(
          comment,
          replies.filter((reply) => reply.rootId === comment.id),
        );
        return more ? [[comment.id, more] as const] : [];
      }),
    ),
  };
}

/** A page of roots (pinned ones, or the rest after the cursor) with their replies. */
function selectRootsPage(
  db: Database,
  query: ThreadPageQuery,
  pinned: boolean,
): D1PreparedStatement {
  const best = query.sort === "best";
  const order = query.sort === "newest" ? "DESC" : "ASC";
  const rootOrder = `${best ? "like_count DESC, " : ""}created_at ${order}, id ${order}`;
  return statement(db, (p) => {
    const thread = `SELECT id FROM threads WHERE site_id = ${p(query.siteId)} AND key = ${p(query.key)}`;
    const limit = p(pinned ? maxPinnedPerThread : query.limit);
    const replyLimit = p(query.replyLimit);
    const after = query.after && !pinned ? afterRoot(query.after, query.sort, p) : "";
    return `WITH page AS (
           SELECT id, reply_count, ROW_NUMBER() OVER (ORDER BY ${rootOrder}) AS position
           -- The few pinned roots through their own small index, never a walk of all roots.
           FROM comments ${pinned ? "INDEXED BY comments_pinned" : ""}
           WHERE thread_id = (${thread}) AND status = 'approved' AND depth = 1
             AND pinned_at IS ${pinned ? "NOT NULL" : "NULL"} ${after}
           ORDER BY ${rootOrder}
           LIMIT ${limit} + 1
         ),
         -- Materialized, so each root's cut is looked up once, not once per reply.
         bounded AS MATERIALIZED (
           SELECT id, position, reply_count,
             ${lastShown("created_at", replyLimit)} AS cut_at,
             ${lastShown("id", replyLimit)} AS cut_id
           FROM page
         )
         SELECT bounded.position, ${commentList}
         FROM bounded JOIN comments c ON c.root_id = bounded.id
         WHERE c.status = 'approved' AND (bounded.position <= ${limit} OR c.id = bounded.id)
           AND c.created_at <= COALESCE(bounded.cut_at, '9999')
           AND (bounded.cut_at IS NULL OR c.depth = 1
                OR (c.created_at, c.id) <= (bounded.cut_at, bounded.cut_id))`;
  });
}

/** The roots after a cursor, in the list's order: under `best`, less liked, or as liked and newer. */
function afterRoot(after: PageCursor, sort: ThreadPageQuery["sort"], p: Param): string {
  if (sort !== "best") {
    return `AND (created_at, id) ${sort === "newest" ? "<" : ">"} (${p(after.createdAt)}, ${p(after.id)})`;
  }
  const likes = p(after.likes ?? 0);
  return `AND (like_count < ${likes}
    OR (like_count = ${likes} AND (created_at, id) > (${p(after.createdAt)}, ${p(after.id)})))`;
}

/** A root's last reply to show (the `replyLimit`-th), where it has more than that. */
const lastShown = (column: "created_at" | "id", replyLimit: string) =>
  `CASE WHEN reply_count > ${replyLimit} THEN (
       SELECT r.${column} FROM comments r
       WHERE r.root_id = page.id AND r.status = 'approved' AND r.depth > 1
       ORDER BY r.created_at, r.id LIMIT 1 OFFSET ${replyLimit} - 1) END`;

/** The roots a page statement read, in page order, those within `limit`, and their replies. */
function rootsFrom(result: D1Result<unknown> | undefined, limit: number) {
  const positions = allRows<{ position: number }>(result);
  const comments = commentsFrom(result);
  const roots = comments
    .map((comment, index) => ({ comment, position: positions[index]!.position }))
    .filter(({ comment }) => comment.depth === 1)
    .sort((a, b) => a.position - b.position);
  return {
    roots,
    shown: roots.filter(({ position }) => position <= limit),
    replies: comments.filter((comment) => comment.depth > 1),
  };
}

/** Where a root's replies go on after those shown, if they do. */
function moreRepliesOf(root: CommentRecord, shown: CommentRecord[]): MoreReplies | null {
  const left = root.replyCount - shown.length;
  const last = shown.sort(byPosition).at(-1);
  return left > 0 && last ? { after: { createdAt: last.createdAt, id: last.id }, left } : null;
}

function byPosition(a: CommentRecord, b: CommentRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * A root's approved replies in creation order, after a cursor: one range of the
 * (root_id, status, created_at, id) index, one more than `limit` to tell whether more follow.
 */
export function selectReplies(
  db: Database,
  rootId: string,
  after: PageCursor | null,
  limit: number,
): D1PreparedStatement {
  return statement(
    db,
    (p) =>
      `SELECT ${commentList} FROM comments c
       WHERE c.root_id = ${p(rootId)} AND c.status = 'approved' AND c.depth > 1
         ${after ? `AND (c.created_at, c.id) > (${p(after.createdAt)}, ${p(after.id)})` : ""}
       ORDER BY c.created_at, c.id LIMIT ${p(limit)} + 1`,
  );
}

/** The first `limit` of the replies read by selectReplies, and whether (after which) more follow. */
export function repliesPageFrom(
  result: D1Result<unknown> | undefined,
  limit: number,
): { replies: CommentRecord[]; nextAfter: PageCursor | null } {
  const read = commentsFrom(result);
  const replies = read.slice(0, limit);
  const last = replies.at(-1);
  return {
    replies,
    nextAfter: read.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}

export interface RepliesPage {
  site: Site | null;
  /** The root the replies belong to: approved and top-level, else null (404). */
  root: CommentRecord | null;
  replies: CommentRecord[];
  /** The last reply of this page, when more follow. */
  nextAfter: PageCursor | null;
}

/** The next page of a root's replies, after a cursor, with the root and its site. */
export async function loadReplies(
  db: Database,
  query: { rootId: string; after: PageCursor | null; limit: number },
): Promise<RepliesPage> {
  const [rootResult, siteResult, repliesResult] = await db.batch([
    db
      .prepare(
        `SELECT ${commentList} FROM comments c
         WHERE c.id = ?1 AND c.status = 'approved' AND c.depth = 1`,
      )
      .bind(query.rootId),
    selectSiteOfComment(db, query.rootId),
    selectReplies(db, query.rootId, query.after, query.limit),
  ]);
  return {
    site: siteFrom(siteResult),
    root: commentFrom(rootResult),
    ...repliesPageFrom(repliesResult, query.limit),
  };
}
