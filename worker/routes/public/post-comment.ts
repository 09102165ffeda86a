/**
 * POST /api/comments, as a straight line: read the request (every keyed hash once), load
 * the facts (D1 round trip 1), decide (domain/posting.ts, pure), plan (domain/post-plan.ts,
 * pure: the attempt, the write or none, the answer or the refusal), store (round trip 2),
 * answer. The plain HTML form (comment-form.ts) goes through the very same line.
 */
import type { Context } from "hono";
import type { AkismetContext } from "../../clients/akismet";
import { constantTimeEqual } from "../../domain/keys";
import { nameKey } from "../../domain/moderation";
import { planPost, type PostPlan, type PostRequest } from "../../domain/post-plan";
import {
  decidePosting,
  retryAfterSeconds,
  type OutsideOpinions,
  type PostingDecision,
  type PostingFacts,
} from "../../domain/posting";
import { dedupKey, formTokenAge, hashEmail, mailTokenFor, ssoUserHash } from "../../domain/privacy";
import type { Site } from "../../domain/site";
import type { AppEnv } from "../../env";
import { anonymousCommentsOff, ApiError, duplicateComment, rateLimited } from "../../errors";
import { deliverAfterResponse } from "../../mail/deliver";
import { deliverNotificationsAfterResponse } from "../../notify/after-response";
import { offersReaderMail, siteSendsMail } from "../../mail/enabled";
import { allowSiteOrigin, requireFormOrigin } from "../../middleware/site-origin";
import { databaseOf } from "../../platform/site-databases";
import { idempotencyHeaderSchema, newCommentSchema, type NewComment } from "../../schemas/reader";
import { postResponseSchema, type PostAnswer } from "../../schemas/reader-answers";
import { commentExists, storeAttempt } from "../../storage/posting";
import { loadPostingFacts, readStoredAnswer, type StoredAnswer } from "../../storage/posting-facts";
import { isConstraintError } from "../../storage/rows";
import { declare, type DeclaredRouter } from "../declare";
import { requireSite } from "../site-lookup";
import { clientAddress, clientNetworkHash } from "./client-network";
import { notifyIfNewlyHeld, refusalError } from "./comment-answers";
import { outsideOpinions } from "./outside-opinions";
import { readerClaims, requireReaderRow } from "./reader-auth";
import { readSignedIn } from "./signed-in";

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
  // 401: a reader token refused (altered, another site's, expired, revoked).
  errors: [400, 401, 403, 404, 409, 413, 415, 429, 503],
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
): Promise<PostAnswer> {
  // A signed-in user's payload is read first (the user is looked up with the facts) and
  // believed only once the site's secret, read with them, verifies it (signed-in.ts).
  const signedIn = submitted.sso ? await readSignedIn(submitted.sso) : null;
  const input = signedIn ? signedIn.comment(submitted) : submitted;
  const request = await readPost(c, input, idempotencyKey ?? null, signedIn?.userId ?? null);
  const { keys, now } = request;
  const loaded = await loadFacts(c, request);
  const site = requireSite(loaded.site);
  if (form) requireFormOrigin(c, site);
  allowSiteOrigin(c, site);
  if (signedIn) await signedIn.verify(site, now);
  else if (!site.settings.anonymousComments) throw anonymousCommentsOff();
  if (loaded.replay) return replayAnswer(loaded.replay, request.requestHash);
  // A reader token proves the address it was verified for: a comment under that address is
  // verified; one under another is not (and a revoked token is refused).
  const readerHash = request.reader ? requireReaderRow(loaded.readerEmailHash) : null;
  const verified = readerHash !== null && readerHash === request.emailHash;

  const outside = outsideOpinions(c, site, request.input, request.address, now);
  const decision = await decide(request, { ...loaded.facts, verified }, site, outside.opinions);
  // What Akismet was told is known once decided: the rules ask it only if the free ones pass.
  const plan = await planFor(
    c,
    request,
    site,
    { ...loaded, verified },
    decision,
    outside.sentToAkismet,
  );
  if (plan.kind === "refused") throw refusalError(plan.refusal);

  // From here on the request counts as an attempt, recorded in the same batch as anything
  // it stores.
  const write = plan.kind === "accepted" ? plan.write : null;
  let stored: { admitted: boolean; notified: boolean };
  try {
    stored = await storeAttempt(
      c.get("db"),
      plan.attempt,
      { perMinute: site.settings.rateLimitPerMinute, perDay: site.settings.rateLimitPerDay },
      write,
    );
  } catch (error) {
    const answer = plan.kind === "accepted" ? plan.answer : null;
    return recoverFromFailedWrite(c, error, { id: plan.attempt.id, site, request, answer });
  }
  // Requests that raced past the first look at the limits stop here, having stored nothing.
  if (!stored.admitted) {
    throw rateLimited(retryAfterSeconds(loaded.facts.attempts.networkPerMinute, 60, now));
  }
  if (plan.kind === "counted-refusal") throw refusalError(plan.refusal);
  if (write) notifyIfNewlyHeld(c, site, null, write.comment, write.page);
  if (write?.mail) deliverAfterResponse(c.executionCtx, c.env, keys, databaseOf(c.env, site.id));
  if (stored.notified) deliverNotificationsAfterResponse(c, databaseOf(c.env, site.id));
  return plan.answer;
}

