/**
 * The public API under /api: what readers' browsers, widgets, build steps and edge
 * includes call. Every request runs in a D1 session (reads anywhere, writes on the
 * primary); CORS answers only the site's own origins; writes on comments drop their site's
 * cached reads. The moderation API is another router (routes/moderation/), never
 * readable cross-origin.
 */
import { bodyLimit } from "../../middleware/body-limit";
import { publicCors } from "../../middleware/site-origin";
import { dbSession } from "../../platform/db-session";
import { dropCachedReads } from "../../platform/read-cache";
import { declaredRouter } from "../declare";
import { commentFormRoutes } from "./comment-form";
import { likeRoutes } from "./like-comment";
import { ownCommentRoutes } from "./own-comment";
import { postCommentRoutes } from "./post-comment";
import { reactionRoutes } from "./react-to-page";
import { readerRoutes } from "./reader";
import { recentRoutes } from "./recent";
import { reportRoutes } from "./report-comment";

export const publicApi = declaredRouter("/api", "public");

publicApi.app.use(bodyLimit(64 * 1024, "64 KiB"), dbSession());
// A path ending in /* matches the bare path too: each middleware runs once per request.
for (const path of ["/comments/*", "/preview", "/counts", "/recent", "/reactions"])
  publicApi.app.use(path, publicCors());
// Writes on comments and reactions drop their site's cached reads (a preview writes nothing).
for (const path of ["/comments/*", "/reactions"]) publicApi.app.use(path, dropCachedReads("site"));

readerRoutes(publicApi);
postCommentRoutes(publicApi);
commentFormRoutes(publicApi);
ownCommentRoutes(publicApi);
likeRoutes(publicApi);
recentRoutes(publicApi);
reactionRoutes(publicApi);
reportRoutes(publicApi);
