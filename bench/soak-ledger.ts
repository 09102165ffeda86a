/**
 * The soak's bookkeeping: every comment the server accepted (a 201 with its id, or seeded),
 * kept from the answers alone, and what later answers did to it — edits and moderation
 * (its status), deletes (tombstone or gone, by the Worker's rule), likes and reports. At the
 * end (soak-check.ts) the database must hold exactly this.
 *
 * The ledger can only be exact if no two requests that change one comment race each other,
 * so requests hold comments while they are in flight: a request that may change a comment's
 * status or existence (edit, delete, report, moderation) holds it alone; one that needs it to
 * stay approved and visible (a like, a reply to it) shares it with others of its kind. A
 * request that finds no free comment falls back to a read (soak-traffic.ts). Likes of one
 * comment by different readers, the race the Worker's counts must survive, still overlap.
 */
import * as z from "zod";
import type { SeedThread } from "./seed-data";

export const statusSchema = z.enum(["pending", "approved", "spam", "rejected"]);
export type Status = z.infer<typeof statusSchema>;

export interface TrackedComment {
  id: string;
  threadKey: string;
  parentId: string | null;
  rootId: string;
  depth: number;
  status: Status;
  /** A deleted comment with replies stays as a tombstone; without, its row goes. */
  state: "live" | "tombstone" | "gone";
  /** The unique token in the body of a soak post; null for a seeded comment. */
  token: string | null;
  /** What its author needs to edit or delete it (soak posts only). */
  own: { editToken: string; network: number; edits: number } | null;
  /** Comments (any status, not gone) whose parent this is. */
  children: Set<string>;
  /** Readers (their ids) whose like the server confirmed. */
  likers: Set<string>;
  /** Networks whose report the server took, ever: a network's report counts once. */
  reporters: Set<number>;
  /** Reports taken since a moderator last decided on it (a decision settles them). */
  unsettledReports: number;
  /** A moderator approved it while it had reports: reports alone never hold it again. */
  approvedOverReports: boolean;
  /** In-flight requests holding it: `alone` excludes all others, `shared` counts sharers. */
  alone: boolean;
  shared: number;
}

export type Hold = "alone" | "shared";

/** What an answer (or the seed) tells of a comment when it is first tracked. */
export type Accepted = Pick<
  TrackedComment,
  "id" | "threadKey" | "parentId" | "rootId" | "depth" | "status" | "token" | "own"
>;

export class Ledger {
  readonly comments = new Map<string, TrackedComment>();
  /** Every tracked id, for random picks (gone ones are skipped when picked). */
  readonly ids: string[] = [];
  /** Soak posts only: the comments an author can edit or delete. */
  readonly ownIds: string[] = [];
  /** Page keys with at least one stored comment. */
  readonly threadKeys: string[] = [];
  private readonly knownKeys = new Set<string>();
  /** Per post token: the ids the server answered for it, and its requests in flight. */
  private readonly tokens = new Map<string, { ids: Set<string>; inFlight: number }>();
  /** Tokens of posts whose outcome is unknown (the request failed without an answer). */
  readonly unknownOutcome = new Set<string>();
  /** Contradictions seen while answers came in (one post stored twice, say). */
  readonly problems: string[] = [];
  /** Comments that reports sent back to review. */
  heldByReports = 0;

  constructor(readonly holdAfterReports: number) {}

  addSeeded(threads: SeedThread[]): void {
    for (const thread of threads) {
      for (const comment of thread.comments) {
        const parent = comment.parentId ? this.comments.get(comment.parentId) : undefined;
        this.track({
          id: comment.id,
          threadKey: thread.key,
          parentId: comment.parentId,
          rootId: parent?.rootId ?? comment.id,
          depth: parent ? parent.depth + 1 : 1,
          status: comment.status,
          token: null,
          own: null,
        });
      }
    }
  }

  private track(comment: Accepted) {
    const tracked: TrackedComment = {
      ...comment,
      state: "live",
      children: new Set(),
      likers: new Set(),
      reporters: new Set(),
      unsettledReports: 0,
      approvedOverReports: false,
      alone: false,
      shared: 0,
    };
    this.comments.set(tracked.id, tracked);
    this.ids.push(tracked.id);
    if (tracked.own) this.ownIds.push(tracked.id);
    if (tracked.parentId) this.comments.get(tracked.parentId)?.children.add(tracked.id);
    if (!this.knownKeys.has(tracked.threadKey)) {
      this.knownKeys.add(tracked.threadKey);
      this.threadKeys.push(tracked.threadKey);
    }
  }

  /** Whether a request may hold this comment now (and it is still visible to its author). */
  isFree(comment: TrackedComment, hold: Hold): boolean {
    if (comment.state !== "live" || comment.alone) return false;
    // Until every request of its post has answered, a retry may still be replayed.
    if (comment.token && (this.tokens.get(comment.token)?.inFlight ?? 0) > 0) return false;
    return hold === "shared" || comment.shared === 0;
  }