type Loaded = Awaited<ReturnType<typeof loadPostingFacts>>;

/** Round trip 1: everything the rules and the plan need, in one batch. */
function loadFacts(c: Context<AppEnv>, request: PostRequest): Promise<Loaded> {
  const { input } = request;
  return loadPostingFacts(c.get("db"), {
    siteId: input.site,
    threadKey: input.page.key,
    parentId: input.parentId ?? null,
    idempotencyKey: request.idempotencyKey,
    // A signed-in user is known by their id whatever name they go by now.
    authorNameKey: request.ssoUserId === null ? nameKey(input.author.name) : null,
    emailHash: request.emailHash,
    networkHash: request.networkHash,
    dedupKey: request.dedupKey,
    wantsMail: Boolean(input.notify),
    readerId: request.reader?.reader ?? null,
    now: request.now,
  });
}

/** The rulebook (domain/posting.ts) over what was submitted, as the rules read it. */
async function decide(
  request: PostRequest,
  facts: PostingFacts,
  site: Site,
  opinions: OutsideOpinions,
): Promise<PostingDecision> {
  const { input, keys, now } = request;
  return decidePosting(
    {
      body: input.body,
      authorName: input.author.name,
      authorWebsite: input.author.website ?? null,
      email: request.email,
      parentId: input.parentId ?? null,
      pageOrigin: new URL(input.page.url).origin,
      honeypot: input.honeypot,
      formTokenAgeSeconds: await formTokenAge(keys, site.id, input.formToken, now),
      signedIn: request.ssoUserId !== null,
    },
    facts,
    site,
    now,
    opinions,
  );
}

/** The plan (domain/post-plan.ts, pure), given what only the deployment and the route know. */
async function planFor(
  c: Context<AppEnv>,
  request: PostRequest,
  site: Site,
  loaded: Loaded & { verified: boolean },
  decision: PostingDecision,
  sentToAkismet: AkismetContext | null,
): Promise<PostPlan> {
  // The answer about a subscription depends only on what this browser holds, never on
  // what the address did before.
  const offered =
    Boolean(request.input.notify && request.emailHash) && offersReaderMail(c.env, site);
  return planPost({
    request,
    site,
    parent: loaded.facts.parent,
    decision,
    subscription: !offered
      ? "not-offered"
      : (await holdsMailToken(request, site.id, loaded.confirmedAddressSince))
        ? "active"
        : "awaiting-confirmation",
    sendsMail: siteSendsMail(c.env, site),
    akismetContext: sentToAkismet
      ? await request.keys.encrypt(JSON.stringify(sentToAkismet))
      : null,
    verified: loaded.verified,
  });
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
async function readPost(
  c: Context<AppEnv>,
  input: NewComment,
  idempotencyKey: string | null,
  ssoUserId: string | null,
): Promise<PostRequest> {
  const keys = c.get("keys");
  const now = new Date();
  const address = clientAddress(c);
  const email = input.author.email ?? null;
  const emailHash =
    ssoUserId !== null
      ? await ssoUserHash(keys, input.site, ssoUserId)
      : email
        ? await hashEmail(keys, email)
        : null;
  const [networkHash, requestHash, dedup] = await Promise.all([
    clientNetworkHash(c),
    // Only a repeat under the same Idempotency-Key is ever compared with it.
    idempotencyKey === null ? null : keys.hmacHex("dedup", JSON.stringify(input)),
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
    now,
    reader: input.readerToken ? await readerClaims(c, input.readerToken, input.site, now) : null,
    ssoUserId,
    address,
    email,
    emailHash,
    networkHash,
    requestHash,
    dedupKey: dedup,
  };
}

function replayAnswer(stored: StoredAnswer, requestHash: string | null): PostAnswer {
  if (stored.requestHash !== requestHash) {
    throw new ApiError(
      "duplicate",
      "This Idempotency-Key was already used for a different comment.",
    );
  }
  return JSON.parse(stored.response) as PostAnswer;
}

/**
 * A write that failed may still have been committed (a lost connection after the commit),
 * or lost a race to an identical request. Either way the answer the reader gets must match
 * what D1 now holds.
 */
async function recoverFromFailedWrite(
  c: Context<AppEnv>,
  error: unknown,
  attempt: { id: string; site: Site; request: PostRequest; answer: PostAnswer | null },
): Promise<PostAnswer> {
  const db = c.get("db");
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
