/**
 * What a pull of a linked post's replies changes in its page's thread, planned without I/O:
 * each public reply becomes a comment at its place in the reply tree, under the rules any
 * comment meets (words, links, the moderation mode, the length), a reply seen before is
 * updated when it changed upstream, and one that disappeared is removed. A reply a moderator
 * rejected or marked spam stays as it is: its row keeps its source id, so it is never made
 * again.
 */
import { freshComment, type CommentRecord } from "./comment";
import { judgeContent } from "./moderation";
import type { SourceKind } from "./remote-source";
import { countLinks, renderMarkdown } from "./render";
import type { Site } from "./site";
import { cleanBodyText, cleanDisplayText } from "../schemas/common";

/** A reply as a client read it from Mastodon or Bluesky, its body already Markdown. */
export interface RemoteReply {
  /** A Mastodon status id on the linked instance, or a Bluesky at:// URI. */
  remoteId: string;
  /** The reply it answers; null for a direct reply to the linked post. */
  parentRemoteId: string | null;
  authorName: string;
  profileUrl: string | null;
  originalUrl: string;
  createdAt: string;
  editedAt: string | null;
  body: string;
}

/** A comment made from a remote reply, as the pull needs it. */
export type SourcedComment = Pick<
  CommentRecord,
  | "id"
  | "parentId"
  | "rootId"
  | "depth"
  | "status"
  | "authorName"
  | "authorWebsite"
  | "body"
  | "deletedAt"
  | "sourceId"
>;

export type NewSourcedComment = Omit<CommentRecord, "threadId">;

export interface ReplyUpdate {
  id: string;
  authorName: string;
  authorWebsite: string | null;
  body: string;
  html: string;
  status: CommentRecord["status"];
  reasons: string[] | null;
  editedAt: string;
}

export interface PullPlan {
  inserts: NewSourcedComment[];
  updates: ReplyUpdate[];
  removals: Pick<CommentRecord, "id" | "parentId">[];
}

/** At most this many replies of one post are kept (the rest wait for nothing: see docs). */
export const maxRepliesPerPost = 500;
const maxNameLength = 100;

export function planPull(
  kind: SourceKind,
  site: Site,
  existing: SourcedComment[],
  replies: RemoteReply[],
  /** The answer held every reply: one missing from it was removed upstream. */
  complete: boolean,
  now: Date,
  avatarOf: (reply: RemoteReply) => string,
): PullPlan {
  const plan: PullPlan = { inserts: [], updates: [], removals: [] };
  const known = new Map(existing.map((comment) => [comment.sourceId!, comment]));
  const placed = new Map<string, Placement>();
  for (const comment of existing) placed.set(comment.sourceId!, comment);

  const unique = dedupe(replies).slice(0, maxRepliesPerPost);
  const seen = new Set(unique.map((reply) => reply.remoteId));
  // Parents first: a reply comes after the one it answers, however the answer ordered them.
  for (const reply of inTreeOrder(unique)) {
    const content = contentOf(reply, site);
    const before = known.get(reply.remoteId);
    if (before) {
      const update = updateOf(before, content, reply, site, kind, now);
      if (update) plan.updates.push(update);
      continue;
    }
    const parent = reply.parentRemoteId === null ? null : placed.get(reply.parentRemoteId);
    // Its parent was not public, or is past the caps: the reply has no place to hang.
    if (reply.parentRemoteId !== null && !parent) continue;
    const comment = freshComment(hangFrom(parent ?? null, site.settings.maxDepth), {
      siteId: site.id,
      ...content,
      ...judge(content, site, kind),
      avatar: avatarOf(reply),
      createdAt: timeOf(reply.createdAt, now),
      sourceKind: kind,
      sourceId: reply.remoteId,
      sourceUrl: reply.originalUrl,
    });
    plan.inserts.push(comment);
    placed.set(reply.remoteId, comment);
  }
  if (complete) {
    for (const comment of existing) {
      // Rejected and spam stay, so the reply is never made again if it comes back.
      const kept = comment.status === "rejected" || comment.status === "spam";
      if (!seen.has(comment.sourceId!) && !kept && !comment.deletedAt) {
        plan.removals.push({ id: comment.id, parentId: comment.parentId });
      }
    }
  }
  return plan;
}

