import { afterEach, describe, expect, it, vi } from "vitest";
import discussionsPage1 from "../fixtures/import/github/giscus-discussions-1.json";
import { readGitHubComments, type GitHubSource } from "../../importers/convert";
import { describeImport, likesInSource } from "../../importers/dry-run-report";
import { ImportFormatError } from "../../importers/errors";
import { nextPageUrl } from "../../importers/github-client";
import { toParleyThreads } from "../../importers/to-parley";
import { parleyThreadSchema } from "../../worker/schemas/parley-format";
import { commentById } from "./find-comment";
import {
  recorded,
  recordedAnswer,
  resetIn,
  type GraphqlRequest,
  type RecordedAnswer,
} from "./github-answers";

// Recorded answers written for Parley from GitHub's documented GraphQL (Discussion,
// DiscussionComment) and REST (issues, issue comments) shapes; only fetch is replaced.

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: GraphqlRequest | null;
}

const toResponse = ({ status, headers, body }: RecordedAnswer) =>
  new Response(JSON.stringify(body), { status, headers });
const answer = (...args: Parameters<typeof recorded>) => toResponse(recorded(...args));

/** Replaces fetch with GitHub's recorded answers; `answerFor` may answer a call first. */
function fakeGitHub(answerFor?: (call: Call, index: number) => Response | undefined) {
  const calls: Call[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const text = await request.text();
    const call: Call = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: text ? JSON.parse(text) : null,
    };
    calls.push(call);
    const given = answerFor?.(call, calls.length - 1);
    return given ?? toResponse(recordedAnswer(new URL(request.url), call.body));
  });
  return calls;
}

const waits: { milliseconds: number; why: string }[] = [];
const giscus = (extra: Partial<GitHubSource> = {}): GitHubSource => ({
  format: "giscus",
  repository: "owner/site-comments",
  token: "ghp_recordedTokenForTests",
  wait: async (milliseconds, why) => {
    waits.push({ milliseconds, why });
  },
  ...extra,
});
const utterances = (extra: Partial<GitHubSource> = {}) =>
  giscus({ format: "utterances", ...extra });

afterEach(() => {
  vi.restoreAllMocks();
  waits.length = 0;
});

