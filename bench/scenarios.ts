/** The requests the bench measures; each knows how to make its next request. */
import { hotKey, moderatorHeaders, origin, site, smallKey, threadKeys } from "./seed";

export interface BenchRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  /** The next request of this scenario (each post differs: body, author and address). */
  request(): BenchRequest;
}

export const list = (key: string, query = "") =>
  `/api/comments?site=${site}&page=${encodeURIComponent(key)}${query}`;

/** Counts for some pages, one `page` parameter each. */
export const counts = (keys: readonly string[]) =>
  `/api/counts?site=${site}${keys.map((key) => `&page=${encodeURIComponent(key)}`).join("")}`;

export function get(path: string, headers: Record<string, string> = {}): Scenario["request"] {
  return () => ({ method: "GET", path, headers });
}

/**
 * Posts go to `keys` in turn; by default the threads after the small one, so the listed
 * threads stay as seeded.
 */
export function post(run: string, keys = threadKeys.slice(50, 99)): Scenario["request"] {
  let n = 0;
  return () => {
    n += 1;
    const key = keys[n % keys.length]!;
    return {
      method: "POST",
      path: "/api/comments",
      headers: {
        "Content-Type": "application/json",
        // A fresh address and author each time: the rate counters stay empty, as for
        // many readers commenting at once.
        "CF-Connecting-IP": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      },
      body: JSON.stringify({
        site,
        page: { key, url: `${origin}${key}`, title: `Post ${key}` },
        author: { name: `Reader ${n}`, email: `load-${run}-${n}@mail.example` },
        body: `Load test comment ${n} of run ${run}: *fast* enough?\n\nSee https://blog.example/faq.`,
      }),
    };
  };
}

export function scenarios(deepCursor: string, run: string): Scenario[] {
  return [
    { name: "list hot thread, first page (200 comments)", request: get(list(hotKey)) },
    {
      name: "list hot thread, page 8 by cursor",
      request: get(list(hotKey, `&cursor=${deepCursor}`)),
    },
    { name: "list small thread (81 comments)", request: get(list(smallKey)) },
    { name: "counts, 20 pages", request: get(counts(threadKeys.slice(0, 20))) },
    {
      name: "moderation queue, pending, 50",
      request: get(`/api/mod/comments?site=${site}&status=pending&limit=50`, moderatorHeaders),
    },
    { name: "post a comment", request: post(run) },
  ];
}

/** The public reads again, with the read cache on (READ_CACHE_SECONDS): a hot page. */
export function cachedScenarios(): Scenario[] {
  return [
    {
      name: "list hot thread, first page, from the read cache",
      request: get(list(hotKey)),
    },
    {
      name: "counts, 20 pages, from the read cache",
      request: get(counts(threadKeys.slice(0, 20))),
    },
  ];
}

/** Follows nextCursor from the first page of the hot thread to the given page. */
export async function cursorOfPage(url: URL, page: number): Promise<string> {
  let cursor = "";
  for (let at = 1; at < page; at += 1) {
    const res = await fetch(new URL(list(hotKey, cursor ? `&cursor=${cursor}` : ""), url));
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) throw new Error(`bench: the hot thread has fewer than ${page} pages`);
    cursor = body.nextCursor;
  }
  return cursor;
}
