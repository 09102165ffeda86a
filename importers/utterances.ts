/**
 * utterances keeps a page's comments in a GitHub issue of the owner's repository, read
 * here through GitHub's REST API with the owner's token: every issue (`state=all`; pull
 * requests, which the issues list also returns, are skipped), then every issue comment of
 * the repository in one paginated list, oldest first. An issue is a thread (its body is
 * what utterances wrote to open it, not a comment; `locked` closes it); issue comments are
 * flat, so every comment is top-level. Bodies are GitHub Markdown; commenters GitHub users
 * (no e-mail; a deleted account is "ghost"). Positive reactions count as likes for the report.
 */
import { assemblePageComments, type PageComment } from "./assemble";
import type { GitHubClient } from "./github-client";
import { gitHubAuthor, gitHubPageIdentity } from "./github-fields";
import { locatePage, type PageMap } from "./pages";
import { readTime } from "./times";
import type { ImportedComment, ImportResult, SkipReason } from "./types";

export interface UtterancesImportOptions {
  pageMap?: PageMap;
}

interface User {
  login: string;
  html_url: string;
}

interface Issue {
  number: number;
  title: string;
  body: string | null;
  locked: boolean;
  pull_request?: unknown;
}

interface IssueComment {
  id: number;
  issue_url: string;
  body: string | null;
  created_at: string;
  user: User | null;
  reactions?: Record<string, number | string>;
}

/** REST's reaction rollup keys that say "I like this"; -1 and confused do not. */
const likeReactions = ["+1", "heart", "hooray", "rocket", "laugh"];

export async function readUtterancesIssues(
  client: GitHubClient,
  repository: { owner: string; name: string },
  options: UtterancesImportOptions = {},
): Promise<ImportResult> {
  const base = `/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.name)}`;
  const pages = new Map<number, string>();
  const closedPages = new Set<string>();
  for await (const issue of client.restList<Issue>(`${base}/issues?state=all&per_page=100`)) {
    if (issue.pull_request) continue;
    const page = gitHubPageIdentity(issue.title, issue.body ?? "", options.pageMap);
    pages.set(issue.number, page);
    if (issue.locked) closedPages.add(page);
  }
  const records: PageComment[] = [];
  const comments = client.restList<IssueComment>(
    `${base}/issues/comments?sort=created&direction=asc&per_page=100`,
  );
  for await (const comment of comments) {
    const issueNumber = Number(/\/issues\/(\d+)$/.exec(comment.issue_url)?.[1]);
    const page = pages.get(issueNumber);
    // A comment on a pull request (its issue was skipped) is no page's comment.
    if (page === undefined) continue;
    const sourceId = `utterances:${comment.id}`;
    records.push({ sourceId, page, comment: readComment(comment, sourceId) });
  }
  const result = assemblePageComments(records, options.pageMap);
  const closedKeys = new Set(
    [...closedPages].map((page) => locatePage(page, options.pageMap)?.key),
  );
  for (const thread of result.threads) thread.closed = closedKeys.has(thread.key);
  return result;
}

function readComment(comment: IssueComment, sourceId: string): ImportedComment | SkipReason {
  const createdAt = readTime(comment.created_at);
  if (!createdAt) return "no-date";
  // GitHub keeps the CRLF line ends browsers submit.
  const body = (comment.body ?? "").replace(/\r\n?/g, "\n").trim();
  if (body === "") return "empty-body";
  const reactions = comment.reactions ?? {};
  return {
    sourceId,
    parentSourceId: null,
    ...gitHubAuthor(
      comment.user ? { login: comment.user.login, url: comment.user.html_url } : null,
    ),
    body,
    createdAt,
    status: "approved",
    likes: likeReactions.reduce((sum, key) => sum + (Number(reactions[key]) || 0), 0),
  };
}
