/** The public API's reads (and the preview): what readers' browsers and widgets ask. */
import { nestReplies, toPublicComment } from "../../domain/comment";
import { decodeCursor } from "../../domain/cursor";
import { contentTag } from "../../domain/etag";
import { retryAfterSeconds, tooLong } from "../../domain/posting";
import { issueFormToken } from "../../domain/privacy";
import { renderMarkdown } from "../../domain/render";
import { renderThreadHtml } from "../../domain/thread-html";
import { threadStrings } from "../../platform/load-thread-strings";
import { commentNotFound, invalidInput, rateLimited } from "../../errors";
import { allowSiteOrigin } from "../../middleware/site-origin";
import {
  commentIdParamSchema,
  contextQuerySchema,
  countsQuerySchema,
  fragmentQuerySchema,
  listQuerySchema,
  previewSchema,
  repliesQuerySchema,
} from "../../schemas/reader";
import {
  contextResponseSchema,
  countsResponseSchema,
  listResponseSchema,
  previewResponseSchema,
  repliesResponseSchema,
} from "../../schemas/reader-answers";
import { recordPreview } from "../../storage/attempts";
import { loadCommentContext } from "../../storage/comment-context";
import { loadReplies } from "../../storage/thread-page";
import { loadCounts } from "../../storage/threads";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { requireSite } from "../site-lookup";
import { cachedAnswer, conditional } from "./cached-answer";
import { clientNetworkHash } from "./client-network";
import { cachedList, cursorOrNull, withFormToken, type ListContent } from "./thread-list";

export function readerRoutes(api: DeclaredRouter): void {
  api.route(listDeclaration, listHandler);
  api.route(fragmentDeclaration, fragmentHandler);
  api.route(repliesDeclaration, repliesHandler);
  api.route(contextDeclaration, contextHandler);
  api.route(previewDeclaration, previewHandler);
  api.route(countsDeclaration, countsHandler);
}

const listDeclaration = declare({
  method: "get",
  path: "/comments",
  query: listQuerySchema,
  response: listResponseSchema,
  conditional: true,
  errors: [400, 404],
});

const listHandler: Handler<typeof listDeclaration> = async (c, { query }) => {
  const { site, json, tag } = await cachedList(c, query);
  allowSiteOrigin(c, site);
  // The form token differs on every request, so it stays out of the tag: a revalidated copy
  // keeps an older token, which only makes the form look older (never "too fast").
  const notModified = conditional(c, tag);
  if (notModified) return notModified;
  const formToken = await issueFormToken(c.get("keys"), site.id, new Date());
  return c.body(withFormToken(json, formToken), 200, { "Content-Type": "application/json" });
};

/**
 * The same first page as HTML (domain/thread-html.ts), sharing the list's cache entry; for
 * build steps and edge includes, which fetch it server-side (no CORS). `url` is the page's
 * address, where the form sends the reader back to (the thread's stored one if absent).
 */
const fragmentDeclaration = declare({
  method: "get",
  path: "/comments.html",
  query: fragmentQuerySchema,
  conditional: true,
  errors: [400, 404],
  page: { statuses: [200] },
});

const fragmentHandler: Handler<typeof fragmentDeclaration> = async (c, { query }) => {
  const { site, json, tag } = await cachedList(c, query);
  const { lang } = query;
  const fragmentTag = `"${tag.slice(1, -1)}-html-${lang}"`;
  const notModified = conditional(c, fragmentTag);
  if (notModified) return notModified;
  const content = JSON.parse(json) as ListContent;
  const html = renderThreadHtml(
    content,
    {
      siteId: site.id,
      workerOrigin: new URL(c.req.url).origin,
      pageUrl: query.url ?? content.thread.url ?? "",
      formToken: await issueFormToken(c.get("keys"), site.id, new Date()),
      sort: query.sort,
      lang,
      s: await threadStrings(c.env.ASSETS, lang),
    },
    fragmentTag,
  );
  return c.html(html);
};

const repliesDeclaration = declare({
  method: "get",
  path: "/comments/:id/replies",
  params: commentIdParamSchema,
  query: repliesQuerySchema,
  response: repliesResponseSchema,
  conditional: true,
  errors: [400, 404],
});

const repliesHandler: Handler<typeof repliesDeclaration> = async (c, { params, query }) => {
  const page = await loadReplies(c.get("db"), {
    rootId: params.id,
    after: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit,
  });
  if (!page.root) throw commentNotFound();
  allowSiteOrigin(c, requireSite(page.site));
  const content = {
    replies: nestReplies(page.replies, page.nextAfter === null),
    nextCursor: cursorOrNull(page.nextAfter),
  };
  return conditional(c, await contentTag(content)) ?? c.json(content);
};

/**
 * Where a comment is, for a link to it (`#comment-<id>`) that the first page does not show:
 * the list cursor whose page starts at its root, and the replies from the root down to it.
 */
const contextDeclaration = declare({
  method: "get",
  path: "/comments/:id/context",
  params: commentIdParamSchema,
  query: contextQuerySchema,
  response: contextResponseSchema,
  conditional: true,
  errors: [400, 404],
});

const contextHandler: Handler<typeof contextDeclaration> = async (c, { params, query }) => {
  const { id } = params;
  const { sort } = query;
  const context = await loadCommentContext(c.get("db"), { id, sort });
  const linked = context.branch.at(-1) ?? context.root;
  // Every comment up the chain must be approved, or the linked one is not in the thread.
  if (!context.root || linked?.id !== id || context.branch.length + 1 !== linked.depth) {
    throw commentNotFound();
  }
  allowSiteOrigin(c, requireSite(context.site));
  const content = {
    rootId: context.root.id,
    pageCursor: cursorOrNull(context.before),
    branch: context.branch.map((comment) => toPublicComment(comment)),
  };
  return conditional(c, await contentTag(content)) ?? c.json(content);
};

/**
 * What a comment would look like, rendered exactly as posting renders it. Limited per
 * network (`previewsPerMinute`) and to the site's `maxLength`, as rendering is the costly
 * part of a post; the attempt is counted in the same round trip that reads the site.
 */
const previewDeclaration = declare({
  method: "post",
  path: "/preview",
  body: previewSchema,
  response: previewResponseSchema,
  errors: [400, 403, 404, 413, 415, 429],
});

const previewHandler: Handler<typeof previewDeclaration> = async (c, { body: input }) => {
  const now = new Date();
  const preview = await recordPreview(c.get("db"), {
    siteId: input.site,
    networkHash: await clientNetworkHash(c),
    now,
  });
  const site = requireSite(preview.site);
  allowSiteOrigin(c, site);
  if (!preview.admitted) {
    throw rateLimited(
      retryAfterSeconds({ count: 0, oldestAt: preview.oldestAt }, 60, now),
      "previewing",
    );
  }
  const long = tooLong(input.body, site.settings.maxLength);
  if (long) throw invalidInput({ body: long });
  return c.json({ html: renderMarkdown(input.body) });
};

const countsDeclaration = declare({
  method: "get",
  path: "/counts",
  query: countsQuerySchema,
  response: countsResponseSchema,
  conditional: true,
  errors: [400, 404],
});

const countsHandler: Handler<typeof countsDeclaration> = (c, { query }) => {
  const keys = [...new Set(query.page)];
  return cachedAnswer(c, query.site, `counts/${JSON.stringify(keys)}`, async () => {
    const { site, counts } = await loadCounts(c.get("db"), query.site, keys);
    return {
      site,
      content: { counts: Object.fromEntries(keys.map((k) => [k, counts.get(k) ?? 0])) },
    };
  });
};
