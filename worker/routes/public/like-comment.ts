/**
 * `POST /api/comments/:id/like {reader, liked}`: a reader likes or unlikes an approved
 * comment. `reader` is a random id the widget keeps in localStorage (made on the first
 * like, used for nothing else); it is stored only as a keyed hash. The answer is the
 * count and this reader's state, read in the same batch as the change.
 */
import { ApiError, commentNotFound, rateLimited } from "../../errors";
import { allowSiteOrigin } from "../../middleware/site-origin";
import { commentIdParamSchema, likeSchema } from "../../schemas/reader";
import { loadLikeFacts, setLike } from "../../storage/likes";
import { limitReached } from "../../storage/network-activity";
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { clientNetworkHash } from "./client-network";

export function likeRoutes(api: DeclaredRouter): void {
  api.route(likeDeclaration, likeComment);
}

const likeDeclaration = declare({
  method: "post",
  path: "/comments/:id/like",
  params: commentIdParamSchema,
  body: likeSchema,
  response: z.object({ likes: z.number().int(), liked: z.boolean() }),
  errors: [400, 403, 404, 413, 415, 429],
});

const likeComment: Handler<typeof likeDeclaration> = async (c, { params, body: input }) => {
  const { id } = params;
  const keys = c.get("keys");
  const now = new Date();
  const [networkHash, readerHash] = await Promise.all([
    clientNetworkHash(c),
    keys.hmacHex("reader", input.reader),
  ]);
  const { site, comment, activity } = await loadLikeFacts(c.get("db"), id, networkHash, now);
  if (!site || !comment || comment.deleted || comment.status !== "approved") {
    throw commentNotFound();
  }
  allowSiteOrigin(c, site);
  if (!site.settings.likes) throw new ApiError("forbidden", "This site does not take likes.");
  // Likes count against the posting limits ten to one: a reader likes more than they post.
  const wait = input.liked ? limitReached(activity, site.settings, 10) : null;
  if (wait) throw rateLimited(wait, "liking");
  return c.json(
    await setLike(c.get("db"), {
      commentId: comment.id,
      readerHash,
      networkHash,
      liked: input.liked,
      at: now.toISOString(),
    }),
  );
};
