/**
 * The soak's mixed traffic: what readers, authors and the moderator (soak-moderator.ts)
 * send, each request planned against the ledger (soak-ledger.ts) and settled by its answer.
 * Weights are per request; a request with nothing to act on (no free comment to edit, say)
 * becomes a list read, so the schedule is kept whatever the state.
 *
 * Clients are spread over 512 networks (soak-requests.ts), 300 authors and 1,000 readers,
 * each with a home network, so no one network or email comes near the site's limits: rate
 * limiting is not what the soak measures. A 429 counts as a refusal, never as a loss (author
 * edits may count against the posting limits too).
 */
import * as z from "zod";
import { counts, list } from "./scenarios";
import { origin, site } from "./seed";
import { statusSchema, type Hold, type Ledger, type TrackedComment } from "./soak-ledger";
import { Moderator } from "./soak-moderator";
import {
  chance,
  describe,
  expecting,
  get,
  networks,
  oneOf,
  random,
  writeHeaders,
  type Answer,
  type Kind,
  type Planned,
  type SoakRequest,
} from "./soak-requests";

/** Share of each kind, in percent; `retry` is not drawn: it follows some posts. */
const mix: [Exclude<Kind, "retry">, number][] = [
  ["list", 38],
  ["counts", 14],
  ["post", 12],
  ["reply", 7],
  ["edit", 5],
  ["delete", 2],
  ["like", 12],
  ["report", 3],
  ["mod-queue", 3],
  ["mod-decide", 4],
];

/** Posts sent with an Idempotency-Key and at once again, as a client retrying on a timeout. */
const retriedShare = 0.1;
/** Reports go half to a few contested comments, so some reach holdAfterReports. */
const contestedCount = 30;
/**
 * Half the replies answer one of the soak's recent posts, and half the deletes take one of
 * them that has replies: deleting those leaves tombstones, and deleting a tombstone's last
 * reply removes it too — the Worker's rule the checks hold it to. Replies spread over
 * every comment would almost never meet a deleted one.
 */
const recentCount = 200;
export const maxDepth = 10;
const authors = 300;
const readers = 1000;

const postAnswer = z.object({
  comment: z.object({ id: z.string(), status: statusSchema }),
  editToken: z.string(),
});
const editAnswer = z.object({ comment: z.object({ status: statusSchema }) });
const likeAnswer = z.object({ liked: z.boolean() });
const listAnswer = z.object({ nextCursor: z.string().nullable() });

export class Traffic {
  private posts = 0;
  /** Retries due next, each with what undoes its plan if the run stops before it is sent. */
  private readonly followUps: { planned: Planned; cancel(): void }[] = [];
  /** The next cursor of each page and sort read, so some reads go past the first page. */
  private readonly cursors = new Map<string, string>();
  private readonly contested: string[];
  private readonly moderator: Moderator;

  constructor(
    private readonly ledger: Ledger,
    private readonly run: string,
  ) {
    this.contested = ledger.ids.slice(0, contestedCount);
    this.moderator = new Moderator(ledger);
  }

  /** The next request: a retry that is due, else one drawn from the mix. */
  next(): Planned {
    const due = this.followUps.shift();
    if (due) return due.planned;
    let draw = random(100);
    const [kind] = mix.find(([, weight]) => (draw -= weight) < 0) ?? mix[0]!;
    return this.plan(kind) ?? this.listRead();
  }

  /** Retries not sent when the run stops: their post's first request tells its outcome. */
  dropFollowUps(): void {
    for (const followUp of this.followUps.splice(0)) followUp.cancel();
  }

