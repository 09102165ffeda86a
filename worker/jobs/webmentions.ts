/**
 * Webmentions, fetched later (on the five-minute scheduled run, loaded only then): each
 * queued mention's source is fetched once, public http(s) hosts only, at most 512 KiB and
 * 8 seconds, at most a few a run and per source host an hour. A source that links to its
 * target becomes (or updates) a held comment with the source "webmention"; one that no
 * longer does, or is gone (404/410), removes the comment it made. A failed fetch is not
 * retried: the sender may send the mention again.
 */
import { boundedGet, type FetchLimits } from "../clients/bounded-fetch";
import type { Keys } from "../domain/keys";
import { remoteAvatarSeed } from "../domain/privacy";
import { planPull, type RemoteReply } from "../domain/remote-replies";
import { authorOf, linksTo, mentionBody, titleOf } from "../domain/webmention-source";
import type { Database } from "../storage/database";
import { sourcedComments, sourcedStatements } from "../storage/remote-links";
import { getSite } from "../storage/sites";
import {
  forgetWebmentions,
  queuedWebmentions,
  settleWebmention,
  threadIdOf,
  type Webmention,
} from "../storage/webmentions";

export const mentionLimits: FetchLimits = { timeoutMs: 8000, maxBytes: 512 * 1024 };
/** Fetches a run makes at most, and a source host gets an hour. */
export const mentionsPerRun = 10;
export const fetchesPerHostPerHour = 5;
const keptDays = 30;

export async function processWebmentions(db: Database, keys: Keys, now: Date) {
  const at = now.toISOString();
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  const queued = await queuedWebmentions(db, hourAgo, fetchesPerHostPerHour, mentionsPerRun * 3);
  const perHost = new Map<string, number>();
  let fetched = 0;
  for (const mention of queued) {
    if (fetched >= mentionsPerRun) break;
    const count = perHost.get(mention.sourceHost) ?? 0;
    // The SQL counted the last hour's fetches before this run; this counts the run's own.
    if (count >= fetchesPerHostPerHour) continue;
    perHost.set(mention.sourceHost, count + 1);
    fetched += 1;
    await processMention(db, keys, mention, now, at);
  }
  await forgetWebmentions(db, new Date(now.getTime() - keptDays * 86_400_000).toISOString()).run();
  return { fetched };
}

async function processMention(
  db: Database,
  keys: Keys,
  mention: Webmention,
  now: Date,
  at: string,
) {
  const site = await getSite(db, mention.siteId);
  if (!site?.settings.webmentions) {
    await settleWebmention(db, mention.id, at, "site-off").run();
    return;
  }
  const answer = await boundedGet(mention.source, mentionLimits, "text/html");
  const gone = !answer.ok && (answer.status === 404 || answer.status === 410);
  if (!answer.ok && !gone) {
    await settleWebmention(db, mention.id, at, answer.problem).run();
    return;
  }
  const html = answer.ok ? answer.text : "";
  const links = answer.ok && linksTo(html, mention.source, mention.target);
  const threadId = await threadIdOf(db, site.id, mention.threadKey, at);
  const existing = await sourcedComments(db, threadId, "webmention", mention.source);
  const host = new URL(mention.source).host;
  const replies: RemoteReply[] = links
    ? [
        {
          remoteId: mention.source,
          parentRemoteId: null,
          authorName: authorOf(html) ?? host,
          profileUrl: new URL(mention.source).origin + "/",
          originalUrl: mention.source,
          createdAt: at,
          editedAt: at,
          body: mentionBody(titleOf(html), mention.source),
        },
      ]
    : [];
  const avatar = await remoteAvatarSeed(keys, site.id, host);
  // One source, complete: gone or unlinked removes the comment it made.
  const plan = planPull("webmention", site, existing, replies, true, now, () => avatar);
  await db.batch([
    ...sourcedStatements(db, { threadId, siteId: site.id }, plan, at),
    settleWebmention(db, mention.id, at, links ? "comment" : gone ? "gone" : "no-link"),
  ]);
}
