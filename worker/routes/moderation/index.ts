/**
 * The moderation API under /api/mod: the owner's MODERATOR_TOKEN, a named moderator's
 * token, or a Cloudflare Access sign-in. The token is checked before any body is read, and
 * no answer is readable cross-origin (no CORS here). Any change may touch any site's reads,
 * so a successful write drops every cached read.
 */
import { bodyLimit } from "../../middleware/body-limit";
import { moderatorAuth } from "../../middleware/moderator-auth";
import { dropCachedReads } from "../../platform/read-cache";
import { declaredRouter } from "../declare";
import { authorRoutes } from "./authors";
import { banRoutes } from "./bans";
import { decisionRoutes } from "./decisions";
import { moderatorRoutes } from "./moderators";
import { notificationTargetRoutes } from "./notification-targets";
import { queueRoutes } from "./queue";
import { remoteLinkRoutes } from "./remote-links";
import { siteRoutes } from "./sites";
import { transferRoutes } from "./transfer";

export const moderationApi = declaredRouter("/api/mod", "moderation");

const apiBodyLimit = bodyLimit(64 * 1024, "64 KiB");
// Exports can be large; this is the Workers platform's own request limit.
const importBodyLimit = bodyLimit(
  100 * 1024 * 1024,
  "100 MB (use `npm run import` for larger files)",
);

moderationApi.app.use(
  moderatorAuth(),
  (c, next) =>
    c.req.path === "/api/mod/import" ? importBodyLimit(c, next) : apiBodyLimit(c, next),
  dropCachedReads("all"),
);

moderatorRoutes(moderationApi);
siteRoutes(moderationApi);
banRoutes(moderationApi);
authorRoutes(moderationApi);
transferRoutes(moderationApi);
queueRoutes(moderationApi);
decisionRoutes(moderationApi);
notificationTargetRoutes(moderationApi);
remoteLinkRoutes(moderationApi);
