/**
 * giscus keeps a page's comments in a GitHub Discussion of the owner's repository, read
 * here through GitHub's GraphQL API with the owner's token. A discussion is a thread (its
 * own body is what giscus wrote to open it, not a comment; `locked` closes it); its
 * comments are top-level comments, each with one level of replies. Bodies are GitHub
 * Markdown; commenters are GitHub users (no e-mail; a deleted account is GitHub's
 * "ghost", an empty author). A minimized comment keeps its place unless it was minimized
 * as spam or abuse; a deleted one that has replies stays as a tombstone. Positive
 * reactions are counted as likes for the report.
 */
import { assemblePageComments, type PageComment } from "./assemble";
import { ImportFormatError } from "./errors";
import type { GitHubClient } from "./github-client";
import { gitHubAuthor, gitHubPageIdentity, type GitHubUser } from "./github-fields";
import { locatePage, type PageMap } from "./pages";
import { readTime } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface GiscusImportOptions {
  pageMap?: PageMap;
  /** Only discussions in this category (its name or slug), as giscus's `data-category`. */
  category?: string;
}

interface ReactionGroup {
  content: string;
  reactors: { totalCount: number };
}

interface CommentFields {
  id: string;
  body: string;
  createdAt: string;
  deletedAt: string | null;
  isMinimized: boolean;
  minimizedReason: string | null;
  author: GitHubUser | null;
  reactionGroups: ReactionGroup[] | null;
}

interface Connection<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Node[];
}

interface DiscussionComment extends CommentFields {
  replies: Connection<CommentFields>;
}

interface Discussion {
  id: string;
  title: string;
  body: string;
  url: string;
  locked: boolean;
  category: { name: string; slug: string };
  comments: Connection<DiscussionComment>;
}

/** GitHub caps a connection at 100 nodes; smaller pages keep each query's cost low. */
const pageSize = 50;

const commentFields = `id body createdAt deletedAt isMinimized minimizedReason
  author { login url }
  reactionGroups { content reactors { totalCount } }`;
const repliesField = `replies(first: ${pageSize}) {
  pageInfo { hasNextPage endCursor } nodes { ${commentFields} } }`;
const commentsField = (after: string) => `comments(first: ${pageSize}${after}) {
  pageInfo { hasNextPage endCursor } nodes { ${commentFields} ${repliesField} } }`;

const discussionsQuery = `query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    discussions(first: ${pageSize / 2}, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { id title body url locked category { name slug } ${commentsField("")} }
    }
  }
}`;

const moreCommentsQuery = `query($id: ID!, $after: String) {
  node(id: $id) { ... on Discussion { ${commentsField(", after: $after")} } }
}`;

const moreRepliesQuery = `query($id: ID!, $after: String) {
  node(id: $id) { ... on DiscussionComment {
    replies(first: ${pageSize}, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { ${commentFields} } } } }
}`;

/** Reactions that say "I like this"; 👎 and 😕 do not. */
const likeReactions = new Set(["THUMBS_UP", "HEART", "HOORAY", "ROCKET", "LAUGH"]);

/**
 * Minimized for these, a comment is left out; for the others (outdated, off-topic…) it stays.
 * GitHub answers the reason in lower case ("spam"), but comments minimized through its API
 * keep the case they were given ("SPAM"), so the reason is compared in lower case.
 */
const minimizedReasonsLeftOut = new Map<string, SkipReason>([
  ["spam", "spam"],
  ["abuse", "rejected"],
]);

