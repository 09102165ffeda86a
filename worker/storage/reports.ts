/**
 * Readers' reports of approved comments: one per network per comment, counted against the
 * site's posting limits, and once `holdAfterReports` networks have reported a comment it
 * goes back to review, logged, with the reason `reported`. A moderator's decision on the
 * comment settles its reports (kept, so a network that reported counts once); once a
 * moderator has approved it over reports, reports alone never hold it again.
 */
import type { Actor } from "../domain/actor";
import type { ReportReason } from "../domain/comment";
import type { Site } from "../domain/site";
import { logReportHold } from "./audit-log";
import { queueCommentNotices } from "./notification-queue";
import { activityFrom, selectRecentActivity, type Activity } from "./network-activity";
import { commentColumns, deletedColumn } from "./comments";
import { firstRow } from "./rows";
import { selectSiteOfComment, siteFrom } from "./sites";
import type { Database } from "./database";

/** Who acts when reports send a comment back to review. */
export const readersActor: Actor = {
  id: "readers",
  name: "Readers' reports",
  role: "moderator",
  sites: null,
};

export interface ReportFacts {
  site: Site | null;
  comment: { id: string; siteId: string; status: string; deleted: boolean } | null;
  alreadyReported: boolean;
  /** This network's reports in the last minute and day. */
  activity: Activity;
}

const reportedColumns = commentColumns.pick("id", "siteId", "status").with(deletedColumn);

export async function loadReportFacts(
  db: Database,
  commentId: string,
  reporterHash: string,
  now: Date,
): Promise<ReportFacts> {
  const [site, comment, mine, activity] = await db.batch([
    selectSiteOfComment(db, commentId),
    db.prepare(`SELECT ${reportedColumns.list()} FROM comments WHERE id = ?1`).bind(commentId),
    db
      .prepare(`SELECT 1 AS found FROM reports WHERE comment_id = ?1 AND reporter_hash = ?2`)
      .bind(commentId, reporterHash),
    selectRecentActivity(db, { table: "reports", column: "reporter_hash" }, reporterHash, now),
  ]);
  return {
    site: siteFrom(site),
    comment: reportedColumns.first(comment),
    alreadyReported: firstRow(mine) !== null,
    activity: activityFrom(activity),
  };
}

/**
 * Files the report; in the same batch, a comment that has now been reported by enough
 * networks goes back to review with the reason `reported` (logged as the readers' doing).
 * Notification targets that want reports hear of the comment once (its first report).
 * Says whether this report was the one that held it, and whether it queued notifications.
 */
export async function fileReport(
  db: Database,
  report: {
    commentId: string;
    siteId: string;
    reporterHash: string;
    reason: ReportReason;
    text: string | null;
    at: string;
  },
  holdAfter: number,
): Promise<{ held: boolean; notified: boolean }> {
  const enough = `(SELECT COUNT(*) FROM reports WHERE comment_id = ?1) >= ?2
    AND approved_over_reports_at IS NULL`;
  const [, held, , queued] = await db.batch([
    db
      .prepare(
        `INSERT INTO reports (comment_id, reporter_hash, site_id, reason, text, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING`,
      )
      .bind(
        report.commentId,
        report.reporterHash,
        report.siteId,
        report.reason,
        report.text,
        report.at,
      ),
    logReportHold(db, report.commentId, enough, holdAfter, report.at, readersActor),
    db
      .prepare(
        `UPDATE comments SET status = 'pending', reasons = json_insert(reasons, '$[#]', 'reported')
         WHERE id = ?1 AND status = 'approved' AND ${enough}`,
      )
      .bind(report.commentId, holdAfter),
    queueCommentNotices(db, [report.commentId], "reported", report.at),
  ]);
  // The log entry's count: the UPDATE's own would include what its triggers changed.
  return { held: (held?.meta.changes ?? 0) > 0, notified: (queued?.meta.changes ?? 0) > 0 };
}
