/**
 * What a page behind a mail link needs, read in one batch: the site, the comment or page
 * the link is about, whether its recipient still receives the site's notices, and whether
 * a single-use link has been used. And using one up.
 */
import type { Site } from "../domain/site";
import { mailCommentColumns, type MailComment } from "./mail-context";
import { firstRow } from "./rows";
import { selectSite, siteFrom } from "./sites";
import type { Database } from "./database";

export interface LinkSubject {
  site: Site | null;
  comment: MailComment | null;
  /** The page's title (or key), for subscription links. */
  pageTitle: string | null;
  /** Where the page is: the thread's url, else the page its first comment was posted from. */
  pageUrl: string | null;
  /** The recipient is still one of the site's notice recipients. */
  recipientListed: boolean;
  used: boolean;
}

export async function loadLinkSubject(
  db: Database,
  about: { site: string; comment?: string; thread?: number; recipient: string; usedKey?: string },
): Promise<LinkSubject> {
  const [site, comment, thread, recipient, used] = await db.batch([
    selectSite(db, about.site),
    db
      .prepare(
        `SELECT ${mailCommentColumns.list("c")} FROM comments c JOIN threads t ON t.id = c.thread_id
         WHERE c.id = ?1 AND c.site_id = ?2`,
      )
      .bind(about.comment ?? "", about.site),
    db
      .prepare(
        `SELECT COALESCE(title, key) AS title, COALESCE(url, (SELECT c.page_url FROM comments c
           WHERE c.thread_id = threads.id AND c.page_url IS NOT NULL
           ORDER BY c.created_at LIMIT 1)) AS url
         FROM threads WHERE id = ?1 AND site_id = ?2`,
      )
      .bind(about.thread ?? -1, about.site),
    db
      .prepare(`SELECT 1 AS listed FROM mail_recipients WHERE site_id = ?1 AND email_hash = ?2`)
      .bind(about.site, about.recipient),
    db.prepare(`SELECT 1 AS used FROM used_links WHERE nonce = ?1`).bind(about.usedKey ?? ""),
  ]);
  const page = firstRow<{ title: string; url: string | null }>(thread);
  return {
    site: siteFrom(site),
    comment: mailCommentColumns.first(comment),
    pageTitle: page?.title ?? null,
    pageUrl: page?.url ?? null,
    recipientListed: firstRow(recipient) !== null,
    used: firstRow(used) !== null,
  };
}

/** Uses up a single-use link; false when it had been used already. */
export async function useLink(db: Database, key: string, expiresAt: string): Promise<boolean> {
  const result = await db
    .prepare(`INSERT INTO used_links (nonce, expires_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING`)
    .bind(key, expiresAt)
    .run();
  return result.meta.changes === 1;
}
