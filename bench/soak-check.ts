/**
 * After the traffic: the database, read directly (not through the Worker), must hold exactly
 * what the ledger says the server accepted, and every count the Worker keeps must match both
 * the rows it counts and the ledger. Then the counts the API serves (through its read cache)
 * must say the same.
 */
import type { D1Database } from "@cloudflare/workers-types";
import * as z from "zod";
import { counts } from "./scenarios";
import { site } from "./seed";
import type { Ledger } from "./soak-ledger";

interface CommentRow {
  id: string;
  thread_key: string;
  parent_id: string | null;
  root_id: string;
  depth: number;
  status: string;
  deleted: number;
  body: string;
  like_count: number;
  reply_count: number;
}

/** What the site's rows in D1 hold now. */
interface Stored {
  comments: Map<string, CommentRow>;
  threads: { key: string; comment_count: number }[];
  /** Rows in likes and reports per comment id, those of comments that are gone included. */
  likes: Map<string, number>;
  reports: Map<string, number>;
  /** Reports no moderator's decision has settled yet, per comment id. */
  unsettledReports: Map<string, number>;
}

export interface Check {
  name: string;
  /** How many things were compared. */
  checked: number;
  problems: string[];
}

const check = (name: string, checked = 0, problems: string[] = []): Check => ({
  name,
  checked,
  problems,
});

/** The token of a soak post in a comment's body (tombstones have none). */
const tokenOf = (body: string) => /^Soak (\S+?)(?: edit \d+)?:/.exec(body)?.[1] ?? null;

const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

async function rows<T>(db: D1Database, sql: string): Promise<T[]> {
  return (await db.prepare(sql).bind(site).all<T>()).results;
}

async function countsBy(
  db: D1Database,
  table: "likes" | "reports",
  only = "1",
): Promise<Map<string, number>> {
  const found = await rows<{ comment_id: string; n: number }>(
    db,
    `SELECT l.comment_id, COUNT(*) AS n FROM ${table} l
     LEFT JOIN comments c ON c.id = l.comment_id
     WHERE (c.site_id = ?1 OR c.id IS NULL) AND ${only} GROUP BY l.comment_id`,
  );
  return new Map(found.map((row) => [row.comment_id, row.n]));
}

async function readStored(db: D1Database): Promise<Stored> {
  const comments = await rows<CommentRow>(
    db,
    `SELECT c.id, t.key AS thread_key, c.parent_id, c.root_id, c.depth, c.status,
       c.deleted_at IS NOT NULL AS deleted, c.body, c.like_count, c.reply_count
     FROM comments c JOIN threads t ON t.id = c.thread_id WHERE c.site_id = ?1`,
  );
  return {
    comments: new Map(comments.map((row) => [row.id, row])),
    threads: await rows(db, `SELECT key, comment_count FROM threads WHERE site_id = ?1`),
    likes: await countsBy(db, "likes"),
    reports: await countsBy(db, "reports"),
    unsettledReports: await countsBy(db, "reports", "l.settled_at IS NULL"),
  };
}

export async function checkDatabase(db: D1Database, ledger: Ledger): Promise<Check[]> {
  const stored = await readStored(db);
  return [
    ...checkAccepted(stored, ledger),
    checkUnaccepted(stored, ledger),
    checkThreadCounts(stored, ledger),
    checkReplyCounts(stored, ledger),
  ];
}

/**
 * Every comment of the ledger: stored once as last answered (deleted ones tombstoned or
 * gone by the Worker's rule), with its likes and reports.
 */
function checkAccepted(stored: Stored, ledger: Ledger): Check[] {
  const accepted = check("every accepted comment stored once, as last answered");
  const likes = check("like_count = its rows in likes = likes confirmed");
  const reports = check("reports = networks that reported; unsettled = since the last decision");
  accepted.problems.push(...ledger.problems);
  for (const comment of ledger.comments.values()) {
    accepted.checked += 1;
    const row = stored.comments.get(comment.id);
    const what = `${comment.id}${comment.token ? ` (post ${comment.token})` : ""}`;
    const problem = (text: string) => accepted.problems.push(`${what}: ${text}`);
    if (comment.state === "gone") {
      if (row) problem("deleted by its author (no replies left) but still stored");
      continue;
    }
    if (!row) {
      problem(`accepted${comment.state === "tombstone" ? " and tombstoned" : ""} but not stored`);
      continue;
    }
    const expect = (field: string, found: unknown, wanted: unknown) => {
      if (found !== wanted) problem(`${field} is ${String(found)}, expected ${String(wanted)}`);
    };
    expect("deleted", row.deleted === 1, comment.state === "tombstone");
    expect("status", row.status, comment.status);
    expect("page", row.thread_key, comment.threadKey);
    expect("parent", row.parent_id, comment.parentId);
    if (comment.state === "live" && comment.token) {
      expect("token in body", tokenOf(row.body), comment.token);
    }

    likes.checked += 1;
    const likeRows = stored.likes.get(comment.id) ?? 0;
    if (row.like_count !== likeRows || likeRows !== comment.likers.size) {
      likes.problems.push(
        `${what}: like_count ${row.like_count}, ${likeRows} rows in likes, ` +
          `${comment.likers.size} likes confirmed`,
      );
    }
    reports.checked += 1;
    const reportRows = stored.reports.get(comment.id) ?? 0;
    const unsettled = stored.unsettledReports.get(comment.id) ?? 0;
    if (reportRows !== comment.reporters.size || unsettled !== comment.unsettledReports) {
      reports.problems.push(
        `${what}: ${reportRows} reports stored (${unsettled} unsettled), ` +
          `${comment.reporters.size} taken (${comment.unsettledReports} since the last decision)`,
      );
    }
  }
  // Likes or reports left of a comment that is gone.
  for (const [id, n] of [...stored.likes, ...stored.reports]) {
    if (!stored.comments.has(id)) likes.problems.push(`${id}: ${n} likes or reports of no comment`);
  }
  return [accepted, likes, reports];
}

