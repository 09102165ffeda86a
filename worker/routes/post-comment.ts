/**
 * POST /api/comments: validate, gather facts (one D1 round trip), decide, store (a second),
 * answer. The rules themselves live in domain/moderation.ts.
 */
import type { Context } from "hono";
import { toOwnComment, type CommentRecord } from "../domain/comment";
import { decideStatus } from "../domain/moderation";
import {
  dedupKey,
  editTokenFor,
  formTokenAge,
  hashEmail,
  hashNetwork,
  protectAuthor,
} from "../domain/privacy";
import { countLinks, renderMarkdown } from "../domain/render";
import { isThreadClosed } from "../domain/thread";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { allowSiteOrigin } from "../middleware/site-origin";
import { notifyModerators } from "../notify";
import { idempotencyHeaderSchema, newCommentSchema, type NewComment } from "../schemas/reader";
import { isConstraintError } from "../storage/rows";
import {
  commentExists,
  loadPostingFacts,
  readStoredAnswer,
  storeNewComment,
  type PostingFacts,
  type StoredAnswer,
} from "../storage/posting";
import type { Site } from "../storage/sites";
import { invalidInput, parseInput, readJson } from "../validation";
import { requireSite } from "./reader";

export async function postComment(c: Context<AppEnv>) {
  const input = parseInput(newCommentSchema, await readJson(c));
  const idempotencyKey =
    parseInput(idempotencyHeaderSchema, { "Idempotency-Key": c.req.header("Idempotency-Key") })[
      "Idempotency-Key"
    ] ?? null;
  const keys = c.var.keys;
  const now = new Date();

  const email = input.author.email ?? null;
  const networkAddress = c.req.header("CF-Connecting-IP") ?? null;
  const [emailHash, networkHash, requestHash] = await Promise.all([
    email ? hashEmail(keys, email) : null,
    networkAddress ? hashNetwork(keys, networkAddress) : null,
    keys.hmacHex("dedup", JSON.stringify(input)),
  ]);
  const dedup = await dedupKey(
    keys,
    { siteId: input.site, key: input.page.key },
    { emailHash, name: input.author.name },
    input.body,
  );

  const facts = await loadPostingFacts(c.env.DB, {
    siteId: input.site,
    threadKey: input.page.key,
    parentId: input.parentId ?? null,
    idempotencyKey,
    emailHash,
    networkHash,
    dedupKey: dedup,
    now,
  });
  const site = requireSite(facts.site);
  allowSiteOrigin(c, site);
  if (facts.replay) return replay(c, facts.replay, requestHash);

  checkAgainstSite(input, site, facts, now);
  const html = renderMarkdown(input.body);
  const verdict = decideStatus(
    {
      body: input.body,
      authorName: input.author.name,
      authorWebsite: input.author.website ?? null,
      email,
      linkCount: countLinks(html),
      submission: {
        honeypot: input.honeypot,
        formTokenAgeSeconds: await formTokenAge(keys, site.id, input.formToken, now),
      },
    },
    facts.moderation,
    site.settings,
    now,
  );
  if (verdict.kind === "rate-limited") {
    throw new ApiError(
      "rate_limited",
      "You are commenting too often; please wait a little.",
      undefined,
      {
        "Retry-After": String(verdict.retryAfterSeconds),
      },
    );
  }
  if (verdict.kind === "duplicate") {
    throw new ApiError("duplicate", "You have already posted this comment here.");
  }

  const id = newCommentId();
  const parent = facts.parent;
  const comment: Omit<CommentRecord, "threadId"> = {
    id,
    siteId: site.id,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    depth: parent ? parent.depth + 1 : 1,
    status: verdict.status,
    authorName: input.author.name,
    authorWebsite: input.author.website ?? null,
    ...(await protectAuthor(keys, site.id, { name: input.author.name, email })),
    networkHash,
    body: input.body,
    html,
    // Spam keeps no dedup key: a bot's repeat is stored as spam again, not told "duplicate".
    dedupKey: verdict.status === "spam" ? null : dedup,
    reasons: verdict.reasons,
    createdAt: now.toISOString(),
    editedAt: null,
    deletedAt: null,
  };
  const answer = {
    comment: toOwnComment(comment),
    editToken: await editTokenFor(keys, id),
    editableUntil: new Date(now.getTime() + site.settings.editWindowSeconds * 1000).toISOString(),
  };

  try {
    await storeNewComment(c.env.DB, {
      comment,
      thread: { key: input.page.key, url: input.page.url, title: input.page.title ?? null },
      idempotency: idempotencyKey
        ? { key: idempotencyKey, requestHash, response: JSON.stringify(answer) }
        : null,
    });
  } catch (error) {
    return recoverFromFailedWrite(c, error, { id, site, idempotencyKey, requestHash, answer });
  }

  if (comment.status === "pending") {
    c.executionCtx.waitUntil(
      notifyModerators(
        site,
        { ...comment, threadKey: input.page.key, threadTitle: input.page.title ?? null },
        c.req.url,
      ),
    );
  }
  return c.json(answer, 201);
}