describe("giscus: a repository's Discussions through GitHub's GraphQL API", () => {
  it("asks GraphQL with the owner's token and follows every page of discussions, comments and replies", async () => {
    const calls = fakeGitHub();
    const result = await readGitHubComments(giscus());
    expect(calls.map((call) => [call.method, call.url])).toEqual(
      Array(4).fill(["POST", "https://api.github.com/graphql"]),
    );
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer ghp_recordedTokenForTests");
    expect(calls[0]!.body!.variables).toEqual({
      owner: "owner",
      name: "site-comments",
      after: null,
    });
    // The next page of replies, of comments, then of discussions, each from its cursor.
    expect(calls.slice(1).map((call) => call.body!.variables)).toEqual([
      { id: "DC_kwDOAAAAAc4AAAB1", after: "Y3Vyc29yOnJlcGxpZXMx" },
      { id: "D_kwDOAAAAAc4AAAA1", after: "Y3Vyc29yOmNvbW1lbnRzMg==" },
      { owner: "owner", name: "site-comments", after: "Y3Vyc29yOnYyOpK5MjAyMS0wMS0wMg==" },
    ]);
    expect(result.threads[0]!.comments.map((comment) => comment.sourceId.slice(-4))).toEqual([
      "AAB1",
      "AAB2",
      "AAB5",
      "AAB3",
      "AAB4",
    ]);
  });

  it("keys a discussion by the page address giscus wrote into it, else by a URL or pathname title", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    expect(result.threads.map((thread) => thread.key)).toEqual([
      "/posts/hello-world.html",
      "/about/",
    ]);
    // A title mapping ("My trip to the mountains") names no page without --map.
    expect(result.skippedComments).toContainEqual({
      reason: "unknown-page",
      sourceId: "giscus:DC_kwDOAAAAAc4AAAD1",
      threadKey: null,
    });
    const pageMap = new Map([["My trip to the mountains", "/2021/mountains/"]]);
    const mapped = await readGitHubComments(giscus(), { pageMap });
    expect(mapped.threads.map((thread) => thread.key)).toContain("/2021/mountains/");
  });

  it("places replies under their top-level comment and reads GitHub users as authors", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    expect(commentById(result, "giscus:DC_kwDOAAAAAc4AAAB1")).toEqual({
      sourceId: "giscus:DC_kwDOAAAAAc4AAAB1",
      parentSourceId: null,
      authorName: "alice",
      authorEmail: null,
      authorWebsite: "https://github.com/alice",
      networkAddress: null,
      body: "Great post! Here is `code` and a [link](https://example.com/).",
      createdAt: "2021-01-02T10:00:00.000Z",
      status: "approved",
      // 👍 2 and ❤️ 1; 👎 and 😕 are no likes.
      likes: 3,
    });
    expect(commentById(result, "giscus:DC_kwDOAAAAAc4AAAB5").parentSourceId).toBe(
      "giscus:DC_kwDOAAAAAc4AAAB1",
    );
  });

  it("names a deleted account's comment ghost, and keeps a comment minimized as outdated", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    expect(commentById(result, "giscus:DC_kwDOAAAAAc4AAAB3")).toMatchObject({
      authorName: "ghost",
      authorWebsite: null,
      status: "approved",
    });
  });

  it("leaves out comments minimized as spam or abuse, and a deleted comment without replies", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    const about = result.skippedComments.filter((skip) => skip.threadKey === "/about/");
    expect(about.map((skip) => [skip.reason, skip.sourceId])).toEqual([
      ["spam", "giscus:DC_kwDOAAAAAc4AAAC1"],
      ["rejected", "giscus:DC_kwDOAAAAAc4AAAC2"],
      ["deleted", "giscus:DC_kwDOAAAAAc4AAAC5"],
    ]);
  });

  it("keeps a deleted comment with a reply as a tombstone, and closes a locked discussion's thread", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    const about = result.threads.find((thread) => thread.key === "/about/")!;
    expect(about.closed).toBe(true);
    expect(result.threads[0]!.closed).toBe(false);
    expect(about.comments.map((comment) => [comment.sourceId, comment.deletedAt ?? null])).toEqual([
      ["giscus:DC_kwDOAAAAAc4AAAC3", "2021-02-05T08:00:00.000Z"],
      ["giscus:DC_kwDOAAAAAc4AAAC4", null],
    ]);
  });

  it("reads only the category giscus uses when asked, by name or slug", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus({ category: "announcements" }));
    expect(result.threads.map((thread) => thread.key)).toEqual(["/about/"]);
    await expect(readGitHubComments(giscus({ category: "Q&A" }))).rejects.toThrow(
      /no discussions in category "Q&A"/,
    );
  });

  it("converts to threads the import accepts, and reports the likes it cannot carry", async () => {
    fakeGitHub();
    const result = await readGitHubComments(giscus());
    const threads = await toParleyThreads("blog", result);
    for (const thread of threads) expect(parleyThreadSchema.safeParse(thread).success).toBe(true);
    const report = describeImport("giscus", threads, result.skippedComments, likesInSource(result));
    // alice 3, bob's 🚀 5, dave's 😄 1.
    expect(report).toContain("9 likes (or positive reactions) in the source are not carried over.");
  });

  it("waits out a secondary rate limit (retry-after) and retries the same request", async () => {
    const calls = fakeGitHub((_call, index) =>
      index === 0
        ? answer(
            { message: "You have exceeded a secondary rate limit." },
            { status: 403, headers: { "retry-after": "7" } },
          )
        : undefined,
    );
    const result = await readGitHubComments(giscus());
    expect(waits).toEqual([{ milliseconds: 7000, why: "GitHub asked to slow down" }]);
    expect(calls[0]!.body).toEqual(calls[1]!.body);
    expect(result.threads).toHaveLength(2);
  });

  it("waits for the reset before the next request once the primary limit is used up", async () => {
    fakeGitHub((call, index) =>
      index === 0
        ? answer(discussionsPage1, {
            headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": resetIn(30) },
          })
        : undefined,
    );
    await readGitHubComments(giscus());
    expect(waits).toHaveLength(1);
    expect(waits[0]!.why).toBe("GitHub's rate limit is used up");
    expect(waits[0]!.milliseconds).toBeGreaterThan(25_000);
    expect(waits[0]!.milliseconds).toBeLessThanOrEqual(30_000);
  });

  it("gives up after several rate-limit answers, and names a refused token or a failed query", async () => {
    fakeGitHub(() =>
      answer({ message: "rate limited" }, { status: 429, headers: { "retry-after": "1" } }),
    );
    await expect(readGitHubComments(giscus())).rejects.toThrow(/rate limit did not lift/);
    expect(waits).toHaveLength(5);
    vi.restoreAllMocks();
    fakeGitHub(() => answer({ message: "Bad credentials" }, { status: 401 }));
    await expect(readGitHubComments(giscus())).rejects.toThrow(/refused the token/);
    vi.restoreAllMocks();
    fakeGitHub(() =>
      answer({ data: null, errors: [{ message: "Could not resolve to a Repository" }] }),
    );
    await expect(readGitHubComments(giscus())).rejects.toThrow(
      /GitHub refused the query: Could not resolve to a Repository/,
    );
  });

  it("asks GitHub Enterprise Server's GraphQL endpoint beside its REST root", async () => {
    const calls = fakeGitHub();
    await readGitHubComments(giscus({ apiUrl: "https://github.example.com/api/v3" }));
    expect(calls[0]!.url).toBe("https://github.example.com/api/graphql");
  });

  it("refuses a repository that is not owner/name, or no token, before asking GitHub", async () => {
    const calls = fakeGitHub();
    await expect(readGitHubComments(giscus({ repository: "site-comments" }))).rejects.toThrow(
      ImportFormatError,
    );
    await expect(readGitHubComments(giscus({ token: " " }))).rejects.toThrow(/token/);
    expect(calls).toEqual([]);
  });
});

