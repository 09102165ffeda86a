/**
 * Realistic threads in Parley's export format, for `POST /api/mod/import?format=parley`:
 * the Worker's own import seals the emails, hashes them and renders the bodies, so seeded
 * rows look exactly like posted ones. Deterministic (no randomness), and free of Node APIs
 * so the tests (in workerd) and the bench (in Node) build the same data.
 *
 * Shape: comments come in families of ten — a root, a chain of five replies (depths 2–6,
 * "replies six deep") and four direct replies to the root. A thread of 2,000 comments
 * therefore has 200 roots, and a page of 20 roots carries 200 comments.
 */

export interface SeedComment {
  id: string;
  parentId: string | null;
  status: "approved" | "pending";
  author: { name: string; email: string | null; website: string | null };
  body: string;
  reasons: string[];
  createdAt: string;
}

export interface SeedThread {
  key: string;
  url: string;
  title: string;
  comments: SeedComment[];
}

export const familySize = 10;
const chainLength = 5;
const names = ["Ann", "Bram", "Chidi", "Dana", "Émile", "Farah", "Goran", "Hana", "Ines", "Jun"];
const sentences = [
  "I ran into the same thing last week and ended up rewriting the loader.",
  "Could you say more about how this behaves under load?",
  "The second example is clearer than the docs, thanks for writing it up.",
  "We tried this in production; see [our notes](https://notes.example/parley) for the numbers.",
  "Not sure I agree: the *simple* version was fast enough for us.",
  "One more data point: it works on Safari too, with `prefers-color-scheme` set.",
];

function body(n: number): string {
  const first = sentences[n % sentences.length]!;
  const second = sentences[(n * 7 + 3) % sentences.length]!;
  return n % 3 === 0 ? `${first}\n\n${second}` : `${first} ${second}`;
}

/** A comment id valid for the importer (c_ + 8–40 of [A-Za-z0-9_-]), unique per thread/index. */
function commentId(threadKey: string, index: number): string {
  const slug = threadKey.replace(/[^A-Za-z0-9]/g, "").slice(-20);
  return `c_${slug}_${index.toString(36).padStart(5, "0")}`;
}

/**
 * One thread of `count` comments starting at `start` (one comment a minute). `status` is
 * every comment's status; pending comments are all roots, as a moderation queue holds them.
 */
export function seedThread(options: {
  key: string;
  origin: string;
  count: number;
  start: Date;
  status?: "approved" | "pending";
  idOffset?: number;
}): SeedThread {
  const status = options.status ?? "approved";
  const offset = options.idOffset ?? 0;
  const comments: SeedComment[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const n = i + offset;
    const inFamily = i % familySize;
    const rootIndex = i - inFamily;
    let parent: number | null = null;
    if (status === "approved" && inFamily > 0) {
      parent = inFamily <= chainLength ? i - 1 : rootIndex;
    }
    comments.push({
      id: commentId(options.key, n),
      parentId: parent === null ? null : commentId(options.key, parent + offset),
      status,
      author: {
        name: names[n % names.length]!,
        email: `reader${n % 500}@mail.example`,
        website: n % 4 === 0 ? `https://reader${n % 500}.example` : null,
      },
      body: body(n),
      reasons: status === "pending" ? ["first-time"] : [],
      createdAt: new Date(options.start.getTime() + i * 60_000).toISOString(),
    });
  }
  return {
    key: options.key,
    url: `${options.origin}${options.key}`,
    title: `Post ${options.key}`,
    comments,
  };
}

/** The import request body for some whole threads. */
export function importBody(threads: SeedThread[]): string {
  return JSON.stringify({ format: "parley", version: 1, threads });
}
