/**
 * Every router, one per audience, in the order the app mounts them (routes/mounts.ts, which
 * loads some on first use): for the OpenAPI document and the tests, never imported by the
 * Worker, so the routers loaded on first use stay out of a cold start.
 */
import type { DeclaredRouter } from "./declare";
import { mailLinks } from "./mail-links";
import { moderationApi } from "./moderation";
import { operations } from "./operations";
import { feeds } from "./public/feeds";
import { publicApi } from "./public";
import { readersApi } from "./public/readers";
import { telegramHooks } from "./telegram";
import { webmentionEndpoint } from "./public/webmention";

export const routers: DeclaredRouter[] = [
  operations,
  moderationApi,
  readersApi,
  publicApi,
  feeds,
  mailLinks,
  telegramHooks,
  webmentionEndpoint,
];
