/**
 * Writes an import in ONE D1 batch (one transaction): either everything of the request is
 * stored or nothing is. Rows travel as JSON parameters expanded by `json_each`, so a
 * thousand comments cost a handful of statements, not a thousand.
 */
import type { PreparedImport } from "../domain/prepare-import";
import type { Actor } from "../domain/actor";
import { logEntry } from "./audit-log";
import { insertComments } from "./comments";
import { insertKnownAuthors } from "./known-authors";
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
    // An id the database holds already is skipped: the import can be run again.
    ...chunkByJsonSize(data.comments).map((chunk) =>
      insertComments(db, chunk, { siteId, ignoreExisting: true }),
    ),
    // Authors approved on the old system are known here too: their next comment goes through.
    insertKnownAuthors(db, { comments: data.comments }, at),
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
