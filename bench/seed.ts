/**
 * The bench's data, written through the Worker's own API so every row is what production
 * would store (emails sealed and hashed, bodies rendered):
 *
 * - one site, `bench`, with moderation off and rate limits far above the load, so posts
 *   are approved and never answered 429;
 * - 100 threads holding 10,000 approved comments: `/hot` with 2,000 (200 roots, each with a
 *   chain of replies six deep and four direct replies, see seed-data.ts), and 99 threads
 *   sharing the other 8,000;
 * - 1,000 pending roots, 10 on every thread, for the moderation queue.
 *
 * Imported with `POST /api/mod/import?format=parley` in chunks of whole threads of at most
 * about 1,000 comments (the hot thread, 2,010 comments, goes alone: a thread is never split,
 * since the importer resolves parents within one request).
 */
import { importBody, seedThread, type SeedThread } from "./seed-data";
import { secrets } from "./server";

export const site = "bench";
export const origin = "https://blog.example";
export const hotKey = "/hot";
export const smallKey = "/post-1";
export const threadKeys = [hotKey, ...Array.from({ length: 99 }, (_, i) => `/post-${i + 1}`)];

const approvedTotal = 10_000;
const hotCount = 2_000;
const pendingPerThread = 10;
const maxCommentsPerRequest = 1_000;

export const moderatorHeaders = {
  Authorization: `Bearer ${secrets.MODERATOR_TOKEN}`,
  "Content-Type": "application/json",
};

function buildThreads(): SeedThread[] {
  const start = new Date("2026-01-01T00:00:00.000Z");
  const others = threadKeys.length - 1;
  return threadKeys.map((key, index) => {
    const count =
      key === hotKey
        ? hotCount
        : Math.floor((approvedTotal - hotCount) / others) +
          (index <= (approvedTotal - hotCount) % others ? 1 : 0);
    const thread = seedThread({ key, origin, count, start });
    const pending = seedThread({
      key,
      origin,
      count: pendingPerThread,
      start: new Date(start.getTime() + 86_400_000 * 30),
      status: "pending",
      idOffset: 100_000,
    });
    return { ...thread, comments: [...thread.comments, ...pending.comments] };
  });
}

function chunkThreads(threads: SeedThread[]): SeedThread[][] {
  const chunks: SeedThread[][] = [];
  let current: SeedThread[] = [];
  let size = 0;
  for (const thread of threads) {
    if (current.length > 0 && size + thread.comments.length > maxCommentsPerRequest) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(thread);
    size += thread.comments.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function send(url: URL, pathname: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(new URL(pathname, url), init);
  const text = await res.text();
  if (!res.ok) throw new Error(`bench seed: ${pathname} answered ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** The `bench` site's settings: moderation off, rate limits far above any load (no 429s). */
export const benchSettings = {
  moderation: "none",
  maxDepth: 10,
  minSubmitSeconds: 0,
  rateLimitPerMinute: 10_000,
  rateLimitPerDay: 100_000,
};

/** Creates or replaces the `bench` site (the soak passes settings of its own). */
export async function putBenchSite(
  url: URL,
  settings: Record<string, unknown> = benchSettings,
): Promise<void> {
  await send(url, `/api/mod/sites/${site}`, {
    method: "PUT",
    headers: moderatorHeaders,
    body: JSON.stringify({ name: "Bench blog", origins: [origin], settings }),
  });
}

/** Imports whole threads into the `bench` site, at most ~1,000 comments a request. */
export async function importThreads(
  url: URL,
  threads: SeedThread[],
): Promise<{ threads: number; comments: number }> {
  let threadCount = 0;
  let comments = 0;
  for (const chunk of chunkThreads(threads)) {
    const answer = (await send(url, `/api/mod/import?site=${site}&format=parley`, {
      method: "POST",
      headers: moderatorHeaders,
      body: importBody(chunk),
    })) as { threads: number; comments: number; skipped: number };
    if (answer.skipped > 0) throw new Error(`bench seed: ${answer.skipped} comments skipped`);
    threadCount += answer.threads;
    comments += answer.comments;
  }
  return { threads: threadCount, comments };
}

export async function seed(url: URL): Promise<{ threads: number; comments: number }> {
  await putBenchSite(url);
  return importThreads(url, buildThreads());
}
