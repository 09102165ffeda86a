/** What composing the claimed mail needs to know, read in one batch (mail/deliver.ts). */
import type { Site } from "../domain/site";
import type { ClaimedMail } from "./outbox";
import { columns, type ColumnSpec } from "./columns";
import { commentColumns, deletedColumn, pageColumns } from "./comments";
import { allRows } from "./rows";
import { selectSites, sitesFrom } from "./sites";
import type { Database } from "./database";

/** A comment as a mail shows it, with the page it is on. */
export type MailComment = ReturnType<typeof mailCommentColumns.from>;

export interface MailThread {
  id: number;
  siteId: string;
  url: string | null;
  title: string;
}

export interface MailContext {
  sites: Map<string, Site>;
  comments: Map<string, MailComment>;
  threads: Map<number, MailThread>;
  /** Per site with a spam report due: the last day's spam, newest first, and how many. */
  spam: Map<string, { count: number; comments: MailComment[] }>;
}

/**
 * Whose comment it answers, as a keyed hash: a reply mail tells "Ann replied to your
 * comment" from a new comment on a page the recipient follows.
 */
const parentAuthorColumn: ColumnSpec<{ parentEmailHash: string | null }> = {
  parentEmailHash: {
    column: "parent_email_hash",
    sql: "(SELECT p.email_hash FROM comments p WHERE p.id = c.parent_id)",
  },
};

/** A comment (as `c`) as a mail shows it, with its thread (as `t`). */
export const mailCommentColumns = commentColumns
  .pick("id", "siteId", "threadId", "status", "authorName", "body", "html", "reasons", "createdAt")
  .with(deletedColumn)
  .with(pageColumns)
  .with(parentAuthorColumn);

const mailThreadColumns = columns<MailThread>({
  id: "id",
  siteId: "site_id",
  url: "url",
  title: { column: "title", sql: "COALESCE(title, key)" },
});

export const spamListLimit = 20;

export async function loadMailContext(
  db: Database,
  claimed: ClaimedMail[],
  spamSince: string,
): Promise<MailContext> {
  const subjects = (kinds: string[]) => [
    ...new Set(claimed.filter((m) => kinds.includes(m.kind)).map((m) => m.subjectId ?? "")),
  ];
  const spamSites = [
    ...new Set(claimed.filter((m) => m.kind === "spam-report").map((m) => m.siteId)),
  ];
  const [sites, comments, threads, ...spam] = await db.batch([
    selectSites(db, [...new Set(claimed.map((m) => m.siteId))]),
    db
      .prepare(
        `SELECT ${mailCommentColumns.list("c")} FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(subjects(["held", "reply"]))),
    db
      .prepare(
        `SELECT ${mailThreadColumns.list()} FROM threads
         WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))`,
      )
      .bind(JSON.stringify(subjects(["confirm"]))),
    ...spamSites.flatMap((siteId) => [
      db
        .prepare(
          `SELECT ${mailCommentColumns.list("c")} FROM comments c JOIN threads t ON t.id = c.thread_id
           WHERE c.site_id = ?1 AND c.status = 'spam' AND c.created_at >= ?2 AND c.deleted_at IS NULL
           ORDER BY c.created_at DESC LIMIT ?3`,
        )
        .bind(siteId, spamSince, spamListLimit),
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM comments
           WHERE site_id = ?1 AND status = 'spam' AND created_at >= ?2 AND deleted_at IS NULL`,
        )
        .bind(siteId, spamSince),
    ]),
  ]);
  return {
    sites: new Map(sitesFrom(sites).map((site) => [site.id, site])),
    comments: new Map(mailCommentColumns.all(comments).map((comment) => [comment.id, comment])),
    threads: new Map(mailThreadColumns.all(threads).map((thread) => [thread.id, thread])),
    spam: new Map(
      spamSites.map((siteId, i) => [
        siteId,
        {
          comments: mailCommentColumns.all(spam[i * 2]),
          count: allRows<{ n: number }>(spam[i * 2 + 1])[0]?.n ?? 0,
        },
      ]),
    ),
  };
}
