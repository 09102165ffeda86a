/**
 * POST /api/comments: the posting pipeline (domain/posting.ts) between two D1 round trips
 * (the facts it needs; then the attempt and whatever it stores), and the answer. The plain
 * HTML form (routes/comment-form.ts) goes through the very same pipeline.
 */
import type { Context } from "hono";
import { akismetCommentOf, checkComment, type AkismetContext } from "../../clients/akismet";
import { verifyTurnstile } from "../../clients/turnstile";
import { newCommentId, type CommentRecord } from "../../domain/comment";
import { constantTimeEqual } from "../../domain/keys";
import { nameKey } from "../../domain/moderation";
import {
  decidePosting,
  retryAfterSeconds,
  type OutsideOpinions,
  type PostingDecision,
} from "../../domain/posting";
import {
  dedupKey,
  formTokenAge,
  hashEmail,
  mailTokenFor,
  normalizeEmail,
  protectAuthor,
} from "../../domain/privacy";
import { renderMarkdown } from "../../domain/render";
import type { Site } from "../../domain/site";
import type { AppEnv } from "../../env";
import { ApiError, duplicateComment, rateLimited } from "../../errors";
import { deliverAfterResponse } from "../../mail/deliver";
import { databaseOf } from "../../platform/site-databases";
import { offersReaderMail, siteSendsMail } from "../../mail/enabled";
import { allowSiteOrigin } from "../../middleware/site-origin";
import {
  idempotencyHeaderSchema,
  newCommentSchema,
  postResponseSchema,
  type NewComment,
} from "../../schemas/reader";
import type { Attempt } from "../../storage/attempts";
import {
  commentExists,
  loadPostingFacts,
  readStoredAnswer,
  storeAttempt,
  type NewCommentWrite,
  type StoredAnswer,
} from "../../storage/posting";
import type { NewSubscription } from "../../storage/subscriptions";
import { isConstraintError } from "../../storage/rows";
import { declare, type DeclaredRouter } from "../declare";
import { notifyIfNewlyHeld, ownCommentAnswer, refusalError } from "./comment-answers";
import { requireSite } from "../site-lookup";
import { clientAddress, clientNetworkHash } from "./client-network";

export function postCommentRoutes(api: DeclaredRouter): void {
  api.route(postDeclaration, async (c, { headers, body }) =>
    c.json(
      await acceptComment(c, body, { form: false, idempotencyKey: headers["Idempotency-Key"] }),
      201,
    ),
  );
}

const postDeclaration = declare({
  method: "post",
  path: "/comments",
  headers: idempotencyHeaderSchema,
  body: newCommentSchema,
  status: 201,
  response: postResponseSchema,
  errors: [400, 403, 404, 409, 413, 415, 429],
});

/**
 * A comment through the pipeline: the answer of a 201, or an ApiError. A form has no
 * script to set Origin for it, so it must come from one of the site's pages by Origin or,
 * failing that, by Referer; a JSON request without an Origin is not a browser's.
 */