  /**
   * A random free comment among `from` that `fits`, held; null after a few misses (the
   * caller then sends something else, so a crowded moment never stalls the schedule).
   */
  pick(
    from: readonly string[],
    hold: Hold,
    fits: (comment: TrackedComment) => boolean,
  ): TrackedComment | null {
    for (let attempt = 0; attempt < 12 && from.length > 0; attempt += 1) {
      const comment = this.comments.get(from[Math.floor(Math.random() * from.length)]!);
      if (comment && this.isFree(comment, hold) && fits(comment)) {
        this.hold(comment, hold);
        return comment;
      }
    }
    return null;
  }

  hold(comment: TrackedComment, hold: Hold): void {
    if (hold === "alone") comment.alone = true;
    else comment.shared += 1;
  }

  release(comment: TrackedComment, hold: Hold): void {
    if (hold === "alone") comment.alone = false;
    else comment.shared -= 1;
  }

  /** A post (and its retries) about to be sent: `requests` of them carry this token. */
  postSent(token: string, requests: number): void {
    const entry = this.tokens.get(token) ?? { ids: new Set(), inFlight: 0 };
    entry.inFlight += requests;
    this.tokens.set(token, entry);
  }

  /**
   * One request of a post answered: `stored` when it was a 201 (a retry's answer must name
   * the same comment), null when it failed without an answer.
   */
  postAnswered(token: string, stored: Omit<Accepted, "token"> | null, failed = false): void {
    const entry = this.tokens.get(token)!;
    entry.inFlight -= 1;
    if (failed) this.unknownOutcome.add(token);
    if (!stored) return;
    if (entry.ids.size > 0 && !entry.ids.has(stored.id)) {
      this.problems.push(
        `post ${token} was answered 201 twice with different comments: ${[...entry.ids, stored.id].join(", ")}`,
      );
    }
    entry.ids.add(stored.id);
    if (!this.comments.has(stored.id)) this.track({ ...stored, token });
  }

  /** The ids the server answered for a token (one, unless a retry was stored again). */
  idsOfToken(token: string): ReadonlySet<string> {
    return this.tokens.get(token)?.ids ?? new Set();
  }

  /** The author deleted it (204): a tombstone if it has replies, else gone, as the Worker does. */
  deleted(comment: TrackedComment): void {
    if (comment.children.size > 0) {
      comment.state = "tombstone";
      return;
    }
    this.gone(comment);
    // The Worker also removes the parent if it was a tombstone kept only for this reply.
    const parent = comment.parentId ? this.comments.get(comment.parentId) : undefined;
    if (parent?.state === "tombstone" && parent.children.size === 0) this.gone(parent);
  }

  private gone(comment: TrackedComment): void {
    comment.state = "gone";
    // Its likes and reports go with the row (ON DELETE CASCADE).
    comment.likers.clear();
    comment.reporters.clear();
    comment.unsettledReports = 0;
    if (comment.parentId) this.comments.get(comment.parentId)?.children.delete(comment.id);
  }

  /** A moderator's decision: the status answered, and the comment's reports settled (kept). */
  moderated(comment: TrackedComment, status: Status): void {
    comment.status = status;
    if (status === "approved" && comment.reporters.size > 0) comment.approvedOverReports = true;
    comment.unsettledReports = 0;
  }

  /** What a report from `network` should be answered: 201 taken, 200 already taken. */
  expectedReportStatus(comment: TrackedComment, network: number): 200 | 201 {
    return comment.reporters.has(network) ? 200 : 201;
  }

  /**
   * A report taken (201): enough networks send an approved comment back to review, unless
   * a moderator has approved it over reports before.
   */
  reported(comment: TrackedComment, network: number): void {
    comment.reporters.add(network);
    comment.unsettledReports += 1;
    const enough = comment.reporters.size >= this.holdAfterReports;
    if (enough && comment.status === "approved" && !comment.approvedOverReports) {
      comment.status = "pending";
      this.heldByReports += 1;
    }
  }

  liked(comment: TrackedComment, reader: string, liked: boolean): void {
    if (liked) comment.likers.add(reader);
    else comment.likers.delete(reader);
  }

  /** What the checks cover: soak posts accepted, and every tracked comment's state now. */
  summary() {
    const all = [...this.comments.values()];
    const live = (status: Status) =>
      all.filter((c) => c.state === "live" && c.status === status).length;
    return {
      posted: this.ownIds.length,
      approved: live("approved"),
      pending: live("pending"),
      spam: live("spam"),
      rejected: live("rejected"),
      tombstones: all.filter((c) => c.state === "tombstone").length,
      gone: all.filter((c) => c.state === "gone").length,
      likes: all.reduce((sum, c) => sum + c.likers.size, 0),
      heldByReports: this.heldByReports,
    };
  }

  /** Approved comments that are not deleted, per page: what the thread's count must say. */
  expectedCounts(): Map<string, number> {
    const counts = new Map<string, number>(this.threadKeys.map((key) => [key, 0]));
    for (const comment of this.comments.values()) {
      if (comment.state === "live" && comment.status === "approved") {
        counts.set(comment.threadKey, (counts.get(comment.threadKey) ?? 0) + 1);
      }
    }
    return counts;
  }

  /** Approved replies below each root, tombstones included (the Worker's `reply_count`). */
  expectedReplyCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const comment of this.comments.values()) {
      if (comment.depth > 1 && comment.state !== "gone" && comment.status === "approved") {
        counts.set(comment.rootId, (counts.get(comment.rootId) ?? 0) + 1);
      }
    }
    return counts;
  }
}
