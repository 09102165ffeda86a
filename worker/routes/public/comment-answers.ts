/**
 * What a reader is told about their own comment, shared by posting and editing: the
 * pipeline's refusals as the contract's errors, the answer with the edit token, and the
 * moderators' webhook when a comment newly waits for review.
 */
import type { Context } from "hono";
import { toOwnComment, type CommentRecord, type CommentStatus } from "../../domain/comment";
import type { Keys } from "../../domain/keys";
import type { Refusal } from "../../domain/posting";
import { editTokenFor } from "../../domain/privacy";
import type { Site } from "../../domain/site";
import { publicUrl } from "../../config";
import type { AppEnv } from "../../env";
import {
  duplicateComment,
  invalidInput,
  rateLimited,
  threadClosed,
  type ApiError,
} from "../../errors";
import { reviewLink } from "../../mail/compose";
import { notifyModerators } from "../../clients/webhook";

export function refusalError(refusal: Refusal): ApiError {
  switch (refusal.code) {
    case "invalid_input":
      return invalidInput(refusal.fields);
    case "thread_closed":
      return threadClosed();
    case "rate_limited":
      return rateLimited(refusal.retryAfterSeconds);
    case "duplicate":
      return duplicateComment();
  }
}

/** The answer to a new comment: the author's view of it, and the token to edit it with. */
export async function ownCommentAnswer(
  keys: Keys,
  comment: Omit<CommentRecord, "threadId">,
  site: Site,
) {
  return {
    comment: toOwnComment(comment),
    editToken: await editTokenFor(keys, comment.id),
    editableUntil: new Date(
      Date.parse(comment.createdAt) + site.settings.editWindowSeconds * 1000,
    ).toISOString(),
  };
}

/** Tells moderators (after the response) when a comment has just started waiting for review. */
export function notifyIfNewlyHeld(
  c: Context<AppEnv>,
  site: Site,
  before: CommentStatus | null,
  after: Omit<CommentRecord, "threadId">,
  thread: { key: string; title: string | null },
): void {
  const webhookUrl = site.settings.notifyWebhookUrl;
  if (after.status !== "pending" || before === "pending" || !webhookUrl) return;
  const base = publicUrl(c.env) ?? new URL(c.req.url).origin;
  const held = { ...after, threadKey: thread.key, threadTitle: thread.title };
  c.executionCtx.waitUntil(
    reviewLink(c.var.keys, base, { id: site.id, webhookUrl }, after.id, new Date()).then(
      (reviewUrl) => notifyModerators(site, held, reviewUrl),
    ),
  );
}
