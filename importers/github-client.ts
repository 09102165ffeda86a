/**
 * The little of GitHub's API the giscus and utterances importers need: GraphQL queries
 * (Discussions) and paginated REST lists (Issues), with the owner's token. Written against
 * GitHub's documented behaviour:
 *
 * - every answer carries `x-ratelimit-remaining` and `x-ratelimit-reset` (UTC epoch
 *   seconds): when the remaining count reaches 0, the next request waits for the reset;
 * - a rate-limited request is answered 403 or 429: with `retry-after` (seconds) it is
 *   retried after that long, with `x-ratelimit-remaining: 0` after the reset, otherwise
 *   after a minute (GitHub's advice for secondary limits), a few times at most;
 * - REST lists are paginated by the `Link` header's `rel="next"` address;
 * - GraphQL answers 200 with an `errors` list when a query fails.
 *
 * Nothing here is Node-specific (fetch only); the waiting is a parameter so a caller can
 * report it (the command line prints it) and tests need not wait.
 */
import { ImportFormatError } from "./errors";

export interface GitHubClientOptions {
  /**
   * https://api.github.com, or GitHub Enterprise Server's REST root `https://HOST/api/v3`
   * (whose GraphQL endpoint is `https://HOST/api/graphql`).
   */
  apiUrl?: string;
  /** How to wait for a rate limit to pass; setTimeout by default. */
  wait?: (milliseconds: number, why: string) => Promise<void>;
}

/** How often one request is retried after a rate-limit answer before giving up. */
const maxRateLimitRetries = 5;
/** GitHub: without other advice, wait at least a minute after a secondary rate limit. */
const secondaryLimitWait = 60_000;

export class GitHubClient {
  private readonly apiUrl: string;
  private readonly graphqlUrl: string;
  private readonly wait: (milliseconds: number, why: string) => Promise<void>;
  /** Epoch ms until which the primary limit is used up (0: not known to be). */
  private exhaustedUntil = 0;

  constructor(
    private readonly token: string,
    options: GitHubClientOptions = {},
  ) {
    this.apiUrl = (options.apiUrl ?? "https://api.github.com").replace(/\/+$/, "");
    this.graphqlUrl = /\/api\/v3$/.test(this.apiUrl)
      ? this.apiUrl.replace(/\/v3$/, "/graphql")
      : `${this.apiUrl}/graphql`;
    this.wait =
      options.wait ?? ((milliseconds) => new Promise((done) => setTimeout(done, milliseconds)));
  }

  /** The `data` of a GraphQL query; GitHub's `errors` become an ImportFormatError. */
  async graphql<Data>(query: string, variables: Record<string, unknown>): Promise<Data> {
    const response = await this.request(this.graphqlUrl, {
      method: "POST",
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as { data?: Data; errors?: { message?: string }[] };
    if (answer.errors?.length) {
      const messages = answer.errors.map((error) => error.message ?? "unknown error");
      throw new ImportFormatError(`GitHub refused the query: ${messages.join("; ")}`);
    }
    if (!answer.data) throw new ImportFormatError("GitHub answered the query without data.");
    return answer.data;
  }

  /** Every item of a paginated REST list, following `Link: <…>; rel="next"`. */
  async *restList<Item>(path: string): AsyncGenerator<Item> {
    let next: string | null = `${this.apiUrl}${path}`;
    while (next) {
      const response = await this.request(next, { method: "GET" });
      const items = (await response.json()) as Item[];
      if (!Array.isArray(items)) throw new ImportFormatError(`GitHub's ${path} is not a list.`);
      yield* items;
      next = nextPageUrl(response.headers.get("link"));
    }
  }

  private async request(url: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      if (this.exhaustedUntil > Date.now()) {
        await this.wait(this.exhaustedUntil - Date.now(), "GitHub's rate limit is used up");
      }
      const response = await fetch(url, {
        ...init,
        headers: {
          Accept: "application/vnd.github+json",
          Authorization: `Bearer ${this.token}`,
          "User-Agent": "parley-import",
          "X-GitHub-Api-Version": "2022-11-28",
          ...(init.body ? { "Content-Type": "application/json" } : {}),
        },
      });
      this.noteLimit(response.headers);
      if (response.ok) return response;
      const limited =
        response.status === 429 || (response.status === 403 && this.isLimit(response));
      if (limited && attempt < maxRateLimitRetries) {
        await this.wait(this.retryDelay(response.headers), "GitHub asked to slow down");
        continue;
      }
      throw new ImportFormatError(await failureMessage(response, limited));
    }
  }

  private noteLimit(headers: Headers): void {
    const remaining = headers.get("x-ratelimit-remaining");
    const reset = Number(headers.get("x-ratelimit-reset"));
    this.exhaustedUntil = remaining === "0" && reset > 0 ? reset * 1000 : 0;
  }

  private isLimit(response: Response): boolean {
    return (
      response.headers.has("retry-after") || response.headers.get("x-ratelimit-remaining") === "0"
    );
  }

  private retryDelay(headers: Headers): number {
    const retryAfter = Number(headers.get("retry-after"));
    if (retryAfter > 0) return retryAfter * 1000;
    if (this.exhaustedUntil > Date.now()) return this.exhaustedUntil - Date.now();
    return secondaryLimitWait;
  }
}

/** The `rel="next"` address of a Link header, or null on the last page. */
export function nextPageUrl(link: string | null): string | null {
  for (const part of (link ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1]!;
  }
  return null;
}

async function failureMessage(response: Response, limited: boolean): Promise<string> {
  if (response.status === 401) return "GitHub refused the token (401): check --token.";
  if (limited)
    return "GitHub's rate limit did not lift after several waits; run the import again later.";
  const answer = (await response.json().catch(() => null)) as { message?: string } | null;
  const detail = answer?.message ? `: ${answer.message}` : "";
  if (response.status === 404) {
    return `GitHub found no such repository, or the token cannot read it (404)${detail}.`;
  }
  return `GitHub answered ${response.status}${detail}.`;
}
