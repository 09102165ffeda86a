/**
 * Atom feeds of the newest approved comments: `/feeds/<site>.atom` for the whole site,
 * `/feeds/<site>.atom?page=/path/` for one page. Each entry has the comment's permalink,
 * its author's name and the Worker's sanitised HTML (escaped, as Atom's `type="html"`
 * wants). Cacheable like the lists: an ETag, and 304 when nothing changed.
 */
import * as z from "zod";
import { contentTag, matchesIfNoneMatch, publicCacheControl } from "../../domain/etag";
import { ApiError } from "../../errors";
import { pageKeySchema } from "../../schemas/common";
import { loadFeed } from "../../storage/feeds";
import { getSite } from "../../storage/sites";
import { requireSecrets } from "../../middleware/secrets";
import { dbSession } from "../../platform/db-session";
import { declare, declaredRouter } from "../declare";

const feedParamSchema = z.object({
  file: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}\.atom$/, "Not a feed: /feeds/<site>.atom"),
});
const feedQuerySchema = z.object({ page: pageKeySchema.optional() });

/** Text as XML character data: escaped, and without the characters XML 1.0 forbids. */
const xml = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(
      /[&<>"]/g,
      (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]!,
    );

/** The feeds, under /feeds, each in a D1 session like the public API's reads. */
export const feeds = declaredRouter("/feeds", "public");
feeds.app.use(requireSecrets(), dbSession());

const feedDeclaration = declare({
  method: "get",
  path: "/:file",
  params: feedParamSchema,
  query: feedQuerySchema,
  conditional: true,
  errors: [400, 404],
  page: { statuses: [200], contentType: "application/atom+xml" },
});

feeds.route(feedDeclaration, async (c, { params, query }) => {
  const { file } = params;
  const { page } = query;
  const siteId = file.slice(0, -".atom".length);
  const site = await getSite(c.get("db"), siteId);
  if (!site || !site.settings.feeds) throw new ApiError("not_found", "There is no such feed.");
  const comments = await loadFeed(c.get("db"), site.id, page ?? null);

  const self = new URL(c.req.url);
  // tag: URIs (RFC 4151): this host, on the day the site was made, then the site and item.
  const tag = (rest: string) => `tag:${self.host},${site.createdAt.slice(0, 10)}:${site.id}${rest}`;
  const title = page
    ? `Comments on “${comments[0]?.pageTitle ?? page}”`
    : `Comments on ${site.name}`;
  const updated = comments[0]?.createdAt ?? site.updatedAt;
  const entries = comments.map((comment) => {
    const link = comment.pageUrl ? `${comment.pageUrl}#comment-${comment.id}` : null;
    const author = comment.authorName || "Anonymous";
    return `<entry>
<title>${xml(`${author} on “${comment.pageTitle}”`)}</title>
<id>${xml(tag(`:${comment.id}`))}</id>
${link ? `<link rel="alternate" type="text/html" href="${xml(link)}"/>` : ""}
<author><name>${xml(author)}</name></author>
<published>${comment.createdAt}</published>
<updated>${comment.editedAt ?? comment.createdAt}</updated>
<content type="html">${xml(comment.html)}</content>
</entry>`;
  });
  const body = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${xml(title)}</title>
<id>${xml(tag(page ? `:${page}` : ""))}</id>
<link rel="self" type="application/atom+xml" href="${xml(self.href)}"/>
${page && comments[0]?.pageUrl ? `<link rel="alternate" type="text/html" href="${xml(comments[0].pageUrl)}"/>` : ""}
<updated>${updated}</updated>
<generator>Parley</generator>
${entries.join("\n")}
</feed>
`;
  const etag = await contentTag(body);
  c.header("ETag", etag);
  c.header("Cache-Control", publicCacheControl);
  if (matchesIfNoneMatch(c.req.header("If-None-Match"), etag)) return c.body(null, 304);
  return c.body(body, 200, { "Content-Type": "application/atom+xml; charset=utf-8" });
});
