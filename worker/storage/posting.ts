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
import { heldNotices, replyNotices } from "./outbox";
import { subscribeStatements } from "./subscriptions";
import type { Database } from "./database";

/**
 * Writes an attempt, and with it (when given) a new comment: its thread if first, the
 * comment, its idempotency record, and its author as known when it is approved. Every
 * statement after the attempt runs only if the attempt got in, so a request over the limit
 * stores nothing; a racing duplicate fails on a unique index and the whole batch rolls back.
 * Returns whether the attempt was within the limits.
 */
export async function storeAttempt(
  db: Database,
  attempt: Attempt,
  limits: AttemptLimits,
  write: NewCommentWrite | null,
): Promise<boolean> {
  const statements = [insertAttemptWithinLimits(db, attempt, limits)];
  if (write) statements.push(...newCommentStatements(db, attempt.id, write));
  if (write?.mail) statements.push(...mailStatements(db, write.comment, write.mail));
  const [admitted] = await db.batch(statements);
  return admitted?.meta.changes === 1;
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
    // The thread's id is looked up inside the statement: the statement before may have just
    // created it.
    db
      .prepare(
        `INSERT INTO comments (id, site_id, thread_id, parent_id, root_id, depth, status,
           author_name, author_website, email_encrypted, email_hash, avatar, network_hash,
           body, html, dedup_key, reasons, created_at, edited_at, deleted_at,
           page_url, page_title, akismet_context, held_notice_at)
         SELECT ?1, ?2, t.id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
           NULL, NULL, ?19, ?20, ?21, CASE ?6 WHEN 'pending' THEN ?17 END
         FROM threads t WHERE t.site_id = ?2 AND t.key = ?18 AND ${attemptExists("?22")}`,
      )
      .bind(...commentValues(comment, page), akismetContext, attemptId),
  ];
  if (idempotency) statements.push(insertIdempotencyRecord(db, attemptId, comment, idempotency));
  // An approved comment makes its author known, however it was approved (a site that moves
  // from `none` to `first-time` moderation must not hold its regulars again).
  if (comment.status === "approved" && comment.emailHash) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO known_authors (site_id, email_hash, name_key, approved_at)
           SELECT ?1, ?2, lower(?3), ?4 WHERE ${attemptExists("?5")}`,
        )
        .bind(comment.siteId, comment.emailHash, comment.authorName, comment.createdAt, attemptId),
    );
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

function commentValues(
  comment: Omit<CommentRecord, "threadId">,
  page: { key: string; url: string; title: string | null },
) {
  return [
    comment.id,
    comment.siteId,
    comment.parentId,
    comment.rootId,
    comment.depth,
    comment.status,
    comment.authorName,
    comment.authorWebsite,
    comment.emailEncrypted,
    comment.emailHash,
    comment.avatar,
    comment.networkHash,
    comment.body,
    comment.html,
    comment.dedupKey,
    JSON.stringify(comment.reasons),
    comment.createdAt,
    page.key,
    page.url,
    page.title,
  ];
}

export async function commentExists(db: Database, id: string): Promise<boolean> {
  return (
    (await db.prepare(`SELECT 1 AS found FROM comments WHERE id = ?1`).bind(id).first()) !== null
  );
}
