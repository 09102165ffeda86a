/**
 * The thread's list as the list and the HTML fragment read it (reader.ts): its content,
 * serialized once and tagged, kept in the read cache, and answered with a form token.
 */
import type { Context } from "hono";
import type * as z from "zod";
import { nestComments } from "../../domain/comment";
import { decodeCursor, encodeCursor, type PageCursor } from "../../domain/cursor";
import { jsonTag } from "../../domain/etag";
import { offeredCounts } from "../../domain/reactions";
import type { Site } from "../../domain/site";
import { isThreadClosed } from "../../domain/thread";
import type { AppEnv } from "../../env";
import { offersReaderMail, siteSendsMail } from "../../mail/enabled";
import type { SiteReaders } from "../../middleware/site-origin";
import { cachedRead } from "../../platform/read-cache";
import type { listQuerySchema } from "../../schemas/reader";
import { loadThreadPage } from "../../storage/thread-page";
import { requireSite } from "../site-lookup";

/** Page sizes a list is read in: a `limit` or `replies` between two is rounded down. */
const limitSteps = [1, 2, 3, 5, 10, 20, 50, 100, 200];

const stepDown = (value: number) => limitSteps.findLast((step) => step <= value) ?? 1;

/**
 * The list's answer as JSON (without the per-request form token), its tag, and who may read
 * it. `limit` and `replies` are maxima, taken at the step at or below them, so a page has a
 * few cached forms rather than one for every number a client could send. (Views are
 * `list-json/`: entries of `list/` held the content as an object.)
 */
export function cachedList(c: Context<AppEnv>, asked: z.infer<typeof listQuerySchema>) {
  const query = { ...asked, limit: stepDown(asked.limit), replies: stepDown(asked.replies) };
  const view = `list-json/${query.page}/${query.sort}/${query.limit}/${query.replies}/${query.cursor ?? ""}`;
  return cachedRead(c, query.site, view, () => readList(c, query));
}

type ListQuery = z.infer<typeof listQuerySchema>;
export type ListContent = Awaited<ReturnType<typeof listContent>>["content"];

async function readList(c: Context<AppEnv>, query: ListQuery) {
  const { site, content } = await listContent(c, query);
  const json = JSON.stringify(content);
  return { site: readerOf(site), json, tag: await jsonTag(json) };
}

async function listContent(c: Context<AppEnv>, query: ListQuery) {
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
      // Read with the thread's row: the reactions bar costs the list no extra read.
      reactions: offeredCounts(settings.reactions, page.thread?.reactions ?? null),
    },
    // Added to each fresh root, not spread into a copy: the same fields in the same order,
    // without a spread that Node 20's V8 (bench:cpu's) takes microseconds per root over.
    comments: nestComments(page.rootIds, page.comments, partial).map((root) => {
      const more = page.moreReplies.get(root.id);
      const after = { repliesCursor: cursorOrNull(more?.after), moreReplies: more?.left ?? 0 };
      return Object.assign(root, after);
    }),
    nextCursor: cursorOrNull(page.nextAfter),
    // Last: the answer's form token goes at its end (withFormToken).
    config: {
      requireEmail: settings.requireEmail,
      requireName: settings.requireName,
      maxDepth: settings.maxDepth,
      maxLength: settings.maxLength,
      editWindowSeconds: settings.editWindowSeconds,
      turnstileSiteKey: settings.turnstileSiteKey,
      reports: settings.reports,
      likes: settings.likes,
      reactions: settings.reactions,
      notifications: offersReaderMail(c.env, site),
      verification: siteSendsMail(c.env, site),
      signIn: {
        sso: settings.ssoSecret !== null,
        loginUrl: settings.ssoLoginUrl,
        anonymous: settings.anonymousComments,
      },
    },
  };
  return { site, content };
}

/**
 * The JSON of `{ ...content, config: { ...content.config, formToken } }`, byte for byte,
 * from the content's JSON: `config` is its last field (listContent) and the token goes last
 * in it. The list is serialized once, when read, not again on every answer.
 */
export function withFormToken(json: string, formToken: string): string {
  return `${json.slice(0, -2)},"formToken":${JSON.stringify(formToken)}}}`;
}

/** What a cached read keeps of its site: enough to answer CORS and sign a form token. */
export function readerOf(site: Site): SiteReaders {
  return { id: site.id, origins: site.origins };
}

export function cursorOrNull(cursor: PageCursor | null | undefined): string | null {
  return cursor ? encodeCursor(cursor) : null;
}
