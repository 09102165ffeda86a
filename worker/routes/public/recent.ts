/**
 * `GET /api/recent?site=S[&limit=N][&pages=1]`: a site's newest approved comments, each
 * with its page (for a sidebar like WordPress's Recent Comments, widget/recent.ts), and on
 * request its most commented pages. Comments are shown as a list shows them (the same
 * allowlist, so no email or hash beyond the avatar's), without their replies. Kept in the
 * read cache like the counts: a post or a moderation drops it with the site's other reads.
 */
import { toPublicComment } from "../../domain/comment";
import { recentQuerySchema } from "../../schemas/reader";
import { recentResponseSchema } from "../../schemas/reader-answers";
import { loadRecent, type Recent } from "../../storage/recent";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { cachedAnswer } from "./cached-answer";

export function recentRoutes(api: DeclaredRouter): void {
  api.route(recentDeclaration, recentHandler);
}

const recentDeclaration = declare({
  method: "get",
  path: "/recent",
  query: recentQuerySchema,
  response: recentResponseSchema,
  conditional: true,
  errors: [400, 404],
});

const recentHandler: Handler<typeof recentDeclaration> = (c, { query }) => {
  const { site: siteId, limit } = query;
  const withPages = query.pages === "1";
  return cachedAnswer(c, siteId, `recent/${limit}/${query.pages}`, async () => {
    const recent = await loadRecent(c.get("db"), { siteId, limit, withPages });
    return { site: recent.site, content: recentContent(recent) };
  });
};

function recentContent({ comments, pages }: Recent) {
  return {
    comments: comments.map(({ pageKey, pageUrl, pageTitle, ...comment }) => {
      const { replies: _none, ...shown } = toPublicComment(comment);
      return { ...shown, page: { key: pageKey, url: pageUrl, title: pageTitle } };
    }),
    ...(pages ? { pages } : {}),
  };
}