  private plan(kind: Exclude<Kind, "retry">): Planned | null {
    const { ledger } = this;
    switch (kind) {
      case "list":
        return this.listRead();
      case "counts": {
        const keys = new Set(Array.from({ length: 20 }, () => oneOf(ledger.threadKeys)));
        const request = get(counts([...keys]));
        return { kind, request, settle: expecting(request, [200], z.unknown(), () => null) };
      }
      case "post":
        return this.post(null);
      case "reply": {
        const fits = (c: TrackedComment) => c.status === "approved" && c.depth < maxDepth;
        const parent =
          (chance(0.5) ? ledger.pick(this.recentOwn(), "shared", fits) : null) ??
          ledger.pick(ledger.ids, "shared", fits);
        return parent && this.post(parent);
      }
      case "edit":
        return this.edit();
      case "delete":
        return this.remove();
      case "like":
        return this.like();
      case "report":
        return this.report();
      case "mod-queue":
        return this.moderator.readQueue();
      case "mod-decide":
        return this.moderator.decide();
    }
  }

  private listRead(): Planned {
    const key = oneOf(this.ledger.threadKeys);
    const sort = oneOf(["oldest", "newest", "best"]);
    const at = `${key}|${sort}`;
    const cursor = chance(0.25) ? this.cursors.get(at) : undefined;
    const request = get(list(key, `&sort=${sort}${cursor ? `&cursor=${cursor}` : ""}`));
    return {
      kind: "list",
      request,
      settle: expecting(request, [200], listAnswer, (body) => {
        if (body.nextCursor) this.cursors.set(at, body.nextCursor);
        else this.cursors.delete(at);
        return null;
      }),
    };
  }

  /** A root comment (parent null) or a reply; some are sent twice with one Idempotency-Key. */
  private post(parent: TrackedComment | null): Planned {
    this.posts += 1;
    const n = this.posts;
    const token = `${this.run}-${n}`;
    const author = random(authors);
    const key =
      parent?.threadKey ?? (chance(0.1) ? `/soak/${this.run}/${n}` : oneOf(this.ledger.threadKeys));
    const retried = chance(retriedShare);
    const request: SoakRequest = {
      method: "POST",
      path: "/api/comments",
      headers: {
        ...writeHeaders(author % networks),
        ...(retried ? { "Idempotency-Key": `soak-${token}` } : {}),
      },
      body: JSON.stringify({
        site,
        page: { key, url: `${origin}${key}`, title: `Soak page ${key}` },
        ...(parent ? { parentId: parent.id } : {}),
        author: { name: `Soak author ${author}`, email: `soak-${this.run}-${author}@mail.example` },
        body: bodyText(token, n % 4 === 0),
      }),
    };
    this.ledger.postSent(token, retried ? 2 : 1);
    const settle = (answer: Answer | null): string | null => {
      if (parent) this.ledger.release(parent, "shared");
      const parsed = answer?.status === 201 ? postAnswer.safeParse(answer.body) : null;
      if (!answer || !parsed?.success) {
        // After a 5xx, as after no answer, the comment may or may not have been stored.
        this.ledger.postAnswered(token, null, !answer || answer.status >= 500);
        if (!answer || answer.status === 429) return null;
        return describe(request, answer, "201 with the comment and its edit token");
      }
      const { comment, editToken } = parsed.data;
      this.ledger.postAnswered(token, {
        id: comment.id,
        threadKey: key,
        parentId: parent?.id ?? null,
        rootId: parent?.rootId ?? comment.id,
        depth: parent ? parent.depth + 1 : 1,
        status: comment.status,
        own: { editToken, network: author % networks, edits: 0 },
      });
      return null;
    };
    if (retried) {
      if (parent) this.ledger.hold(parent, "shared");
      this.followUps.push({
        planned: { kind: "retry", request, settle },
        cancel: () => {
          if (parent) this.ledger.release(parent, "shared");
          this.ledger.postAnswered(token, null);
        },
      });
    }
    return { kind: parent ? "reply" : "post", request, settle };
  }

