/**
 * `POST /api/reactions {site, page, kind, reader, reacted}`: a reader reacts to a page (or
 * takes the reaction back) with one of the kinds the site offers (settings.reactions).
 * `reader` is the random id the widget keeps for likes, stored only as the same keyed hash
 * likes store; per-network caps and the site's limits (ten times its posting limits, as for
 * likes) hold off one person with many ids. The answer is the page's counts and this
 * reader's state, read in the batch that made the change.
 */
import { offeredCounts } from "../../domain/reactions";
import { ApiError, rateLimited } from "../../errors";
import { allowSiteOrigin } from "../../middleware/site-origin";
import { reactionSchema } from "../../schemas/reader";
import { reactionResponseSchema } from "../../schemas/reader-answers";
import { limitReached } from "../../storage/network-activity";
import { loadReactionFacts, setReaction } from "../../storage/reactions";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { requireSite } from "../site-lookup";
import { clientNetworkHash } from "./client-network";

export function reactionRoutes(api: DeclaredRouter): void {
  api.route(reactionDeclaration, reactToPage);
}

const reactionDeclaration = declare({
  method: "post",
  path: "/reactions",
  body: reactionSchema,
  response: reactionResponseSchema,
  errors: [400, 403, 404, 413, 415, 429],
});

const reactToPage: Handler<typeof reactionDeclaration> = async (c, { body: input }) => {
  const now = new Date();
  const [networkHash, readerHash] = await Promise.all([
    clientNetworkHash(c),
    c.get("keys").hmacHex("reader", input.reader),
  ]);
  const facts = await loadReactionFacts(c.get("db"), input.site, networkHash, now);
  const site = requireSite(facts.site);
  allowSiteOrigin(c, site);
  const offered = site.settings.reactions;
  if (!offered.includes(input.kind)) {
    throw new ApiError("forbidden", "This site does not offer this reaction.");
  }
  // As likes: a reader reacts more often than they post.
  const wait = input.reacted ? limitReached(facts.activity, site.settings, 10) : null;
  if (wait) throw rateLimited(wait, "reacting");
  const { counts, reacted } = await setReaction(c.get("db"), {
    siteId: site.id,
    pageKey: input.page,
    kind: input.kind,
    readerHash,
    networkHash,
    reacted: input.reacted,
    at: now.toISOString(),
  });
  return c.json({ reactions: offeredCounts(offered, counts), reacted });
};
