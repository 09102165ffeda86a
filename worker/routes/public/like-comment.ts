/**
 * `POST /api/comments/:id/like {reader, liked}`: a reader likes or unlikes an approved
 * comment. `reader` is a random id the widget keeps in localStorage (made on the first
 * like, used for nothing else); it is stored only as a keyed hash. The answer is the
 * count and this reader's state, read in the same batch as the change.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { ApiError, commentNotFound, rateLimited } from "../../errors";
import { allowSiteOrigin } from "../../middleware/site-origin";
import { commentIdParamSchema, likeSchema } from "../../schemas/reader";
import { loadLikeFacts, setLike } from "../../storage/likes";
import { limitReached } from "../../storage/network-activity";
import { parseInput, readJson } from "../../validation";
import { clientNetworkHash } from "./client-network";

export async function likeComment(c: Context<AppEnv>) {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const input = parseInput(likeSchema, await readJson(c));
  const keys = c.var.keys;
  const now = new Date();
  const [networkHash, readerHash] = await Promise.all([
    clientNetworkHash(c),
    keys.hmacHex("reader", input.reader),
  ]);
  const { site, comment, activity } = await loadLikeFacts(c.var.db, id, networkHash, now);
  if (!site || !comment || comment.deleted || comment.status !== "approved") {
    throw commentNotFound();
  }
  allowSiteOrigin(c, site);
  if (!site.settings.likes) throw new ApiError("forbidden", "This site does not take likes.");
  // Likes count against the posting limits ten to one: a reader likes more than they post.
  const wait = input.liked ? limitReached(activity, site.settings, 10) : null;
  if (wait) throw rateLimited(wait, "liking");
  return c.json(
    await setLike(c.var.db, {
      commentId: comment.id,
      readerHash,
      networkHash,
      liked: input.liked,
      at: now.toISOString(),
    }),
  );
}