export async function readGiscusDiscussions(
  client: GitHubClient,
  repository: { owner: string; name: string },
  options: GiscusImportOptions = {},
): Promise<ImportResult> {
  const records: PageComment[] = [];
  const closedPages = new Set<string>();
  let foundCategory = options.category === undefined;
  for await (const discussion of discussionsOf(client, repository)) {
    if (options.category !== undefined && !inCategory(discussion, options.category)) continue;
    foundCategory = true;
    const page = gitHubPageIdentity(discussion.title, discussion.body, options.pageMap);
    if (discussion.locked) closedPages.add(page);
    for await (const comment of commentsOf(client, discussion)) {
      records.push({ sourceId: `giscus:${comment.id}`, page, comment: readComment(comment, null) });
      for await (const reply of repliesOf(client, comment)) {
        records.push({
          sourceId: `giscus:${reply.id}`,
          page,
          comment: readComment(reply, `giscus:${comment.id}`),
        });
      }
    }
  }
  if (!foundCategory) {
    throw new ImportFormatError(
      `The repository has no discussions in category "${options.category}".`,
    );
  }
  const result = assemblePageComments(records, options.pageMap);
  // A locked discussion takes no new comments: its thread is imported closed.
  const closedKeys = new Set(
    [...closedPages].map((page) => locatePage(page, options.pageMap)?.key),
  );
  for (const thread of result.threads) thread.closed = closedKeys.has(thread.key);
  return result;
}

function inCategory(discussion: Discussion, category: string): boolean {
  const wanted = category.trim().toLowerCase();
  return (
    discussion.category.name.toLowerCase() === wanted ||
    discussion.category.slug.toLowerCase() === wanted
  );
}

async function* discussionsOf(
  client: GitHubClient,
  repository: { owner: string; name: string },
): AsyncGenerator<Discussion> {
  let after: string | null = null;
  do {
    const data: { repository: { discussions: Connection<Discussion> } | null } =
      await client.graphql(discussionsQuery, { ...repository, after });
    if (!data.repository) {
      throw new ImportFormatError(
        `GitHub has no repository ${repository.owner}/${repository.name}.`,
      );
    }
    const { pageInfo, nodes } = data.repository.discussions;
    yield* nodes;
    after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  } while (after);
}

/** The comments of a discussion, asking for the next page while GitHub says there is one. */
function commentsOf(client: GitHubClient, discussion: Discussion) {
  return allNodes(discussion.comments, async (after) => {
    const data: { node: { comments: Connection<DiscussionComment> } } = await client.graphql(
      moreCommentsQuery,
      { id: discussion.id, after },
    );
    return data.node.comments;
  });
}

/** The replies to a comment, likewise. */
function repliesOf(client: GitHubClient, comment: DiscussionComment) {
  return allNodes(comment.replies, async (after) => {
    const data: { node: { replies: Connection<CommentFields> } } = await client.graphql(
      moreRepliesQuery,
      { id: comment.id, after },
    );
    return data.node.replies;
  });
}

async function* allNodes<Node>(
  first: Connection<Node>,
  nextPage: (after: string | null) => Promise<Connection<Node>>,
): AsyncGenerator<Node> {
  for (let connection = first; ; connection = await nextPage(connection.pageInfo.endCursor)) {
    yield* connection.nodes;
    if (!connection.pageInfo.hasNextPage) return;
  }
}

function readComment(
  comment: CommentFields,
  parentSourceId: string | null,
): ImportedComment | SkipReason {
  const leftOut = comment.isMinimized
    ? minimizedReasonsLeftOut.get((comment.minimizedReason ?? "").toLowerCase())
    : undefined;
  if (leftOut) return leftOut;
  const createdAt = readTime(comment.createdAt);
  if (!createdAt) return "no-date";
  const deletedAt = comment.deletedAt ? (readTime(comment.deletedAt) ?? createdAt) : null;
  // GitHub keeps the CRLF line ends browsers submit.
  const body = comment.body.replace(/\r\n?/g, "\n").trim();
  if (body === "" && !deletedAt) return "empty-body";
  return {
    sourceId: `giscus:${comment.id}`,
    parentSourceId,
    ...gitHubAuthor(comment.author),
    body,
    createdAt,
    status: "approved",
    likes: countLikes(comment.reactionGroups ?? []),
    ...(deletedAt ? { deletedAt } : {}),
  };
}

function countLikes(groups: readonly ReactionGroup[]): number {
  return groups
    .filter((group) => likeReactions.has(group.content))
    .reduce((sum, group) => sum + group.reactors.totalCount, 0);
}