/**
 * The rules about the site, page and parent (rule 2 of the rulebook): checks a reader can
 * fix, answered before any spam rule so honest mistakes are never stored.
 */
function checkAgainstSite(input: NewComment, site: Site, facts: PostingFacts, now: Date): void {
  const { settings } = site;
  const fields: Record<string, string> = {};
  if (settings.requireName && !input.author.name) fields["author.name"] = "Enter your name.";
  if (settings.requireEmail && !input.author.email)
    fields["author.email"] = "Enter your email address.";
  if (input.body.length > settings.maxLength) {
    fields.body = `A comment on this site has at most ${settings.maxLength} characters.`;
  }
  if (!site.origins.includes(new URL(input.page.url).origin)) {
    fields["page.url"] = "The page is not on one of this site's origins.";
  }
  if (input.parentId) {
    const parent = facts.parent;
    const visible =
      parent && parent.status === "approved" && !parent.deletedAt && parent.siteId === site.id;
    if (!visible || !facts.thread || parent.threadId !== facts.thread.id) {
      fields.parentId = "The comment you are replying to is not on this page.";
    } else if (parent.depth >= settings.maxDepth) {
      fields.parentId = `Replies nest at most ${settings.maxDepth} levels deep here.`;
    }
  }
  if (Object.keys(fields).length > 0) throw invalidInput(fields);
  if (isThreadClosed(facts.thread, settings.closeAfterDays, now)) {
    throw new ApiError("thread_closed", "Comments on this page are closed.");
  }
}

function replay(c: Context<AppEnv>, stored: StoredAnswer, requestHash: string) {
  if (stored.requestHash !== requestHash) {
    throw new ApiError(
      "duplicate",
      "This Idempotency-Key was already used for a different comment.",
    );
  }
  return c.json(JSON.parse(stored.response) as unknown, 201);
}

/**
 * A write that failed may still have been committed (a lost connection after the commit),
 * or lost a race to an identical request. Either way the answer the reader gets must match
 * what D1 now holds.
 */
async function recoverFromFailedWrite(
  c: Context<AppEnv>,
  error: unknown,
  attempt: {
    id: string;
    site: Site;
    idempotencyKey: string | null;
    requestHash: string;
    answer: object;
  },
) {
  const db = c.env.DB;
  if (attempt.idempotencyKey) {
    const stored = await readStoredAnswer(db, attempt.site.id, attempt.idempotencyKey).catch(
      () => null,
    );
    if (stored) return replay(c, stored, attempt.requestHash);
  }
  if (await commentExists(db, attempt.id).catch(() => false)) return c.json(attempt.answer, 201);
  if (isConstraintError(error)) {
    throw new ApiError("duplicate", "You have already posted this comment here.");
  }
  console.error(
    "storing a comment failed:",
    error instanceof Error ? error.message : "unknown error",
  );
  throw new ApiError("unavailable", "The comment could not be saved just now; please try again.");
}

function newCommentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `c_${[...bytes].map((byte) => byte.toString(36).padStart(2, "0")).join("")}`;
}
