/**
 * How the app mounts the routers (app.ts), in order. A fresh isolate evaluates its whole
 * bundle before its first request, and nearly every first request is a reader's: so the
 * readers' routers are mounted as they are, and the rest (the moderation API, the readers'
 * own API of verification and "my comments", feeds, the mail links, Telegram's updates)
 * are evaluated on their first request, with their schemas. `npm run bench:startup`
 * measures the difference; docs/architecture.md says why this split.
 *
 * routes/index.ts lists the same routers for the OpenAPI document and the tests, which
 * check that both lists agree.
 */
import type { DeclaredRouter } from "./declare";
import { operations } from "./operations";
import { publicApi } from "./public";

export type Mount =
  | { base: string; router: DeclaredRouter }
  | { base: string; onFirstUse: () => Promise<DeclaredRouter> };

export const mounts: Mount[] = [
  { base: operations.base, router: operations },
  { base: "/api/mod", onFirstUse: async () => (await import("./moderation")).moderationApi },
  // Before the public API, which is mounted at /api and would take /api/readers for its own.
  { base: "/api/readers", onFirstUse: async () => (await import("./public/readers")).readersApi },
  { base: publicApi.base, router: publicApi },
  { base: "/feeds", onFirstUse: async () => (await import("./public/feeds")).feeds },
  { base: "/mail", onFirstUse: async () => (await import("./mail-links")).mailLinks },
  { base: "/telegram", onFirstUse: async () => (await import("./telegram")).telegramHooks },
  {
    base: "/webmention",
    onFirstUse: async () => (await import("./public/webmention")).webmentionEndpoint,
  },
];