/** No row the server did not answer 201 for, and no post's text stored twice. */
function checkUnaccepted(stored: Stored, ledger: Ledger): Check {
  const unaccepted = check("no comment stored that was not accepted", stored.comments.size);
  const idsByToken = new Map<string, string[]>();
  for (const row of stored.comments.values()) {
    const token = tokenOf(row.body);
    if (token) idsByToken.set(token, [...(idsByToken.get(token) ?? []), row.id]);
    if (ledger.comments.has(row.id)) continue;
    const failed = token && ledger.unknownOutcome.has(token) ? ", its post got no answer" : "";
    unaccepted.problems.push(
      `${row.id} (${token ? `post ${token}` : "no token"}${failed}): stored, never answered 201`,
    );
  }
  for (const [token, ids] of idsByToken) {
    if (ids.length > 1) {
      unaccepted.problems.push(`post ${token} is stored ${ids.length} times: ${ids.join(", ")}`);
    }
  }
  return unaccepted;
}

/** Each page's comment_count: as stored, as its rows say, as the ledger says. */
function checkThreadCounts(stored: Stored, ledger: Ledger): Check {
  const threads = check("comment_count = approved comments not deleted", stored.threads.length);
  const expected = ledger.expectedCounts();
  const actual = new Map<string, number>();
  for (const row of stored.comments.values()) {
    if (row.status === "approved" && row.deleted === 0) tally(actual, row.thread_key);
  }
  for (const thread of stored.threads) {
    const rowsSay = actual.get(thread.key) ?? 0;
    const ledgerSays = expected.get(thread.key) ?? 0;
    if (thread.comment_count !== rowsSay || rowsSay !== ledgerSays) {
      threads.problems.push(
        `${thread.key}: comment_count ${thread.comment_count}, ${rowsSay} stored, ` +
          `${ledgerSays} expected`,
      );
    }
  }
  return threads;
}

/** Each root's reply_count: approved replies below it, tombstones included. */
function checkReplyCounts(stored: Stored, ledger: Ledger): Check {
  const replies = check("reply_count = approved replies below the root");
  const expected = ledger.expectedReplyCounts();
  const actual = new Map<string, number>();
  for (const row of stored.comments.values()) {
    if (row.depth > 1 && row.status === "approved") tally(actual, row.root_id);
  }
  for (const row of stored.comments.values()) {
    if (row.depth !== 1) continue;
    replies.checked += 1;
    const rowsSay = actual.get(row.id) ?? 0;
    const ledgerSays = expected.get(row.id) ?? 0;
    if (row.reply_count !== rowsSay || rowsSay !== ledgerSays) {
      replies.problems.push(
        `${row.id}: reply_count ${row.reply_count}, ${rowsSay} approved replies stored, ` +
          `${ledgerSays} expected`,
      );
    }
  }
  return replies;
}

const countsAnswer = z.object({ counts: z.record(z.string(), z.number()) });

/** The counts the API serves now (the read cache included) against the ledger's. */
export async function checkServedCounts(url: URL, ledger: Ledger): Promise<Check> {
  const served = check("GET /api/counts serves the same counts");
  const expected = ledger.expectedCounts();
  const keys = [...expected.keys()];
  // The API takes at most 50 pages a request.
  for (let at = 0; at < keys.length; at += 50) {
    const batch = keys.slice(at, at + 50);
    const res = await fetch(new URL(counts(batch), url));
    const parsed = countsAnswer.safeParse(await res.json());
    for (const key of batch) {
      served.checked += 1;
      const count = parsed.success ? parsed.data.counts[key] : undefined;
      if (count !== expected.get(key)) {
        served.problems.push(
          `${key}: served ${String(count)}, expected ${expected.get(key)} (${res.status})`,
        );
      }
    }
  }
  return served;
}
