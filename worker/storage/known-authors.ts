/**
 * Known authors: someone with a comment approved on a site, by their address's keyed hash
 * and their name in any case. First-time moderation lets them through; the mark keeps the
 * first approval. Every write of one is here.
 */
import type { CommentRecord } from "../domain/comment";
import type { Database } from "./database";
import { statement } from "./parameters";

type Authored = Pick<CommentRecord, "siteId" | "status" | "emailHash" | "authorName">;

/**
 * Makes the authors of approved comments with an address known on their sites. The comments
 * are stored ones, by id (run after the write that stored or approved them, in its batch), or
 * comments in hand (an import's, whose approvals on the old system count here too).
 */
export function insertKnownAuthors(
  db: Database,
  approved: { commentIds: string[] } | { comments: Authored[] },
  at: string,
): D1PreparedStatement {
  return statement(db, (p) => {
    const authors =
      "commentIds" in approved
        ? `SELECT site_id, email_hash, author_name FROM comments
           WHERE id IN (SELECT value FROM json_each(${p(JSON.stringify(approved.commentIds))}))
             AND email_hash IS NOT NULL AND status = 'approved'`
        : `SELECT value ->> '$.siteId' AS site_id, value ->> '$.emailHash' AS email_hash,
             value ->> '$.authorName' AS author_name
           FROM json_each(${p(JSON.stringify(approved.comments.filter(isApprovedWithAddress).map(authorOf)))})`;
    return `INSERT OR IGNORE INTO known_authors (site_id, email_hash, name_key, approved_at)
      SELECT site_id, email_hash, lower(author_name), ${p(at)} FROM (${authors})`;
  });
}

const isApprovedWithAddress = (comment: Authored) =>
  comment.status === "approved" && Boolean(comment.emailHash);

const authorOf = ({ siteId, emailHash, authorName }: Authored) => ({
  siteId,
  emailHash,
  authorName,
});

/**
 * Whether the author, by address and name, has had a comment approved on the site; by
 * `emailHash` alone when `nameKey` is null (a signed-in user, known by their id).
 */
export function selectKnownAuthor(
  db: Database,
  siteId: string,
  emailHash: string,
  nameKey: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT 1 AS known FROM known_authors
             WHERE site_id = ?1 AND email_hash = ?2 AND (?3 IS NULL OR name_key = ?3) LIMIT 1`,
    )
    .bind(siteId, emailHash, nameKey);
}
