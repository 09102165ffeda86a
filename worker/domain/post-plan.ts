/**
 * What the posting pipeline's decision (posting.ts) means, planned before anything is
 * written: the attempt to record, the comment to store (or none), and the answer the reader
 * gets or the refusal. Pure but for the keyed hashes and sealing it needs (keys.ts): the
 * route reads the request and the facts, decides, plans here, then stores the plan in one
 * batch and answers with it.
 */
import type { NewComment } from "../schemas/reader";
import type { PostAnswer } from "../schemas/reader-answers";
import { freshComment, newCommentId, toOwnComment, type CommentRecord } from "./comment";
import type { Keys } from "./keys";
import type { PostingDecision, Refusal } from "./posting";
import { editTokenFor, protectAuthor, protectSsoAuthor } from "./privacy";
import type { ReaderClaims } from "./reader-token";
import { renderMarkdown } from "./render";
import type { Site } from "./site";

export type AttemptKind = "comment" | "preview";
export type AttemptOutcome = "stored" | "spam" | "dropped" | "refused" | "preview";

/** A row of the attempts table: what the limits count. */
export interface Attempt {
  id: string;
  siteId: string;
  kind: AttemptKind;
  networkHash: string;
  /** Only for a stored comment not judged spam (the per-email limit counts nothing else). */
  emailHash: string | null;
  outcome: AttemptOutcome;
  createdAt: string;
}

export type SubscriptionScope = "replies" | "all";

export interface NewSubscription {
  commentId: string;
  siteId: string;
  emailHash: string;
  emailEncrypted: string;
  scope: SubscriptionScope;
  at: string;
  /** The post came from the browser that confirmed this address (its mail token). */
  confirmed: boolean;
}

export type NewRecord = Omit<CommentRecord, "threadId">;

/** A comment to store with its attempt: the page it was written on, and its stored answer. */
export interface NewCommentWrite {
  comment: NewRecord;
  page: { key: string; url: string; title: string | null };
  idempotency: { key: string; requestHash: string; response: string } | null;
  /** Sealed: what Akismet was told, for reporting a moderator's decision back. */
  akismetContext: string | null;
  /** Mail this comment causes, queued in the same batch (only where the site sends mail). */
  mail: { notices: boolean; subscription: NewSubscription | null } | null;
}

/** A validated post with every keyed hash it needs, each computed once (by the route). */
export interface PostRequest {
  input: NewComment;
  idempotencyKey: string | null;
  keys: Keys;
  now: Date;
  /** The client's address; null only outside Cloudflare. */
  address: string | null;
  email: string | null;
  emailHash: string | null;
  networkHash: string;
  /** What a repeat under the same Idempotency-Key must match; null without one. */
  requestHash: string | null;
  dedupKey: string;
  /** The reader token's claims, checked but for revocation (which the facts say). */
  reader: ReaderClaims | null;
  /** A signed-in user's id on the site (single sign-on); `emailHash` is then theirs. */
  ssoUserId: string | null;
}

export interface PlanContext {
  request: PostRequest;
  site: Site;
  parent: CommentRecord | null;
  decision: PostingDecision;
  /** What a `notify` asked for comes to: not offered, waiting for mail, or active at once. */
  subscription: "not-offered" | "awaiting-confirmation" | "active";
  /** The deployment sends this site's mail (mail/enabled.ts). */
  sendsMail: boolean;
  /** Sealed: what Akismet was told, when it was asked. */
  akismetContext: string | null;
  /** Posted with a reader token of the author's own address. */
  verified: boolean;
}

export type PostPlan =
  /** Refused before it counts as an attempt: nothing is written. */
  | { kind: "refused"; refusal: Refusal }
  /** Refused, but it uses up an attempt (written, nothing else). */
  | { kind: "counted-refusal"; refusal: Refusal; attempt: Attempt }
  | {
      kind: "accepted";
      attempt: Attempt;
      /** Null for spam not worth keeping, answered as if it were held. */
      write: NewCommentWrite | null;
      answer: PostAnswer;
    };

export async function planPost(context: PlanContext): Promise<PostPlan> {
  const { decision, request } = context;
  if (decision.outcome === "refused") {
    if (!decision.counted) return { kind: "refused", refusal: decision.refusal };
    const attempt = attemptOf({ id: newCommentId(), siteId: context.site.id }, decision, request);
    return { kind: "counted-refusal", refusal: decision.refusal, attempt };
  }
  const comment = await newRecord(context, decision);
  const answer = await answerOf(
    context,
    decision.outcome === "dropped" ? heldLookalike(comment) : comment,
  );
  const write = decision.outcome === "stored" ? writeOf(context, comment, answer) : null;
  return { kind: "accepted", attempt: attemptOf(comment, decision, request), write, answer };
}

