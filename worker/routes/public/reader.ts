/** The public API's reads (and the preview): what readers' browsers and widgets ask. */
import type { Context } from "hono";
import { nestComments, nestReplies, toPublicComment } from "../../domain/comment";
import { decodeCursor, encodeCursor, type PageCursor } from "../../domain/cursor";
import { contentTag, matchesIfNoneMatch, publicCacheControl } from "../../domain/etag";
import { retryAfterSeconds, tooLong } from "../../domain/posting";
import { issueFormToken } from "../../domain/privacy";
import { renderMarkdown } from "../../domain/render";
import { renderThreadHtml } from "../../domain/thread-html";
import { threadStrings } from "../../platform/load-thread-strings";
import { isThreadClosed } from "../../domain/thread";
import type { AppEnv } from "../../env";
import { offersReaderMail } from "../../mail/enabled";
import { commentNotFound, invalidInput, rateLimited } from "../../errors";
import { allowSiteOrigin, type SiteReaders } from "../../middleware/site-origin";
import { cachedRead } from "../../platform/read-cache";
import type { Site } from "../../domain/site";
import type * as z from "zod";
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
import { loadReplies, loadThreadPage } from "../../storage/thread-page";
import { loadCounts } from "../../storage/threads";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { requireSite } from "../site-lookup";
import { clientNetworkHash } from "./client-network";

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
  const { site, content, tag } = await cachedList(c, query);
  allowSiteOrigin(c, site);
  // The form token differs on every request, so it stays out of the tag: a revalidated copy
  // keeps an older token, which only makes the form look older (never "too fast").
  const notModified = conditional(c, tag);
  if (notModified) return notModified;
  const formToken = await issueFormToken(c.get("keys"), site.id, new Date());
  return c.json({ ...content, config: { ...content.config, formToken } });
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
  const { site, content, tag } = await cachedList(c, query);
  const { lang } = query;
  const fragmentTag = `"${tag.slice(1, -1)}-html-${lang}"`;
  const notModified = conditional(c, fragmentTag);
  if (notModified) return notModified;
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

/** Page sizes a list is read in: a `limit` or `replies` between two is rounded down. */
const limitSteps = [1, 2, 3, 5, 10, 20, 50, 100, 200];

const stepDown = (value: number) => limitSteps.findLast((step) => step <= value) ?? 1;

/**
 * The list's answer (without the per-request form token), its tag, and who may read it.
 * `limit` and `replies` are maxima, taken at the step at or below them, so a page has a few
 * cached forms rather than one for every number a client could send.
 */
function cachedList(c: Context<AppEnv>, asked: z.infer<typeof listQuerySchema>) {
  const query = { ...asked, limit: stepDown(asked.limit), replies: stepDown(asked.replies) };
  const view = `list/${query.page}/${query.sort}/${query.limit}/${query.replies}/${query.cursor ?? ""}`;
  return cachedRead(c, query.site, view, () => readList(c, query));
}

async function readList(c: Context<AppEnv>, query: z.infer<typeof listQuerySchema>) {
  const page = await loadThreadPage(c.get("db"), {
    siteId: query.site,
    key: query.page,
    after: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit,
    replyLimit: query.replies,
    sort: query.sort,
  });
  const site = requireSite(page.site);
  const { settings } = site;
  const partial = new Set(page.moreReplies.keys());
  const content = {
    thread: {
      key: query.page,
      url: page.thread?.url ?? null,
      title: page.thread?.title ?? null,
      count: page.thread?.count ?? 0,
      closed: isThreadClosed(page.thread, settings.closeAfterDays, new Date()),
    },
    // Added to each fresh root, not spread into a copy: the same fields in the same order,
    // without a spread that Node 20's V8 (bench:cpu's) takes microseconds per root over.
    comments: nestComments(page.rootIds, page.comments, partial).map((root) => {
      const more = page.moreReplies.get(root.id);
      const after = { repliesCursor: cursorOrNull(more?.after), moreReplies: more?.left ?? 0 };
      return Object.assign(root, after);
    }),
    nextCursor: cursorOrNull(page.nextAfter),
    config: {
      requireEmail: settings.requireEmail,
      requireName: settings.requireName,
      maxDepth: settings.maxDepth,
      maxLength: settings.maxLength,
      editWindowSeconds: settings.editWindowSeconds,
      turnstileSiteKey: settings.turnstileSiteKey,
      reports: settings.reports,
      likes: settings.likes,
      notifications: offersReaderMail(c.env, site),
    },
  };
  return { site: readerOf(site), content, tag: await contentTag(content) };
}

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

const countsHandler: Handler<typeof countsDeclaration> = async (c, { query }) => {
  const keys = [...new Set(query.page)];
  const view = `counts/${JSON.stringify(keys)}`;
  const { site, content, tag } = await cachedRead(c, query.site, view, async () => {
    const { site, counts } = await loadCounts(c.get("db"), query.site, keys);
    const content = { counts: Object.fromEntries(keys.map((key) => [key, counts.get(key) ?? 0])) };
    return { site: readerOf(requireSite(site)), content, tag: await contentTag(content) };
  });
  allowSiteOrigin(c, site);
  return conditional(c, tag) ?? c.json(content);
};

/** What a cached read keeps of its site: enough to answer CORS and sign a form token. */
function readerOf(site: Site): SiteReaders {
  return { id: site.id, origins: site.origins };
}

function cursorOrNull(cursor: PageCursor | null | undefined): string | null {
  return cursor ? encodeCursor(cursor) : null;
}

/** Sets the validators; answers 304 when the client already holds this content. */
function conditional(c: Context<AppEnv>, tag: string): Response | null {
  c.header("ETag", tag);
  c.header("Cache-Control", publicCacheControl);
  return matchesIfNoneMatch(c.req.header("If-None-Match"), tag) ? c.body(null, 304) : null;
}
