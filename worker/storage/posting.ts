/**
 * The two round trips of a new comment: everything the pipeline needs, read in one batch,
 * then the attempt and whatever it stores (thread, comment, idempotency record, known
 * author) written in one transaction, all of it only if the attempt is within the limits.
 */
import type { CommentRecord } from "../domain/comment";
import type { NewCommentWrite } from "../domain/post-plan";
import type { PostingFacts } from "../domain/posting";
import type { Site } from "../domain/site";
import {
  attemptCountsFrom,
  attemptExists,
  insertAttemptWithinLimits,
  selectAttemptCounts,
  type Attempt,
  type AttemptLimits,
} from "./attempts";
import { commentFrom, selectComment } from "./comments";
import { heldNotices, replyNotices } from "./outbox";
import { firstRow } from "./rows";
import { selectSite, siteFrom } from "./sites";
import { subscribeStatements } from "./subscriptions";
import { selectThread, threadFrom } from "./threads";
import type { Database } from "./database";

export interface PostingLookup {
  siteId: string;
  threadKey: string;
  parentId: string | null;
  idempotencyKey: string | null;
  authorNameKey: string;
  emailHash: string | null;
  /** The network's keyed hash; requests without an address share one. */
  networkHash: string;
  dedupKey: string;
  /** The author asked for mail: read their address's standing on the site. */
  wantsMail?: boolean;
  now: Date;
}

export interface StoredAnswer {
  requestHash: string;
  commentId: string;
  response: string;
}

export async function loadPostingFacts(
  db: Database,
  lookup: PostingLookup,
): Promise<{
  site: Site | null;
  replay: StoredAnswer | null;
  facts: PostingFacts;
  /**
   * With `wantsMail`, when the author's address has confirmed on the site: when it was put
   * on file then (the mail token of the browser that confirmed derives from it), else null.
   */
  confirmedAddressSince: string | null;
}> {
  const none = db.prepare(`SELECT NULL AS none WHERE 0`);
  const results = await db.batch([
    selectSite(db, lookup.siteId),
    selectThread(db, lookup.siteId, lookup.threadKey),
    lookup.parentId ? selectComment(db, lookup.parentId) : none,
    lookup.idempotencyKey ? selectStoredAnswer(db, lookup.siteId, lookup.idempotencyKey) : none,
    lookup.emailHash
      ? db
          .prepare(
            `SELECT 1 AS known FROM known_authors
             WHERE site_id = ?1 AND email_hash = ?2 AND name_key = ?3`,
          )
          .bind(lookup.siteId, lookup.emailHash, lookup.authorNameKey)
      : none,
    db
      .prepare(
        `SELECT
           MAX(scope = 'author' AND value_hash = ?2) AS author_banned,
           MAX(scope = 'network' AND value_hash = ?3) AS network_banned
         FROM bans
         WHERE site_id = ?1 AND ((scope = 'author' AND value_hash = ?2) OR (scope = 'network' AND value_hash = ?3))
           AND (expires_at IS NULL OR expires_at > ?4)`,
      )
      .bind(lookup.siteId, lookup.emailHash ?? "", lookup.networkHash, lookup.now.toISOString()),
    db.prepare(`SELECT 1 AS duplicate FROM comments WHERE dedup_key = ?1`).bind(lookup.dedupKey),
    selectAttemptCounts(db, lookup),
    lookup.wantsMail && lookup.emailHash
      ? db
          .prepare(
            `SELECT created_at FROM mail_addresses
             WHERE site_id = ?1 AND email_hash = ?2 AND confirmed_at IS NOT NULL`,
          )
          .bind(lookup.siteId, lookup.emailHash)
      : none,
  ]);
  const [site, thread, parent, replay, known, banned, duplicate, attempts, confirmed] = results;
  const bans = firstRow<{ author_banned: number | null; network_banned: number | null }>(banned);
  return {
    site: siteFrom(site),
    replay: storedAnswerFrom(replay),
    facts: {
      thread: threadFrom(thread),
      parent: commentFrom(parent),
      knownAuthor: firstRow(known) !== null,
      authorBanned: bans?.author_banned === 1,
      networkBanned: bans?.network_banned === 1,
      duplicate: firstRow(duplicate) !== null,
      attempts: attemptCountsFrom(attempts),
    },
    confirmedAddressSince: firstRow<{ created_at: string }>(confirmed)?.created_at ?? null,
  };
}

function selectStoredAnswer(db: Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT request_hash, comment_id, response FROM idempotency_keys WHERE site_id = ?1 AND key = ?2`,
    )
    .bind(siteId, key);
}

function storedAnswerFrom(result: D1Result<unknown> | undefined): StoredAnswer | null {
  const row = firstRow<{ request_hash: string; comment_id: string; response: string }>(result);
  return row
    ? { requestHash: row.request_hash, commentId: row.comment_id, response: row.response }
    : null;
}

export async function readStoredAnswer(
  db: Database,
  siteId: string,
  idempotencyKey: string,
): Promise<StoredAnswer | null> {
  return storedAnswerFrom(await selectStoredAnswer(db, siteId, idempotencyKey).all());
}

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
  const approved = comment.status === "approved";
  const statements = [
    // The thread exists from its first comment of any kind (a comment needs one), but its
    // url, title and age come only from the first approved comment: spam and held comments
    // cannot title a page in advance.
    db
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
      ),
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
  if (idempotency) {
    statements.push(
      db
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
        ),
    );
  }
  // An approved comment makes its author known, however it was approved (a site that moves
  // from `none` to `first-time` moderation must not hold its regulars again).
  if (approved && comment.emailHash) {
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
