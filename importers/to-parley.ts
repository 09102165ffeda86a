/**
 * From what a converter read to Parley's own format: the threads `POST /api/mod/import`
 * takes, which checks them with the public API's rules. What the public API would refuse
 * (an address that is no email, a website that is not http(s)) is left out of the comment
 * rather than refusing the whole file.
 */
import { cleanDisplayText, emailSchema, httpUrlSchema } from "../worker/schemas/common";
import {
  importedCommentId,
  type ParleyComment,
  type ParleyThread,
} from "../worker/schemas/parley-format";
import type { ImportResult } from "./types";

/**
 * Gives parsed WordPress/Disqus comments Parley ids derived from the site, page and the
 * comment's id in the export: importing the same file again finds the same ids and adds
 * nothing.
 */
export async function toParleyThreads(
  siteId: string,
  result: ImportResult,
): Promise<ParleyThread[]> {
  const threads: ParleyThread[] = [];
  for (const thread of result.threads) {
    const idOf = (sourceId: string) => importedCommentId(siteId, thread.key, sourceId);
    const comments: ParleyComment[] = [];
    for (const comment of thread.comments) {
      const deletedAt = comment.deletedAt ?? null;
      comments.push({
        id: await idOf(comment.sourceId),
        parentId: comment.parentSourceId === null ? null : await idOf(comment.parentSourceId),
        status: comment.status,
        // Exports from other systems hold what their forms let through; what the public API
        // would refuse is left out rather than refusing the whole file.
        // A tombstone keeps its place in the thread and nothing of its author.
        author: deletedAt
          ? { name: "", email: null, website: null }
          : {
              name: truncate(cleanDisplayText(comment.authorName), 100),
              email:
                comment.authorEmail && emailSchema.safeParse(comment.authorEmail).success
                  ? comment.authorEmail
                  : null,
              website:
                comment.authorWebsite && httpUrlSchema.safeParse(comment.authorWebsite).success
                  ? comment.authorWebsite
                  : null,
            },
        body: deletedAt ? "" : truncate(comment.body, 100_000),
        reasons: ["imported"],
        createdAt: comment.createdAt,
        editedAt: null,
        deletedAt,
        networkAddress: deletedAt ? null : comment.networkAddress,
      });
    }
    threads.push({
      key: thread.key,
      url: thread.url && httpUrlSchema.safeParse(thread.url).success ? thread.url : null,
      title: thread.title === null ? null : truncate(cleanDisplayText(thread.title), 300),
      closed: thread.closed,
      comments,
    });
  }
  return threads;
}

/** The first `max` UTF-16 units of a text, without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return text.slice(0, cut);
}
