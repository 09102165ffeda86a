/**
 * The first round trip of a new comment: everything the pipeline needs (the site, thread,
 * parent, a stored answer to replay, the author's standing, bans, a duplicate, the attempt
 * counts, the address's confirmation, the reader a reader token names), read in one batch. The second is posting.ts's.
 */
import type { PostingFacts } from "../domain/posting";
import type { Site } from "../domain/site";
import { attemptCountsFrom, selectAttemptCounts } from "./attempts";
import { columns } from "./columns";
import { commentFrom, selectComment } from "./comments";
import type { Database } from "./database";
import { selectKnownAuthor } from "./known-authors";
import { batchOf, firstRow } from "./rows";
import { readerHashFrom, selectReader } from "./readers";
import { selectSite, siteFrom } from "./sites";
import { selectThread, threadFrom } from "./threads";

export interface PostingLookup {
  siteId: string;
  threadKey: string;
  parentId: string | null;
  idempotencyKey: string | null;
  /** Null: the author is known by their address's (or user id's) hash alone, whatever the name. */
  authorNameKey: string | null;
  emailHash: string | null;
  /** The network's keyed hash; requests without an address share one. */
  networkHash: string;
  dedupKey: string;
  /** The author asked for mail: read their address's standing on the site. */
  wantsMail?: boolean;
  /** The reader row a reader token names (its claims already checked). */
  readerId?: string | null;
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
  /** With `readerId`: the address its row stands for; null when revoked or expired. */
  readerEmailHash: string | null;
}> {
  const { siteId, emailHash } = lookup;
  // Only the statements this post needs: each one is work for D1, even one that finds nothing.
  const wanted = {
    site: selectSite(db, siteId),
    thread: selectThread(db, siteId, lookup.threadKey),
    parent: lookup.parentId ? selectComment(db, lookup.parentId) : null,
    replay: lookup.idempotencyKey ? selectStoredAnswer(db, siteId, lookup.idempotencyKey) : null,
    known: emailHash ? selectKnownAuthor(db, siteId, emailHash, lookup.authorNameKey) : null,
    banned: selectBans(db, lookup),
    duplicate: db
      .prepare(`SELECT 1 AS duplicate FROM comments WHERE dedup_key = ?1`)
      .bind(lookup.dedupKey),
    attempts: selectAttemptCounts(db, lookup),
    confirmed: lookup.wantsMail && emailHash ? selectConfirmedAddress(db, siteId, emailHash) : null,
    reader: lookup.readerId
      ? selectReader(db, { id: lookup.readerId, siteId }, lookup.now.toISOString())
      : null,
  };
  const { site, thread, parent, replay, known, banned, duplicate, attempts, confirmed, reader } =
    await batchOf(db, wanted);
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
    readerEmailHash: readerHashFrom(reader),
  };
}

/** Whether a ban in force on the site names the author's address, or the network. */
function selectBans(db: Database, lookup: PostingLookup): D1PreparedStatement {
  return db
    .prepare(
      `SELECT
           MAX(scope = 'author' AND value_hash = ?2) AS author_banned,
           MAX(scope = 'network' AND value_hash = ?3) AS network_banned
         FROM bans
         WHERE site_id = ?1 AND ((scope = 'author' AND value_hash = ?2) OR (scope = 'network' AND value_hash = ?3))
           AND (expires_at IS NULL OR expires_at > ?4)`,
    )
    .bind(lookup.siteId, lookup.emailHash ?? "", lookup.networkHash, lookup.now.toISOString());
}

/** When the address was put on file, if it has confirmed its mail on the site. */
function selectConfirmedAddress(
  db: Database,
  siteId: string,
  emailHash: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT created_at FROM mail_addresses
             WHERE site_id = ?1 AND email_hash = ?2 AND confirmed_at IS NOT NULL`,
    )
    .bind(siteId, emailHash);
}

const storedAnswerColumns = columns<StoredAnswer>({
  requestHash: "request_hash",
  commentId: "comment_id",
  response: "response",
});

const storedAnswerFrom = storedAnswerColumns.first;

function selectStoredAnswer(db: Database, siteId: string, key: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${storedAnswerColumns.list()} FROM idempotency_keys WHERE site_id = ?1 AND key = ?2`,
    )
    .bind(siteId, key);
}

export async function readStoredAnswer(
  db: Database,
  siteId: string,
  idempotencyKey: string,
): Promise<StoredAnswer | null> {
  return storedAnswerFrom(await selectStoredAnswer(db, siteId, idempotencyKey).all());
}
