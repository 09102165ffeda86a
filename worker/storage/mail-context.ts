/** What composing the claimed mail needs to know, read in one batch (mail/deliver.ts). */
import type { CommentStatus } from "../domain/comment";
import type { Site } from "../domain/site";
import type { ClaimedMail } from "./outbox";
import { allRows, parseJsonColumn } from "./rows";
import { selectSites, sitesFrom } from "./sites";
import type { Database } from "./database";

/** A comment as a mail shows it, with the page it is on. */
export interface MailComment {
  id: string;
  siteId: string;
  threadId: number;
  status: CommentStatus;
  deleted: boolean;
  authorName: string;
  body: string;
  html: string;
  reasons: string[];
  createdAt: string;
  /** The page's address: the thread's, else the one the comment was posted from. */
  pageUrl: string | null;
  pageTitle: string;
}

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

export const mailCommentColumns = `c.id, c.site_id, c.thread_id, c.status, c.deleted_at, c.author_name,
  c.body, c.html, c.reasons, c.created_at, COALESCE(t.url, c.page_url) AS page_url,
  COALESCE(t.title, c.page_title, t.key) AS page_title`;

export interface MailCommentRow {
  id: string;
  site_id: string;
  thread_id: number;
  status: CommentStatus;
  deleted_at: string | null;
  author_name: string;
  body: string;
  html: string;
  reasons: string;
  created_at: string;
  page_url: string | null;
  page_title: string;
}

export const toMailComment = (row: MailCommentRow): MailComment => ({
  id: row.id,
  siteId: row.site_id,
  threadId: row.thread_id,
  status: row.status,
  deleted: row.deleted_at !== null,
  authorName: row.author_name,
  body: row.body,
  html: row.html,
  reasons: parseJsonColumn<string[]>(row.reasons, []),
  createdAt: row.created_at,
  pageUrl: row.page_url,
  pageTitle: row.page_title,
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
        `SELECT ${mailCommentColumns} FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(subjects(["held", "reply"]))),
    db
      .prepare(
        `SELECT id, site_id, url, COALESCE(title, key) AS title FROM threads
         WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))`,
      )
      .bind(JSON.stringify(subjects(["confirm"]))),
    ...spamSites.flatMap((siteId) => [
      db
        .prepare(
          `SELECT ${mailCommentColumns} FROM comments c JOIN threads t ON t.id = c.thread_id
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
    comments: new Map(allRows<MailCommentRow>(comments).map((row) => [row.id, toMailComment(row)])),
    threads: new Map(
      allRows<{ id: number; site_id: string; url: string | null; title: string }>(threads).map(
        (row) => [row.id, { id: row.id, siteId: row.site_id, url: row.url, title: row.title }],
      ),
    ),
    spam: new Map(
      spamSites.map((siteId, i) => [
        siteId,
        {
          comments: allRows<MailCommentRow>(spam[i * 2]).map(toMailComment),
          count: allRows<{ n: number }>(spam[i * 2 + 1])[0]?.n ?? 0,
        },
      ]),
    ),
  };
}
