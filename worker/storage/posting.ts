/**
 * The second round trip of a new comment: the attempt and whatever it stores (thread,
 * comment, idempotency record, known author, mail) written in one transaction, all of it
 * only if the attempt is within the limits. The first is posting-facts.ts's.
 */
import type { CommentRecord } from "../domain/comment";
import type { NewCommentWrite } from "../domain/post-plan";
import {
  attemptExists,
  insertAttemptWithinLimits,
  type Attempt,
  type AttemptLimits,
} from "./attempts";
import { insertComments } from "./comments";
import { insertKnownAuthors } from "./known-authors";
import { heldNotices, replyNotices } from "./outbox";
import { queueCommentNotices } from "./notification-queue";
import { subscribeStatements } from "./subscriptions";
import type { Database } from "./database";

/**
 * Writes an attempt, and with it (when given) a new comment: its thread if first, the
 * comment, its idempotency record, and its author as known when it is approved. Every
 * statement after the attempt runs only if the attempt got in, so a request over the limit
 * stores nothing; a racing duplicate fails on a unique index and the whole batch rolls back.
 * Returns whether the attempt was within the limits, and whether it queued notifications.
 */
export async function storeAttempt(
  db: Database,
  attempt: Attempt,
  limits: AttemptLimits,
  write: NewCommentWrite | null,
): Promise<{ admitted: boolean; notified: boolean }> {
  const statements = [insertAttemptWithinLimits(db, attempt, limits)];
  if (write) statements.push(...newCommentStatements(db, attempt.id, write));
  if (write?.mail) statements.push(...mailStatements(db, write.comment, write.mail));
  // Last, so its result is the batch's last: whether any notification target was queued.
  const event = { pending: "held", approved: "approved" } as const;
  const notices = write && event[write.comment.status as keyof typeof event];
  if (notices) {
    statements.push(queueCommentNotices(db, [write.comment.id], notices, write.comment.createdAt));
  }
  const results = await db.batch(statements);
  return {
    admitted: results[0]?.meta.changes === 1,
    notified: notices ? (results.at(-1)?.meta.changes ?? 0) > 0 : false,
  };
}

/**
 * After the comment's INSERT, so each selects it and does nothing when it was not stored:
 * the moderators' notice of a held comment, or the subscribers' of an approved one, and
 * the author's own subscription.
 */
function mailStatements(
  db: Database,
  comment: Omit<CommentRecord, "threadId">,
  mail: NonNullable<NewCommentWrite["mail"]>,
): D1PreparedStatement[] {
  const statements: D1PreparedStatement[] = [];
  if (mail.notices && comment.status === "pending") {
    statements.push(heldNotices(db, [comment.id], comment.createdAt));
  }
  if (mail.notices && comment.status === "approved") {
    statements.push(replyNotices(db, [comment.id], comment.createdAt, false));
  }
  if (mail.subscription) statements.push(...subscribeStatements(db, mail.subscription));
  return statements;
}

function newCommentStatements(
  db: Database,
  attemptId: string,
  { comment, page, idempotency, akismetContext }: NewCommentWrite,
): D1PreparedStatement[] {
  const statements = [
    insertThread(db, attemptId, comment, page),
    insertComments(
      db,
      [
        {
          ...comment,
          threadKey: page.key,
          pageUrl: page.url,
          pageTitle: page.title,
          akismetContext,
          // A held comment's notice is claimed as it is stored (outbox.ts heldNotices).
          heldNoticeAt: comment.status === "pending" ? comment.createdAt : null,
        },
      ],
      { siteId: comment.siteId, afterAttempt: attemptId },
    ),
  ];
  if (idempotency) statements.push(insertIdempotencyRecord(db, attemptId, comment, idempotency));
  // An approved comment makes its author known, however it was approved (a site that moves
  // from `none` to `first-time` moderation must not hold its regulars again). Stored only if
  // the attempt got in, like the comment it is read from.
  if (comment.status === "approved" && comment.emailHash) {
    statements.push(insertKnownAuthors(db, { commentIds: [comment.id] }, comment.createdAt));
  }
  return statements;
}

/**
 * The thread exists from its first comment of any kind (a comment needs one), but its url,
 * title and age come only from the first approved comment: spam and held comments cannot
 * title a page in advance.
 */
function insertThread(
  db: Database,
  attemptId: string,
  comment: NewCommentWrite["comment"],
  page: NewCommentWrite["page"],
): D1PreparedStatement {
  const approved = comment.status === "approved";
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, url, title, created_at, opened_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ${attemptExists("?7")}
         ON CONFLICT (site_id, key) DO UPDATE SET
           url = COALESCE(threads.url, excluded.url),
           title = COALESCE(threads.title, excluded.title),
           opened_at = excluded.opened_at
         WHERE threads.opened_at IS NULL AND excluded.opened_at IS NOT NULL`,
    )
    .bind(
      comment.siteId,
      page.key,
      approved ? page.url : null,
      approved ? page.title : null,
      comment.createdAt,
      approved ? comment.createdAt : null,
      attemptId,
    );
}

/** What a repeat of the request with the same Idempotency-Key is answered with. */
function insertIdempotencyRecord(
  db: Database,
  attemptId: string,
  comment: NewCommentWrite["comment"],
  idempotency: NonNullable<NewCommentWrite["idempotency"]>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO idempotency_keys (site_id, key, request_hash, comment_id, response, created_at)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE ${attemptExists("?7")}`,
    )
    .bind(
      comment.siteId,
      idempotency.key,
      idempotency.requestHash,
      comment.id,
      idempotency.response,
      comment.createdAt,
      attemptId,
    );
}

export async function commentExists(db: Database, id: string): Promise<boolean> {
  return (
    (await db.prepare(`SELECT 1 AS found FROM comments WHERE id = ?1`).bind(id).first()) !== null
  );
}
