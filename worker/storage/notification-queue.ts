/**
 * Queues notification targets' messages in the batch of the event that causes them (a
 * post, an edit, a report): on every posting path, so kept apart from the sender's side
 * (notification-outbox.ts), which only the sender and the cron load.
 */
import type { TargetEvent } from "../schemas/notification-targets";
import type { Database } from "./database";

export const newId = "lower(hex(randomblob(16)))";
const idList = "SELECT value FROM json_each(?1)";
/** Whether target `t` asked for the event. */
export const wants = (event: string) =>
  `EXISTS (SELECT 1 FROM json_each(t.events) WHERE json_each.value = ${event})`;

/**
 * A message to each target of the comments' sites that wants the event, for the given
 * comments in the state the event means: held (pending, and this write claimed its held
 * notice, as the mail's does: one per digest window however often an edit sends it back),
 * approved, or reported (approved or sent back to review; once per comment and target).
 */
export function queueCommentNotices(
  db: Database,
  commentIds: string[],
  event: Exclude<TargetEvent, "spam-digest">,
  at: string,
) {
  const state = {
    held: "c.status = 'pending' AND c.held_notice_at = ?3",
    approved: "c.status = 'approved'",
    reported: `c.status IN ('approved', 'pending') AND NOT EXISTS (SELECT 1 FROM notification_outbox o
      WHERE o.comment_id = c.id AND o.event = 'reported' AND o.target_id = t.id)`,
  }[event];
  return db
    .prepare(
      `INSERT INTO notification_outbox (id, target_id, event, comment_id, created_at, next_attempt_at)
       SELECT ${newId}, t.id, ?2, c.id, ?3, ?3
       FROM comments c JOIN notification_targets t ON t.site_id = c.site_id
       WHERE c.id IN (${idList}) AND c.deleted_at IS NULL AND ${state} AND ${wants("?2")}`,
    )
    .bind(JSON.stringify(commentIds), event, at);
}
