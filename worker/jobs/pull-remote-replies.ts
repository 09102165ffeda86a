/**
 * Pulls the public replies of linked posts into their pages' threads: on the hourly
 * scheduled run for the pages linked within each site's `remoteRepliesDays`, within a
 * budget of requests and time per run, and on demand for one page (moderation API). One
 * request per link and pull (a Bluesky handle was resolved when the page was linked).
 * Never throws for a remote's failure: it is written on the link (`last_error`) and the
 * next run tries again; a post that answers 404/410 is marked gone and left alone.
 */
import { fetchBlueskyReplies } from "../clients/bluesky";
import type { FetchLimits } from "../clients/bounded-fetch";
import { fetchMastodonReplies, type PullAnswer } from "../clients/mastodon";
import type { Keys } from "../domain/keys";
import { remoteAvatarSeed } from "../domain/privacy";
import { maxRepliesPerPost, planPull, type RemoteReply } from "../domain/remote-replies";
import type { Site } from "../domain/site";
import { siteSettingsSchema } from "../schemas/settings";
import type { Database } from "../storage/database";
import {
  dueLinks,
  markLink,
  sourcedComments,
  writePull,
  type RemoteLink,
} from "../storage/remote-links";
import { getSite } from "../storage/sites";

/** Each request: at most this long, and this many bytes of answer. */
export const pullLimits: FetchLimits = { timeoutMs: 8000, maxBytes: 2 * 1024 * 1024 };

/** A scheduled run's budget: requests across every site, and wall time. */
export interface PullBudget {
  requests: number;
  milliseconds: number;
}
export const scheduledBudget: PullBudget = { requests: 30, milliseconds: 60_000 };

export interface PullResult {
  outcome: "pulled" | "gone" | "failed";
  problem?: string;
  inserted: number;
  updated: number;
  removed: number;
}

export interface PullReport {
  links: number;
  inserted: number;
  failed: number;
  /** Links left for the next run when the budget ran out. */
  deferred: number;
}

/** The scheduled run over one database's due links. */
export async function pullDueReplies(
  db: Database,
  keys: Keys,
  now: Date,
  budget: PullBudget = scheduledBudget,
): Promise<PullReport> {
  const defaultDays = siteSettingsSchema.shape.remoteRepliesDays.parse(undefined);
  // One more than the budget: whether any link had to wait is part of the report.
  const links = await dueLinks(db, now.toISOString(), defaultDays, budget.requests + 1);
  const deadline = Date.now() + budget.milliseconds;
  const sites = new Map<string, Site | null>();
  const report: PullReport = { links: 0, inserted: 0, failed: 0, deferred: 0 };
  for (const [index, link] of links.entries()) {
    if (index >= budget.requests || Date.now() >= deadline) {
      report.deferred = links.length - index;
      break;
    }
    if (!sites.has(link.siteId)) sites.set(link.siteId, await getSite(db, link.siteId));
    const site = sites.get(link.siteId);
    if (!site) continue;
    const result = await pullLink(db, keys, site, link, now);
    report.links += 1;
    report.inserted += result.inserted;
    if (result.outcome === "failed") report.failed += 1;
  }
  return report;
}

/** One link pulled now: its replies fetched, planned and written in one batch. */
export async function pullLink(
  db: Database,
  keys: Keys,
  site: Site,
  link: RemoteLink,
  now: Date,
): Promise<PullResult> {
  const at = now.toISOString();
  const answer = await fetchReplies(link);
  if (answer.outcome !== "replies") {
    const gone = answer.outcome === "gone";
    await markLink(db, link, {
      pulledAt: at,
      state: gone ? "gone" : "active",
      lastError: gone ? "gone" : answer.problem,
    });
    return {
      outcome: answer.outcome,
      problem: gone ? "gone" : answer.problem,
      inserted: 0,
      updated: 0,
      removed: 0,
    };
  }
  const existing = await sourcedComments(db, link.threadId, link.kind);
  const avatars = await avatarsOf(keys, site.id, answer.replies);
  const plan = planPull(
    link.kind,
    site,
    existing,
    answer.replies,
    answer.complete,
    now,
    (reply) => avatars.get(reply.profileUrl ?? reply.originalUrl) ?? "",
  );
  await writePull(db, link, plan, at);
  return {
    outcome: "pulled",
    inserted: plan.inserts.length,
    updated: plan.updates.length,
    removed: plan.removals.length,
  };
}

function fetchReplies(link: RemoteLink): Promise<PullAnswer> {
  return link.kind === "mastodon"
    ? fetchMastodonReplies(link.apiHost, link.remoteId, pullLimits)
    : fetchBlueskyReplies(link.remoteId, pullLimits, maxRepliesPerPost);
}

/** Each remote author's avatar seed, once per author. */
async function avatarsOf(keys: Keys, siteId: string, replies: RemoteReply[]) {
  const profiles = [...new Set(replies.map((reply) => reply.profileUrl ?? reply.originalUrl))];
  const seeds = await Promise.all(
    profiles.map((profile) => remoteAvatarSeed(keys, siteId, profile)),
  );
  return new Map(profiles.map((profile, at) => [profile, seeds[at]!]));
}