/** The comment as it is stored (or, for spam that is not, as it would have been). */
async function newRecord(
  { request, site, parent, verified }: PlanContext,
  decision: Exclude<PostingDecision, { outcome: "refused" }>,
): Promise<NewRecord> {
  const { input, email, emailHash, keys } = request;
  const stored = decision.outcome === "stored";
  const status = stored ? decision.status : "spam";
  return freshComment(parent, {
    siteId: site.id,
    status,
    authorName: input.author.name,
    authorWebsite: input.author.website ?? null,
    ...(request.ssoUserId !== null && emailHash
      ? await protectSsoAuthor(keys, site.id, { id: request.ssoUserId, email, hash: emailHash })
      : await protectAuthor(keys, site.id, { name: input.author.name, email, emailHash })),
    networkHash: request.address ? request.networkHash : null,
    body: input.body,
    html: stored ? decision.html : "",
    // Spam keeps no dedup key: a bot's repeat is stored as spam again, not told "duplicate".
    dedupKey: status === "spam" ? null : request.dedupKey,
    reasons: decision.reasons,
    createdAt: request.now.toISOString(),
    verifiedAt: verified && stored ? request.now.toISOString() : null,
  });
}

/**
 * Spam that is not stored is answered exactly like a held comment: rendered as the reader
 * would see their own held comment, with an edit token like any other (for a comment that
 * the server will then not know).
 */
function heldLookalike(comment: NewRecord): NewRecord {
  return { ...comment, status: "pending", html: renderMarkdown(comment.body) };
}

/**
 * The answer to a new comment: the author's view of it, the token to edit it with, and
 * what became of a subscription; the same for spam, so bots learn nothing.
 */
async function answerOf(context: PlanContext, comment: NewRecord): Promise<PostAnswer> {
  const subscription = context.subscription === "not-offered" ? null : context.subscription;
  return {
    ...(await ownCommentAnswer(context.request.keys, comment, context.site)),
    ...(context.request.input.notify ? { subscription } : {}),
  };
}

/** The author's view of their comment and the token to edit it (posts and the form). */
export async function ownCommentAnswer(keys: Keys, comment: NewRecord, site: Site) {
  return {
    comment: toOwnComment(comment),
    editToken: await editTokenFor(keys, comment.id),
    editableUntil: new Date(
      Date.parse(comment.createdAt) + site.settings.editWindowSeconds * 1000,
    ).toISOString(),
  };
}

function writeOf(context: PlanContext, comment: NewRecord, answer: PostAnswer): NewCommentWrite {
  const { input, idempotencyKey, requestHash } = context.request;
  return {
    comment,
    page: { key: input.page.key, url: input.page.url, title: input.page.title ?? null },
    idempotency:
      idempotencyKey && requestHash
        ? { key: idempotencyKey, requestHash, response: JSON.stringify(answer) }
        : null,
    akismetContext: context.akismetContext,
    mail: context.sendsMail
      ? { notices: true, subscription: subscriptionOf(context, comment) }
      : null,
  };
}

/** The author's subscription, for a comment that is stored and not spam. */
function subscriptionOf(context: PlanContext, comment: NewRecord): NewSubscription | null {
  const scope = context.request.input.notify;
  if (!scope || context.subscription === "not-offered" || comment.status === "spam") return null;
  if (!comment.emailHash || !comment.emailEncrypted) return null;
  return {
    commentId: comment.id,
    siteId: comment.siteId,
    emailHash: comment.emailHash,
    emailEncrypted: comment.emailEncrypted,
    scope,
    at: comment.createdAt,
    confirmed: context.subscription === "active",
  };
}

/**
 * An author's edit as an attempt: it counts against the posting limits for the network it
 * comes from and, unless the comment is spam, for the author's address.
 */
export function editAttempt(
  comment: Pick<CommentRecord, "siteId" | "emailHash">,
  edit: { status: CommentRecord["status"]; editedAt: string },
  networkHash: string,
): Attempt {
  return {
    id: `e_${crypto.randomUUID()}`,
    siteId: comment.siteId,
    kind: "comment",
    networkHash,
    emailHash: edit.status === "spam" ? null : comment.emailHash,
    outcome: "stored",
    createdAt: edit.editedAt,
  };
}

/** What the attempts table records of this request. */
function attemptOf(
  comment: { id: string; siteId: string },
  decision: PostingDecision,
  request: PostRequest,
): Attempt {
  const stored = decision.outcome === "stored";
  const counted = stored && decision.status !== "spam";
  return {
    id: comment.id,
    siteId: comment.siteId,
    kind: "comment",
    networkHash: request.networkHash,
    emailHash: counted ? request.emailHash : null,
    outcome: stored ? (decision.status === "spam" ? "spam" : "stored") : decision.outcome,
    createdAt: request.now.toISOString(),
  };
}