export async function acceptComment(
  c: Context<AppEnv>,
  submitted: NewComment,
  { form, idempotencyKey }: { form: boolean; idempotencyKey?: string },
): Promise<unknown> {
  const request = await readPost(c, submitted, idempotencyKey ?? null);
  const { input, keys, now } = request;
  const {
    site: found,
    replay,
    facts,
    confirmedAddressSince,
  } = await loadPostingFacts(c.var.db, {
    siteId: input.site,
    threadKey: input.page.key,
    parentId: input.parentId ?? null,
    idempotencyKey: request.idempotencyKey,
    authorNameKey: nameKey(input.author.name),
    emailHash: request.emailHash,
    networkHash: request.networkHash,
    dedupKey: request.dedupKey,
    wantsMail: Boolean(input.notify),
    now,
  });
  const site = requireSite(found);
  if (form) requireFormOrigin(c, site);
  allowSiteOrigin(c, site);
  if (replay) return replayAnswer(replay, request.requestHash);

  const outside = outsideOpinions(c, site, input, request.address, now);
  const decision = await decidePosting(
    {
      body: input.body,
      authorName: input.author.name,
      authorWebsite: input.author.website ?? null,
      email: request.email,
      parentId: input.parentId ?? null,
      pageOrigin: new URL(input.page.url).origin,
      honeypot: input.honeypot,
      formTokenAgeSeconds: await formTokenAge(keys, site.id, input.formToken, now),
    },
    facts,
    site,
    now,
    outside.opinions,
  );
  if (decision.outcome === "refused" && !decision.counted) throw refusalError(decision.refusal);

  // From here on the request counts as an attempt, recorded in the same batch as anything
  // it stores.
  const comment = await newCommentRecord(request, site, facts.parent, decision);
  // Spam that is not stored is answered like a stored comment, subscription included; the
  // answer depends only on what this browser holds, never on what the address did before.
  const subscribing = Boolean(input.notify && request.emailHash) && offersReaderMail(c.env, site);
  const browserConfirmed =
    subscribing && (await holdsMailToken(request, site.id, confirmedAddressSince));
  const answer =
    decision.outcome === "refused"
      ? null
      : {
          ...(await ownCommentAnswer(
            keys,
            decision.outcome === "dropped" ? heldLookalike(comment) : comment,
            site,
          )),
          ...(input.notify
            ? {
                subscription: !subscribing
                  ? null
                  : browserConfirmed
                    ? ("active" as const)
                    : ("awaiting-confirmation" as const),
              }
            : {}),
        };
  const write: NewCommentWrite | null =
    decision.outcome === "stored"
      ? {
          comment,
          page: { key: input.page.key, url: input.page.url, title: input.page.title ?? null },
          idempotency:
            request.idempotencyKey && answer
              ? {
                  key: request.idempotencyKey,
                  requestHash: request.requestHash,
                  response: JSON.stringify(answer),
                }
              : null,
          akismetContext: outside.sentToAkismet
            ? await keys.encrypt(JSON.stringify(outside.sentToAkismet))
            : null,
          mail: siteSendsMail(c.env, site)
            ? {
                notices: true,
                subscription: subscriptionOf(comment, input, subscribing, browserConfirmed),
              }
            : null,
        }
      : null;

  let admitted: boolean;
  try {
    admitted = await storeAttempt(
      c.var.db,
      attemptOf(comment, decision, request),
      { perMinute: site.settings.rateLimitPerMinute, perDay: site.settings.rateLimitPerDay },
      write,
    );
  } catch (error) {
    return recoverFromFailedWrite(c, error, { id: comment.id, site, request, answer });
  }
  // Requests that raced past the first look at the limits stop here, having stored nothing.
  if (!admitted) throw rateLimited(retryAfterSeconds(facts.attempts.networkPerMinute, 60, now));
  if (decision.outcome === "refused") throw refusalError(decision.refusal);

  if (write) notifyIfNewlyHeld(c, site, null, comment, write.page);
  if (write?.mail) deliverAfterResponse(c.executionCtx, c.env, keys, databaseOf(c.env, site.id));
  return answer;
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

function requireFormOrigin(c: Context<AppEnv>, site: Site): void {
  const from = c.req.header("Origin") ?? originOf(c.req.header("Referer"));
  if (!from || !site.origins.includes(from)) {
    throw new ApiError(
      "origin_not_allowed",
      "This site does not accept comments from this origin.",
    );
  }
}

/** The author's subscription, for a comment that is stored and not spam. */
function subscriptionOf(
  comment: Omit<CommentRecord, "threadId">,
  input: NewComment,
  subscribing: boolean,
  confirmed: boolean,
): NewSubscription | null {
  if (!subscribing || !input.notify || comment.status === "spam") return null;
  if (!comment.emailHash || !comment.emailEncrypted) return null;
  return {
    commentId: comment.id,
    siteId: comment.siteId,
    emailHash: comment.emailHash,
    emailEncrypted: comment.emailEncrypted,
    scope: input.notify,
    at: comment.createdAt,
    confirmed,
  };
}

/** Whether the post carries the mail token of the browser that confirmed its address. */
async function holdsMailToken(
  request: PostRequest,
  siteId: string,
  addressSince: string | null,
): Promise<boolean> {
  const { mailToken } = request.input;
  if (!mailToken || !addressSince || !request.emailHash) return false;
  const expected = await mailTokenFor(request.keys, siteId, request.emailHash, addressSince);
  return constantTimeEqual(expected, mailToken);
}

/** A validated POST and every keyed hash it needs, each computed once. */
async function readPost(c: Context<AppEnv>, input: NewComment, idempotencyKey: string | null) {
  const keys = c.var.keys;
  const address = clientAddress(c);
  const email = input.author.email ?? null;
  const emailHash = email ? await hashEmail(keys, email) : null;
  const [networkHash, requestHash, dedup] = await Promise.all([
    clientNetworkHash(c),
    keys.hmacHex("dedup", JSON.stringify(input)),
    dedupKey(
      keys,
      { siteId: input.site, key: input.page.key },
      { emailHash, name: input.author.name },
      input.body,
    ),
  ]);
  return {
    input,
    idempotencyKey,
    keys,
    now: new Date(),
    address,
    email,
    emailHash,
    networkHash,
    requestHash,
    dedupKey: dedup,
  };
}

type PostRequest = Awaited<ReturnType<typeof readPost>>;

/** The comment as it is stored (or, for spam that is not, as it would have been). */
async function newCommentRecord(
  request: PostRequest,
  site: Site,
  parent: CommentRecord | null,
  decision: PostingDecision,
): Promise<Omit<CommentRecord, "threadId">> {
  const { input, email, emailHash } = request;
  const id = newCommentId();
  const stored = decision.outcome === "stored";
  return {
    id,
    siteId: site.id,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    depth: parent ? parent.depth + 1 : 1,
    pinnedAt: null,
    moderatorId: null,
    likeCount: 0,
    status: stored ? decision.status : "spam",
    authorName: input.author.name,
    authorWebsite: input.author.website ?? null,
    ...(await protectAuthor(request.keys, site.id, { name: input.author.name, email, emailHash })),
    networkHash: request.address ? request.networkHash : null,
    body: input.body,
    html: stored ? decision.html : "",
    // Spam keeps no dedup key: a bot's repeat is stored as spam again, not told "duplicate".
    dedupKey: stored && decision.status !== "spam" ? request.dedupKey : null,
    reasons: decision.outcome === "refused" ? [] : decision.reasons,
    createdAt: request.now.toISOString(),
    editedAt: null,
    deletedAt: null,
    replyCount: 0,
  };
}

/** What the attempts table records of this request. */
function attemptOf(
  comment: Omit<CommentRecord, "threadId">,
  decision: PostingDecision,
  request: PostRequest,
): Attempt {
  const counted = decision.outcome === "stored" && decision.status !== "spam";
  return {
    id: comment.id,
    siteId: comment.siteId,
    kind: "comment",
    networkHash: request.networkHash,
    emailHash: counted ? request.emailHash : null,
    outcome:
      decision.outcome === "stored"
        ? decision.status === "spam"
          ? "spam"
          : "stored"
        : decision.outcome,
    createdAt: comment.createdAt,
  };
}

/**
 * Spam that is not stored is answered exactly like a held comment: rendered as the reader
 * would see their own held comment, with an edit token like any other (for a comment that
 * the server will then not know).
 */
function heldLookalike(comment: Omit<CommentRecord, "threadId">): Omit<CommentRecord, "threadId"> {
  return { ...comment, status: "pending", html: renderMarkdown(comment.body) };
}

/**
 * The two outside opinions, asked by the pipeline only once the free rules have passed.
 * Turnstile fails closed (its secret missing is the owner's error, answered as such);
 * Akismet never blocks: without a key or an address it is "unavailable", and what it was
 * told is kept, sealed, so a moderator's correction can be reported back.
 */
function outsideOpinions(
  c: Context<AppEnv>,
  site: Site,
  input: NewComment,
  address: string | null,
  now: Date,
) {
  const outside: { opinions: OutsideOpinions; sentToAkismet: AkismetContext | null } = {
    sentToAkismet: null,
    opinions: {
      turnstile: async () => {
        const secret = c.env.TURNSTILE_SECRET;
        if (!secret) {
          throw new ApiError(
            "internal",
            "Parley is not configured: this site uses Turnstile, but TURNSTILE_SECRET is not set. Set it with `wrangler secret put`.",
          );
        }
        return verifyTurnstile({
          secret,
          token: input.turnstileToken,
          remoteIp: address,
          hostnames: site.origins.map((origin) => new URL(origin).hostname),
        });
      },
      akismet: async () => {
        const key = c.env.AKISMET_KEY;
        if (!key || !address) {
          if (!key)
            console.warn(`akismet: site ${site.id} uses Akismet, but AKISMET_KEY is not set`);
          return "unavailable";
        }
        const context: AkismetContext = {
          userIp: address,
          userAgent: c.req.header("User-Agent") ?? null,
          referrer: c.req.header("Referer") ?? null,
        };
        outside.sentToAkismet = context;
        const pageUrl = new URL(input.page.url);
        return checkComment(
          key,
          akismetCommentOf({
            blog: pageUrl.origin,
            context,
            permalink: pageUrl.href,
            isReply: Boolean(input.parentId),
            authorName: input.author.name,
            email:
              site.settings.akismetSendEmail && input.author.email
                ? normalizeEmail(input.author.email)
                : null,
            website: input.author.website ?? null,
            body: input.body,
            createdAt: now.toISOString(),
          }),
        );
      },
    },
  };
  return outside;
}

function replayAnswer(stored: StoredAnswer, requestHash: string): unknown {
  if (stored.requestHash !== requestHash) {
    throw new ApiError(
      "duplicate",
      "This Idempotency-Key was already used for a different comment.",
    );
  }
  return JSON.parse(stored.response) as unknown;
}

/**
 * A write that failed may still have been committed (a lost connection after the commit),
 * or lost a race to an identical request. Either way the answer the reader gets must match
 * what D1 now holds.
 */
async function recoverFromFailedWrite(
  c: Context<AppEnv>,
  error: unknown,
  attempt: { id: string; site: Site; request: PostRequest; answer: object | null },
) {
  const db = c.var.db;
  const { idempotencyKey, requestHash } = attempt.request;
  if (idempotencyKey) {
    const stored = await readStoredAnswer(db, attempt.site.id, idempotencyKey).catch(() => null);
    if (stored) return replayAnswer(stored, requestHash);
  }
  if (attempt.answer && (await commentExists(db, attempt.id).catch(() => false))) {
    return attempt.answer;
  }
  if (isConstraintError(error)) throw duplicateComment();
  console.error(
    "storing a comment failed:",
    error instanceof Error ? error.message : "unknown error",
  );
  throw new ApiError("unavailable", "The comment could not be saved just now; please try again.");
}
