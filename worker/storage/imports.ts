/**
 * Writes an import in ONE D1 batch (one transaction): either everything of the request is
 * stored or nothing is. Rows travel as JSON parameters expanded by `json_each`, so a
 * thousand comments cost a handful of statements, not a thousand.
 */
import type { ImportCommentRow, PreparedImport } from "../domain/prepare-import";
import type { Actor } from "../domain/actor";
import { logEntry } from "./audit-log";
import { firstRow } from "./rows";
import type { Database } from "./database";

/** Kept well under D1's limits on statement and parameter size. */
const maxJsonBytesPerStatement = 512 * 1024;

export async function writeImport(
  db: Database,
  siteId: string,
  data: PreparedImport,
  actor: Actor,
  at: string,
): Promise<{ threadsCreated: number; commentsInserted: number }> {
  // Counted before and after inside the transaction: D1's `changes` also counts the rows the
  // comment-count triggers touch, so it cannot tell how many comments were new.
  const countExisting = selectExisting(db, siteId, data);
  const results = await db.batch([
    countExisting,
    ...chunkByJsonSize(data.threads).map((chunk) => insertThreads(db, siteId, chunk)),
    ...chunkByJsonSize(data.comments).map((chunk) => insertComments(db, siteId, chunk)),
    insertKnownAuthors(db, siteId, data.comments, at),
    logEntry(
      db,
      {
        siteId,
        action: "import",
        detail: `${data.comments.length} comments in ${data.threads.length} threads`,
        at,
      },
      actor,
    ),
    countExisting,
  ]);
  const before = firstRow<{ threads: number; comments: number }>(results[0])!;
  const after = firstRow<{ threads: number; comments: number }>(results.at(-1))!;
  return {
    threadsCreated: after.threads - before.threads,
    commentsInserted: after.comments - before.comments,
  };
}

/** How many of the import's threads and comments the database holds. */
function selectExisting(db: Database, siteId: string, data: PreparedImport) {
  return db
    .prepare(
      `SELECT
         (SELECT COUNT(*) FROM threads WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))) AS threads,
         (SELECT COUNT(*) FROM comments WHERE id IN (SELECT value FROM json_each(?3))) AS comments`,
    )
    .bind(
      siteId,
      JSON.stringify(data.threads.map((thread) => thread.key)),
      JSON.stringify(data.comments.map((comment) => comment.id)),
    );
}

/** A thread already there keeps what it has, and opens if it had not. */
function insertThreads(db: Database, siteId: string, threads: PreparedImport["threads"]) {
  return db
    .prepare(
      `INSERT INTO threads (site_id, key, url, title, closed, created_at, opened_at)
         SELECT ?1, value ->> '$.key', value ->> '$.url', value ->> '$.title',
                value ->> '$.closed', value ->> '$.createdAt', value ->> '$.openedAt'
         FROM json_each(?2) WHERE 1
         ON CONFLICT (site_id, key) DO UPDATE SET opened_at = COALESCE(threads.opened_at, excluded.opened_at)`,
    )
    .bind(
      siteId,
      JSON.stringify(threads.map((thread) => ({ ...thread, closed: thread.closed ? 1 : 0 }))),
    );
}

/** Comments into their threads by key; an id the database holds already is skipped. */
function insertComments(db: Database, siteId: string, comments: ImportCommentRow[]) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO comments (id, site_id, thread_id, parent_id, root_id, depth, status,
           author_name, author_website, email_encrypted, email_hash, avatar, network_hash,
           body, html, dedup_key, reasons, created_at, edited_at, deleted_at)
         SELECT j.value ->> '$.id', ?1, t.id, j.value ->> '$.parentId', j.value ->> '$.rootId',
           j.value ->> '$.depth', j.value ->> '$.status', j.value ->> '$.authorName',
           j.value ->> '$.authorWebsite', j.value ->> '$.emailEncrypted', j.value ->> '$.emailHash',
           j.value ->> '$.avatar', j.value ->> '$.networkHash', j.value ->> '$.body', j.value ->> '$.html',
           NULL, j.value ->> '$.reasons', j.value ->> '$.createdAt', j.value ->> '$.editedAt',
           j.value ->> '$.deletedAt'
         FROM json_each(?2) j JOIN threads t ON t.site_id = ?1 AND t.key = j.value ->> '$.threadKey'
         ORDER BY j.key`,
    )
    .bind(siteId, JSON.stringify(comments.map(toJsonRow)));
}

/** Authors approved on the old system are known here too: their next comment goes through. */
function insertKnownAuthors(
  db: Database,
  siteId: string,
  comments: ImportCommentRow[],
  at: string,
) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO known_authors (site_id, email_hash, name_key, approved_at)
         SELECT ?1, value ->> '$.emailHash', lower(value ->> '$.name'), ?3 FROM json_each(?2)`,
    )
    .bind(
      siteId,
      JSON.stringify(
        comments
          .filter((c) => c.status === "approved" && c.emailHash)
          .map((c) => ({ emailHash: c.emailHash, name: c.authorName })),
      ),
      at,
    );
}

function toJsonRow(row: ImportCommentRow) {
  return { ...row, reasons: JSON.stringify(row.reasons) };
}

/** Splits rows so each statement's JSON parameter stays under the size limit. */
function chunkByJsonSize<T>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const row of rows) {
    const rowSize = JSON.stringify(row).length;
    if (current.length > 0 && size + rowSize > maxJsonBytesPerStatement) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += rowSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Which of these comment ids the database already holds for another site. */
export async function commentIdsOfOtherSites(
  db: Database,
  siteId: string,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await db
    .prepare(
      `SELECT id FROM comments WHERE id IN (SELECT value FROM json_each(?1)) AND site_id <> ?2`,
    )
    .bind(JSON.stringify(ids), siteId)
    .all<{ id: string }>();
  return new Set(result.results.map((row) => row.id));
}
