/**
 * What moderators see: the public fields plus status, reasons, thread, site and the email,
 * opened from its sealed form only here, in answers to a moderator.
 */
import { toPublicComment, type CommentRecord, type ReportReason } from "./comment";
import type { Keys } from "./keys";
import { openEmail } from "./privacy";

export interface ModCommentInput extends CommentRecord {
  thread: { key: string; url: string | null; title: string | null };
  parent: { id: string; authorName: string; body: string; deleted: boolean } | null;
  reports: { reason: ReportReason; text: string | null }[];
}

export async function toModComment(keys: Keys, comment: ModCommentInput) {
  const { replies: _replies, ...publicFields } = toPublicComment(comment);
  return {
    ...publicFields,
    status: comment.status,
    body: comment.body,
    email: await openEmail(keys, comment.emailEncrypted),
    reasons: comment.reasons,
    thread: { key: comment.thread.key, url: comment.thread.url, title: comment.thread.title },
    site: comment.siteId,
    parent: comment.parent && {
      id: comment.parent.id,
      author: comment.parent.authorName,
      body: comment.parent.body,
      deleted: comment.parent.deleted,
    },
    reports: comment.reports,
  };
}

export async function toBanView(
  keys: Keys,
  ban: {
    id: string;
    siteId: string;
    scope: "author" | "network";
    emailEncrypted: string | null;
    commentId: string | null;
    reason: string | null;
    createdAt: string;
    expiresAt: string | null;
  },
  now: Date,
) {
  return {
    id: ban.id,
    site: ban.siteId,
    scope: ban.scope,
    email: await openEmail(keys, ban.emailEncrypted),
    commentId: ban.commentId,
    reason: ban.reason,
    createdAt: ban.createdAt,
    expiresAt: ban.expiresAt,
    active: ban.expiresAt === null || Date.parse(ban.expiresAt) > now.getTime(),
  };
}
