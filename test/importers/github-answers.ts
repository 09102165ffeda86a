/**
 * GitHub's recorded answers for the giscus and utterances importers (fixtures in
 * test/fixtures/import/github/), routed the way GitHub would: GraphQL by the query asked,
 * REST lists by path and `page`, with rate-limit headers and `Link` pagination. Shared by
 * the unit tests (which replace fetch) and the command line's end-to-end test (which
 * serves them over HTTP in GitHub's place).
 */
import discussionsPage1 from "../fixtures/import/github/giscus-discussions-1.json";
import discussionsPage2 from "../fixtures/import/github/giscus-discussions-2.json";
import moreComments from "../fixtures/import/github/giscus-more-comments.json";
import moreReplies from "../fixtures/import/github/giscus-more-replies.json";
import commentsPage1 from "../fixtures/import/github/utterances-comments-1.json";
import commentsPage2 from "../fixtures/import/github/utterances-comments-2.json";
import issuesPage1 from "../fixtures/import/github/utterances-issues-1.json";
import issuesPage2 from "../fixtures/import/github/utterances-issues-2.json";

export interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const resetIn = (seconds: number) => String(Math.floor(Date.now() / 1000) + seconds);

export function recorded(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): RecordedAnswer {
  return {
    status: init.status ?? 200,
    headers: {
      "content-type": "application/json",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4990",
      "x-ratelimit-reset": resetIn(3600),
      ...init.headers,
    },
    body,
  };
}

/** The answer GitHub gave to this request when the answers were recorded. */
export function recordedAnswer(url: URL, graphql: GraphqlRequest | null): RecordedAnswer {
  if (url.pathname.endsWith("/graphql") && graphql) {
    if (graphql.query.includes("repository(")) {
      return recorded(graphql.variables.after ? discussionsPage2 : discussionsPage1);
    }
    if (graphql.query.includes("on DiscussionComment")) return recorded(moreReplies);
    if (graphql.query.includes("on Discussion")) return recorded(moreComments);
  }
  const secondPage = url.searchParams.get("page") === "2";
  const next = () => {
    const link = new URL(url);
    link.searchParams.set("page", "2");
    return { link: `<${link}>; rel="next", <${link}>; rel="last"` };
  };
  if (url.pathname.endsWith("/issues")) {
    return secondPage ? recorded(issuesPage2) : recorded(issuesPage1, { headers: next() });
  }
  if (url.pathname.endsWith("/issues/comments")) {
    return secondPage ? recorded(commentsPage2) : recorded(commentsPage1, { headers: next() });
  }
  return recorded({ message: "Not Found" }, { status: 404 });
}