interface Placement {
  id: string;
  parentId: string | null;
  rootId: string;
  depth: number;
}

/**
 * Where a reply to `parent` hangs: below it, or, when that would pass the site's depth, beside
 * it (below its parent), as deep as the site lets replies nest.
 */
function hangFrom(parent: Placement | null, maxDepth: number) {
  if (!parent || parent.depth < maxDepth) return parent;
  return { id: parent.parentId!, rootId: parent.rootId, depth: parent.depth - 1 };
}

interface Content {
  authorName: string;
  authorWebsite: string | null;
  body: string;
  html: string;
}

function contentOf(reply: RemoteReply, site: Site): Content {
  const body = cut(cleanBodyText(reply.body), site.settings.maxLength);
  return {
    // Cleaned as a reader's name is: no invisible characters to pose as someone else.
    authorName: cut(cleanDisplayText(reply.authorName), maxNameLength) || "?",
    authorWebsite: reply.profileUrl,
    body,
    html: renderMarkdown(body),
  };
}

/**
 * The site's rules, as for a comment posted here by an author it does not know. A Webmention
 * is held whatever the moderation mode: anyone can send one, naming any page.
 */
function judge(content: Content, site: Site, kind: SourceKind) {
  const verdict = judgeContent(
    { ...content, email: null, linkCount: countLinks(content.html) },
    { knownAuthor: false },
    site.settings,
  );
  if (kind !== "webmention" || verdict.status === "spam") return verdict;
  return { status: "pending" as const, reasons: ["webmention", ...verdict.reasons] };
}

/**
 * A reply changed upstream (its text or its author's name): the new text is stored and meets
 * the rules again; an approved reply that now breaks one goes back to the queue. A rejected
 * or spam one, or a tombstone, is left alone.
 */
function updateOf(
  before: SourcedComment,
  content: Content,
  reply: RemoteReply,
  site: Site,
  kind: SourceKind,
  now: Date,
): ReplyUpdate | null {
  if (before.status === "rejected" || before.status === "spam" || before.deletedAt) return null;
  const changed =
    before.body !== content.body ||
    before.authorName !== content.authorName ||
    before.authorWebsite !== content.authorWebsite;
  if (!changed) return null;
  const verdict = judge(content, site, kind);
  const stricter = verdict.status !== "approved";
  return {
    id: before.id,
    ...content,
    status: stricter && before.status === "approved" ? verdict.status : before.status,
    reasons: stricter ? verdict.reasons : null,
    editedAt: before.body !== content.body ? timeOf(reply.editedAt, now) : now.toISOString(),
  };
}

/** A body cut to the site's length (a comment from elsewhere is not refused for its length). */
function cut(text: string, max: number): string {
  const characters = [...text];
  return characters.length > max ? `${characters.slice(0, max - 1).join("")}…` : text;
}

/** A remote time as ISO 8601 UTC, or now when it is missing, unreadable or in the future. */
function timeOf(value: string | null, now: Date): string {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) || time > now.getTime()
    ? now.toISOString()
    : new Date(time).toISOString();
}

function dedupe(replies: RemoteReply[]): RemoteReply[] {
  const byId = new Map<string, RemoteReply>();
  for (const reply of replies) if (!byId.has(reply.remoteId)) byId.set(reply.remoteId, reply);
  return [...byId.values()];
}

/** Replies ordered so each comes after its parent (a cycle's members come last, unplaced). */
function inTreeOrder(replies: RemoteReply[]): RemoteReply[] {
  const ids = new Set(replies.map((reply) => reply.remoteId));
  const children = new Map<string | null, RemoteReply[]>();
  for (const reply of replies) {
    // A parent outside the answer (not public) is kept: the reply is placed if it is known.
    const parent =
      reply.parentRemoteId !== null && ids.has(reply.parentRemoteId) ? reply.parentRemoteId : null;
    const list = children.get(parent) ?? [];
    list.push(reply);
    children.set(parent, list);
  }
  const ordered: RemoteReply[] = [];
  const queue = [...(children.get(null) ?? [])];
  for (let at = 0; at < queue.length; at++) {
    const reply = queue[at]!;
    ordered.push(reply);
    queue.push(...(children.get(reply.remoteId) ?? []));
  }
  return ordered;
}
