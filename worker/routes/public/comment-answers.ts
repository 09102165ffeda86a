/**
 * What posting and editing share after their plan: the pipeline's refusals as the
 * contract's errors, and the moderators' webhook when a comment newly waits for review.
 */
import type { Context } from "hono";
import type { CommentRecord, CommentStatus } from "../../domain/comment";
import type { Refusal } from "../../domain/posting";
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
    reviewLink(c.get("keys"), base, { id: site.id, webhookUrl }, after.id, new Date()).then(
      (reviewUrl) => notifyModerators(site, held, reviewUrl),
    ),
  );
}
