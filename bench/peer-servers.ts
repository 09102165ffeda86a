/**
 * What `npm run bench:peers` loads: the data both peers hold, and each server (Parley,
 * Waline, the two floors) with the requests it is sent for a kind of scenario and how its
 * answer is read.
 */
import type { Loaded } from "./peer-load";
import type { PostFloorServer } from "./post-floor-server";
import { counts, get, list, post, type BenchRequest } from "./scenarios";
import { seedThread, type SeedThread } from "./seed-data";
import { hotKey, origin, threadKeys } from "./seed";
import type { BenchServer } from "./server";
import { walineUserAgent, type WalineServer } from "./waline";

/**
 * The data, the same on both: 40 threads, `/hot` with 200 comments (20 roots, each with a
 * chain of five replies and four direct replies: seed-data.ts's families of ten), the 39
 * others with 20 each. Counts ask for the first 20 pages; posts go to the last 20, so the
 * listed and counted threads stay as seeded.
 */
const keys = threadKeys.slice(0, 40);
const countedKeys = keys.slice(0, 20);
const postKeys = keys.slice(20);
export const threads: SeedThread[] = keys.map((key) =>
  seedThread({ key, origin, count: key === hotKey ? 200 : 20, start: new Date("2026-01-01") }),
);
export const seededComments = threads.reduce((sum, thread) => sum + thread.comments.length, 0);

export type Kind = "list" | "counts" | "post";

export interface Peer extends Loaded {
  name: string;
  /** A fresh request builder for a kind of scenario (posts differ every time). */
  requests(kind: Kind): () => BenchRequest;
  /** What an answer says, to check both peers answer alike before loading them. */
  describe(kind: Kind, body: unknown): string;
  close(): Promise<void>;
}

type Tree = { replies?: Tree[] };
const countTree = (nodes: Tree[]): number =>
  nodes.reduce((sum, node) => sum + 1 + countTree(node.replies ?? []), 0);

export function parleyPeer(server: BenchServer, run: string): Peer {
  return {
    name: "Parley",
    url: server.url,
    requests(kind) {
      if (kind === "list") return get(list(hotKey));
      if (kind === "counts") return get(counts(countedKeys));
      return post(`${run}p`, postKeys);
    },
    describe(kind, body) {
      if (kind === "list") return `${countTree((body as { comments: Tree[] }).comments)} comments`;
      if (kind === "counts") {
        const answer = (body as { counts: Record<string, number> }).counts;
        return `counts ${countedKeys.map((key) => answer[key]).join(",")}`;
      }
      return "stored";
    },
    async comments() {
      const row = await server.db.prepare("SELECT COUNT(*) AS n FROM comments").first<number>("n");
      return row ?? 0;
    },
    close: () => server.close(),
  };
}

export function walinePeer(server: WalineServer, run: string): Peer {
  const walineGet = (pathname: string) => () => ({
    method: "GET" as const,
    path: pathname,
    headers: {},
  });
  return {
    name: "Waline",
    url: server.url,
    // The requests its own client (@waline/client) sends.
    requests(kind) {
      if (kind === "list") {
        return walineGet(
          `/api/comment?path=${encodeURIComponent(hotKey)}&page=1&pageSize=20` +
            "&sortBy=insertedAt_desc&lang=en-US",
        );
      }
      if (kind === "counts") {
        return walineGet(
          `/api/comment?type=count&url=${encodeURIComponent(countedKeys.join(","))}&lang=en-US`,
        );
      }
      let n = 0;
      return () => {
        n += 1;
        return {
          method: "POST",
          path: "/api/comment?lang=en-US",
          headers: {
            "Content-Type": "application/json",
            // Waline runs behind a proxy (Docker); the address is X-Forwarded-For's.
            "X-Forwarded-For": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          },
          body: JSON.stringify({
            comment: `Load test comment ${n} of run ${run}: *fast* enough?\n\nSee https://blog.example/faq.`,
            nick: `Reader ${n}`,
            mail: `load-${run}w-${n}@mail.example`,
            link: "",
            url: postKeys[n % postKeys.length],
            ua: walineUserAgent,
          }),
        };
      };
    },
    describe(kind, body) {
      const answer = body as { errno: number; errmsg: string; data: unknown };
      if (answer.errno !== 0) throw new Error(`bench: Waline answered errno ${answer.errno}`);
      if (kind === "list") {
        const roots = (answer.data as { data: { children: unknown[] }[] }).data;
        return `${roots.reduce((sum, root) => sum + 1 + root.children.length, 0)} comments`;
      }
      if (kind === "counts") return `counts ${(answer.data as number[]).join(",")}`;
      return "stored";
    },
    verifyBody: (body) => body.startsWith('{"errno":0,'),
    comments: () => server.comments(),
    close: () => server.close(),
  };
}

/**
 * The reads' floor: Parley's own `GET /healthz` (one trivial D1 query, no site, no JSON
 * beyond `{"ok":true}`) on the server of Parley's uncached rows, which it leaves open.
 */
export function healthzFloor(parley: Peer): Peer {
  return {
    name: "floor: GET /healthz",
    url: parley.url,
    requests: () => get("/healthz"),
    describe: (_kind, body) => JSON.stringify(body),
    comments: () => parley.comments(),
    close: async () => {},
  };
}

/** The posts' floor (post-floor-worker.ts), sent Parley's own post requests. */
export function insertFloor(server: PostFloorServer, run: string): Peer {
  return {
    name: "floor: one INSERT",
    url: server.url,
    requests: () => post(`${run}f`, postKeys),
    describe: (_kind, body) => (typeof (body as { id?: unknown }).id === "string" ? "stored" : "?"),
    comments: () => server.comments(),
    close: () => server.close(),
  };
}
