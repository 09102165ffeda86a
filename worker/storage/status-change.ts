/**
 * What a moderator's change of status writes, for one comment or many, in the order one
 * batch needs: the comments Akismet saw read first (so the decision can be reported back),
 * the log, mail, reports settled, the status, and what approving makes known.
 */
import type { Actor } from "../domain/actor";
import type { CommentStatus } from "../domain/comment";
import { logStatusChanges } from "./audit-log";
import type { Database } from "./database";
import { insertKnownAuthors } from "./known-authors";
import { replyNotices } from "./outbox";
import { commentColumns } from "./comments";
import { dropSubscriptionsOf } from "./subscriptions";

const jsonIds = "SELECT value FROM json_each(?1)";
/** Of the given ids, the comments a decision applies to: a tombstone is past deciding. */
const liveIds = `SELECT id FROM comments WHERE id IN (${jsonIds}) AND deleted_at IS NULL`;

/** A comment Akismet was asked about, as it was before a moderator changed its status. */
const akismetReviewedColumns = commentColumns
  .pick(
    "id",
    "siteId",
    "parentId",
    "status",
    "authorName",
    "authorWebsite",
    "emailEncrypted",
    "body",
    "reasons",
    "createdAt",
  )
  .with<{
    pageUrl: string | null;
    /** Sealed: what Akismet was told about the client. */
    akismetContext: string;
  }>({ pageUrl: "page_url", akismetContext: "akismet_context" });

export type AkismetReviewed = ReturnType<typeof akismetReviewedColumns.from>;

/**
 * Sets the status of the given comments (of any site), logging each change. Approving makes
 * the author known on that site, so first-time moderation lets them through next time.
 * The first statement reads the changing comments Akismet has seen, so the moderator's
 * decision can be reported back to it.
 */
export function statusStatements(
  db: Database,
  ids: string[],
  status: CommentStatus,
  at: string,
  actor: Actor,
) {
  const idList = JSON.stringify(ids);
  const approved = status === "approved";
  return [
    selectAkismetReviewed(db, idList, status),
    logStatusChanges(db, ids, status, at, actor),
    // Before the UPDATE, which it sees as about to happen: subscribers hear of a comment once
    // it is approved, never before.
    ...(approved ? [replyNotices(db, ids, at, true)] : []),
    // A moderator's decision settles the readers' reports of the comment; approving it over
    // them means reports alone may not hide it again (storage/reports.ts).
    ...(approved ? [approveOverReports(db, idList, at)] : []),
    settleReports(db, idList, at),
    // Spam publishes nothing, and follows nothing: the subscription its post made goes.
    ...(status === "spam" ? [dropSubscriptionsOf(db, ids)] : []),
    updateStatus(db, idList, status),
    ...(approved
      ? [insertKnownAuthors(db, { commentIds: ids }, at), openThreads(db, idList, at)]
      : []),
  ];
}

/** The comments about to change that Akismet was asked about, as they are before. */
function selectAkismetReviewed(
  db: Database,
  idList: string,
  status: CommentStatus,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${akismetReviewedColumns.list()} FROM comments
         WHERE id IN (SELECT value FROM json_each(?2)) AND status <> ?1 AND deleted_at IS NULL
           AND akismet_context IS NOT NULL`,
    )
    .bind(status, idList);
}

function approveOverReports(db: Database, idList: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET approved_over_reports_at = ?2
           WHERE id IN (${jsonIds}) AND deleted_at IS NULL
             AND EXISTS (SELECT 1 FROM reports WHERE comment_id = comments.id)`,
    )
    .bind(idList, at);
}

function settleReports(db: Database, idList: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE reports SET settled_at = ?2 WHERE comment_id IN (${liveIds}) AND settled_at IS NULL`,
    )
    .bind(idList, at);
}

function updateStatus(db: Database, idList: string, status: CommentStatus): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE comments SET status = ?1
         WHERE id IN (SELECT value FROM json_each(?2)) AND status <> ?1 AND deleted_at IS NULL`,
    )
    .bind(status, idList);
}

/**
 * A thread without an approved comment yet takes its url, title and age from the first one
 * a moderator approves (never from spam or a held comment).
 */
function openThreads(db: Database, idList: string, at: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE threads SET
             opened_at = ?2,
             url = COALESCE(url, (${firstApprovedPage("page_url")})),
             title = COALESCE(title, (${firstApprovedPage("page_title")}))
           WHERE opened_at IS NULL AND id IN (
             SELECT thread_id FROM comments
             WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'approved')`,
    )
    .bind(idList, at);
}

/** The page of the earliest comment approved in this batch that names one, per thread. */
const firstApprovedPage = (column: "page_url" | "page_title") =>
  `SELECT c.${column} FROM comments c
   WHERE c.thread_id = threads.id AND c.id IN (SELECT value FROM json_each(?1))
     AND c.status = 'approved' AND c.page_url IS NOT NULL
   ORDER BY c.created_at LIMIT 1`;

export const akismetReviewedFrom = akismetReviewedColumns.all;