  private edit(): Planned | null {
    const comment = this.ledger.pick(this.ledger.ownIds, "alone", () => true);
    if (!comment) return null;
    const own = comment.own!;
    const request = this.authorRequest(comment, "PATCH", `/api/comments/${comment.id}`, {
      body: bodyText(`${comment.token} edit ${own.edits + 1}`, false),
    });
    return this.holding(comment, "alone", "edit", request, 200, editAnswer, (body) => {
      own.edits += 1;
      // Spam and rejected comments stay put aside; the author is told "pending" either way.
      if (comment.status !== "spam" && comment.status !== "rejected") {
        comment.status = body.comment.status;
      }
    });
  }

  private remove(): Planned | null {
    const answered = (c: TrackedComment) => c.children.size > 0;
    const comment =
      (chance(0.5) ? this.ledger.pick(this.recentOwn(), "alone", answered) : null) ??
      this.ledger.pick(this.ledger.ownIds, "alone", () => true);
    if (!comment) return null;
    const request = this.authorRequest(comment, "DELETE", `/api/comments/${comment.id}`);
    return this.holding(comment, "alone", "delete", request, 204, z.unknown(), () =>
      this.ledger.deleted(comment),
    );
  }

  private like(): Planned | null {
    const comment = this.ledger.pick(this.ledger.ids, "shared", (c) => c.status === "approved");
    if (!comment) return null;
    const reader = random(readers);
    const readerId = `soak-reader-${this.run}-${reader}`;
    // Toggles, as the widget's button does. One reader's two likes of one comment in flight
    // at once ask for the same state (the ledger changes only on an answer), so they agree.
    const liked = !comment.likers.has(readerId);
    const request: SoakRequest = {
      method: "POST",
      path: `/api/comments/${comment.id}/like`,
      headers: writeHeaders(reader % networks),
      body: JSON.stringify({ reader: readerId, liked }),
    };
    // A like past the few a network may give one comment is answered liked: false.
    return this.holding(comment, "shared", "like", request, 200, likeAnswer, (body) =>
      this.ledger.liked(comment, readerId, body.liked),
    );
  }

  private report(): Planned | null {
    const approved = (c: TrackedComment) => c.status === "approved";
    const comment =
      (chance(0.5) ? this.ledger.pick(this.contested, "alone", approved) : null) ??
      this.ledger.pick(this.ledger.ids, "alone", approved);
    if (!comment) return null;
    const network = random(networks);
    const expected = this.ledger.expectedReportStatus(comment, network);
    const request: SoakRequest = {
      method: "POST",
      path: `/api/comments/${comment.id}/report`,
      headers: writeHeaders(network),
      body: JSON.stringify({ reason: oneOf(["spam", "abuse", "off-topic", "other"]) }),
    };
    return this.holding(comment, "alone", "report", request, expected, z.unknown(), () => {
      if (expected === 201) this.ledger.reported(comment, network);
    });
  }

  private recentOwn(): string[] {
    return this.ledger.ownIds.slice(-recentCount);
  }

  /** The author's own request on their comment: from their network, with the edit token. */
  private authorRequest(
    comment: TrackedComment,
    method: "PATCH" | "DELETE",
    path: string,
    body?: unknown,
  ): SoakRequest {
    const own = comment.own!;
    return {
      method,
      path,
      headers: { ...writeHeaders(own.network), Authorization: `Bearer ${own.editToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
  }

  /** A request on a comment it holds (taken by `pick`), released whatever the answer. */
  private holding<T>(
    comment: TrackedComment,
    hold: Hold,
    kind: Kind,
    request: SoakRequest,
    status: number,
    schema: z.ZodType<T>,
    apply: (body: T) => void,
  ): Planned {
    const settle = expecting(
      request,
      [status],
      schema,
      (body) => {
        apply(body);
        return null;
      },
      () => this.ledger.release(comment, hold),
    );
    return { kind, request, settle };
  }
}

/** A comment's text: its token (to find it in the database) and some Markdown. */
function bodyText(token: string, withLink: boolean): string {
  return (
    `Soak ${token}: does this hold up under *steady* load?\n\n` +
    (withLink ? "Notes at https://blog.example/soak-notes." : "Second paragraph, no links.")
  );
}
