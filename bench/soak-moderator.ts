/**
 * The moderator's part of the soak: reading the queue (held comments, or reported ones) with
 * the bench's MODERATOR_TOKEN, and deciding on the comments of the last page read — mostly
 * approving, some spam or rejected — as someone working through the desk would.
 */
import * as z from "zod";
import { moderatorHeaders, site } from "./seed";
import { statusSchema, type Ledger, type Status, type TrackedComment } from "./soak-ledger";
import { chance, expecting, oneOf, type Planned, type SoakRequest } from "./soak-requests";

const queueAnswer = z.object({ comments: z.array(z.object({ id: z.string() })) });
const decisionAnswer = z.object({ status: statusSchema });

/** Held comments: 85 % approved, 5 % spam, 10 % rejected; reported ones: 80 % kept. */
const forHeld: Status[] = [...Array<Status>(17).fill("approved"), "spam", "rejected", "rejected"];
const forReported: Status[] = [...Array<Status>(4).fill("approved"), "rejected"];

export class Moderator {
  /** The ids of the last page of the queue read, in order, for the decisions that follow. */
  private queue: string[] = [];

  constructor(private readonly ledger: Ledger) {}

  readQueue(): Planned {
    const status = chance(0.75) ? "pending" : "reported";
    const request: SoakRequest = {
      method: "GET",
      path: `/api/mod/comments?site=${site}&status=${status}&limit=50`,
      headers: moderatorHeaders,
    };
    return {
      kind: "mod-queue",
      request,
      settle: expecting(request, [200], queueAnswer, (body) => {
        this.queue = body.comments.map((comment) => comment.id);
        return null;
      }),
    };
  }

  /** A decision on a comment of the last page read; a new read when none is left. */
  decide(): Planned {
    const comment = this.nextUndecided();
    if (!comment) return this.readQueue();
    const status = oneOf(comment.status === "pending" ? forHeld : forReported);
    const request: SoakRequest = {
      method: "PATCH",
      path: `/api/mod/comments/${comment.id}`,
      headers: moderatorHeaders,
      body: JSON.stringify({ status }),
    };
    return {
      kind: "mod-decide",
      request,
      settle: expecting(
        request,
        [200],
        decisionAnswer,
        (body) => {
          if (body.status !== status) return `${request.path}: answered status ${body.status}`;
          this.ledger.moderated(comment, status);
          return null;
        },
        () => this.ledger.release(comment, "alone"),
      ),
    };
  }

  /**
   * The next comment of the page still waiting for a decision, held. Comments the ledger
   * does not know yet (their post's answer is still on its way) are passed over.
   */
  private nextUndecided(): TrackedComment | null {
    while (this.queue.length > 0) {
      const comment = this.ledger.comments.get(this.queue.shift()!);
      const undecided = comment && (comment.status === "pending" || comment.unsettledReports > 0);
      if (undecided && this.ledger.isFree(comment, "alone")) {
        this.ledger.hold(comment, "alone");
        return comment;
      }
    }
    return null;
  }
}