describe("utterances: a repository's Issues through GitHub's REST API", () => {
  it("lists every issue and every issue comment, following the Link header's next page", async () => {
    const calls = fakeGitHub();
    await readGitHubComments(utterances());
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      "GET https://api.github.com/repos/owner/site-comments/issues?state=all&per_page=100",
      "GET https://api.github.com/repos/owner/site-comments/issues?state=all&per_page=100&page=2",
      "GET https://api.github.com/repos/owner/site-comments/issues/comments?sort=created&direction=asc&per_page=100",
      "GET https://api.github.com/repos/owner/site-comments/issues/comments?sort=created&direction=asc&per_page=100&page=2",
    ]);
    expect(calls[0]!.headers.get("accept")).toBe("application/vnd.github+json");
    expect(calls[0]!.headers.get("x-github-api-version")).toBe("2022-11-28");
  });

  it("keys issues by the page address utterances wrote, or the pathname title ('index' is the root)", async () => {
    fakeGitHub();
    const result = await readGitHubComments(utterances());
    expect(result.threads.map((thread) => [thread.key, thread.closed])).toEqual([
      ["/posts/first/", false],
      ["/", true],
    ]);
    // An ordinary issue names no page; a pull request's comments are no page's.
    expect(result.skippedComments).toEqual([
      { reason: "empty-body", sourceId: "utterances:1005", threadKey: "/posts/first/" },
      { reason: "unknown-page", sourceId: "utterances:1006", threadKey: null },
    ]);
    expect(JSON.stringify(result)).not.toContain("utterances:1002");
  });

  it("reads flat comments with CRLF line ends, ghosts, and reactions counted as likes", async () => {
    fakeGitHub();
    const result = await readGitHubComments(utterances());
    expect(commentById(result, "utterances:1001")).toEqual({
      sourceId: "utterances:1001",
      parentSourceId: null,
      authorName: "alice",
      authorEmail: null,
      authorWebsite: "https://github.com/alice",
      networkAddress: null,
      body: "First!\n\nWith a second paragraph.",
      createdAt: "2020-05-01T08:00:00.000Z",
      status: "approved",
      likes: 4,
    });
    expect(commentById(result, "utterances:1003").authorName).toBe("ghost");
    expect(commentById(result, "utterances:1004").authorName).toBe("ghost");
  });
});

describe("GitHub's Link header", () => {
  it("gives the next page, or null on the last", () => {
    expect(
      nextPageUrl(
        '<https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      ),
    ).toBe("https://api.github.com/x?page=3");
    expect(nextPageUrl('<https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
    expect(nextPageUrl(null)).toBeNull();
  });
});
