/**
 * Every statement on a hot path is index-backed. The storage functions run against a
 * metered D1 that records the SQL and values they send; each recorded statement is then
 * explained with `EXPLAIN QUERY PLAN` on the same data. A `SCAN` of a table (with or
 * without a covering index: both read every row) fails; scanning a `json_each`, a CTE, a
 * subquery's result or a constant row is fine.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { meterD1, type ExecutedStatement } from "../../bench/d1-meter";
import type { CommentRecord } from "../../worker/domain/comment";
import { listQueue } from "../../worker/storage/mod-queue";
import { loadCommentTree, loadOwnComment } from "../../worker/storage/own-comments";
import { recordPreview } from "../../worker/storage/attempts";
import { storeAttempt } from "../../worker/storage/posting";
import { loadPostingFacts } from "../../worker/storage/posting-facts";
import { loadCommentContext } from "../../worker/storage/comment-context";
import { loadReplies, loadThreadPage } from "../../worker/storage/thread-page";
import { loadCounts } from "../../worker/storage/threads";
import { loadRecent } from "../../worker/storage/recent";
import { loadReactionFacts, setReaction } from "../../worker/storage/reactions";
import { seedLargeSite } from "../seed";

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** Scans that read a bounded or derived set of rows, not a table. */
const harmlessScan =
  /^SCAN (json_each VIRTUAL TABLE|j VIRTUAL TABLE|page|bounded|tree|limits|root|chain|(network|email)_(minute|day)|\(subquery-\d+\)|CONSTANT ROW)/;

async function planOf(statement: ExecutedStatement): Promise<string[]> {
  const result = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<PlanRow>();
  return result.results.map((row) => row.detail);
}

async function tableScans(statements: ExecutedStatement[]): Promise<string[]> {
  const problems: string[] = [];
  for (const statement of statements) {
    for (const step of await planOf(statement)) {
      if (/^SCAN /.test(step) && !harmlessScan.test(step)) {
        problems.push(`${step}\n  in: ${statement.sql.replace(/\s+/g, " ").slice(0, 160)}`);
      }
    }
  }
  return problems;
}

/** Runs a storage call on a metered D1 and returns the statements it sent. */
async function statementsOf(run: (db: D1Database) => Promise<unknown>) {
  const meter = meterD1(env.DB);
  await run(meter.db);
  expect(meter.tally.statements.length).toBeGreaterThan(0);
  return meter.tally.statements;
}

let site: string;
let root: CommentRecord;
let reply: CommentRecord;

beforeAll(async () => {
  site = await seedLargeSite();
  const page = await loadThreadPage(env.DB, {
    siteId: site,
    key: "/hot",
    after: null,
    limit: 20,
    replyLimit: 50,
    sort: "oldest",
  });
  root = page.comments.find((comment) => comment.depth === 1)!;
  reply = page.comments.find((comment) => comment.depth === 3)!;
});

const cursor = () => ({ createdAt: "2026-01-01T10:00:00.000Z", id: "c_hot_00600" });

describe("query plans of the hot paths", () => {
  for (const sort of ["oldest", "newest", "best"] as const) {
    for (const paged of [false, true]) {
      it(`lists a page of a thread from an index (${sort} first, ${paged ? "cursor page" : "first page"})`, async () => {
        const statements = await statementsOf((db) =>
          loadThreadPage(db, {
            siteId: site,
            key: "/hot",
            after: paged ? { ...cursor(), ...(sort === "best" ? { likes: 0 } : {}) } : null,
            limit: 20,
            replyLimit: 50,
            sort,
          }),
        );
        expect(await tableScans(statements)).toEqual([]);
      });
    }
  }

  it("counts up to 50 pages from the threads index", async () => {
    const keys = Array.from({ length: 50 }, (_, index) => `/page-${index}`).concat("/hot");
    const statements = await statementsOf((db) => loadCounts(db, site, keys));
    expect(await tableScans(statements)).toEqual([]);
  });

  it("reads a site's recent comments and most commented pages from indexes", async () => {
    const statements = await statementsOf((db) =>
      loadRecent(db, { siteId: site, limit: 20, withPages: true }),
    );
    expect(await tableScans(statements)).toEqual([]);
  });

  it("judges, adds and takes back a page reaction through indexes", async () => {
    const reaction = {
      siteId: site,
      pageKey: "/hot",
      kind: "heart" as const,
      readerHash: "r".repeat(64),
      networkHash: "f".repeat(64),
      at: new Date().toISOString(),
    };
    const statements = await statementsOf(async (db) => {
      await loadReactionFacts(db, site, reaction.networkHash, new Date());
      await setReaction(db, { ...reaction, reacted: true });
      await setReaction(db, { ...reaction, reacted: false });
    });
    expect(await tableScans(statements)).toEqual([]);
  });

  it("gathers every fact a new reply is judged by from indexes", async () => {
    const statements = await statementsOf((db) =>
      loadPostingFacts(db, {
        siteId: site,
        threadKey: "/hot",
        parentId: reply.id,
        idempotencyKey: "plan-test-key",
        authorNameKey: "ann",
        emailHash: root.emailHash,
        networkHash: "f".repeat(64),
        dedupKey: "d".repeat(64),
        wantsMail: true,
        now: new Date("2026-01-02T00:00:00.000Z"),
      }),
    );
    // Site, thread, parent, replay, known author, bans, duplicate, the attempt counts, and
    // whether the author's address is confirmed for mail.
    expect(statements).toHaveLength(9);
    expect(await tableScans(statements)).toEqual([]);
  });

  it("records an attempt within the limits, and a preview, through indexes", async () => {
    const createdAt = new Date().toISOString();
    const attempt = {
      id: "c_planattempt01",
      siteId: site,
      kind: "comment" as const,
      networkHash: "f".repeat(64),
      emailHash: "e".repeat(64),
      outcome: "refused" as const,
      createdAt,
    };
    const statements = await statementsOf((db) =>
      storeAttempt(db, attempt, { perMinute: 5, perDay: 50 }, null),
    );
    expect(await tableScans(statements)).toEqual([]);
    const preview = await statementsOf((db) =>
      recordPreview(db, { siteId: site, networkHash: "f".repeat(64), now: new Date() }),
    );
    expect(await tableScans(preview)).toEqual([]);
  });

  it("stores a new comment (attempt, thread upsert, insert, idempotency record, known author) through indexes", async () => {
    const createdAt = new Date().toISOString();
    const comment = {
      ...reply,
      id: "c_planinsert01",
      parentId: reply.id,
      depth: reply.depth + 1,
      status: "approved" as const,
      dedupKey: "e".repeat(64),
      createdAt,
    };
    const attempt = {
      id: comment.id,
      siteId: site,
      kind: "comment" as const,
      networkHash: "f".repeat(64),
      emailHash: comment.emailHash,
      outcome: "stored" as const,
      createdAt,
    };
    const statements = await statementsOf((db) =>
      storeAttempt(
        db,
        attempt,
        { perMinute: 1000, perDay: 10000 },
        {
          comment,
          page: { key: "/hot", url: "https://blog.example/hot", title: "Hot" },
          idempotency: { key: "plan-insert-key", requestHash: "h", response: "{}" },
          akismetContext: null,
          mail: null,
        },
      ),
    );
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(await tableScans(statements)).toEqual([]);
  });

  for (const status of [undefined, "pending"] as const) {
    for (const pageKey of [undefined, "/hot"]) {
      for (const before of [null, cursor()]) {
        const label = [
          status ? "by status" : "any status",
          pageKey ? "one page" : "all pages",
          before ? "cursor page" : "first page",
        ].join(", ");
        it(`pages the moderation queue from an index (${label})`, async () => {
          const statements = await statementsOf((db) =>
            listQueue(db, { siteId: site, status, pageKey, before, limit: 50 }),
          );
          expect(await tableScans(statements)).toEqual([]);
        });
      }
    }
  }

  it("reads one comment with its replies (GET /api/comments/:id) through indexes", async () => {
    for (const id of [root.id, reply.id]) {
      const statements = await statementsOf((db) => loadCommentTree(db, id, 50));
      expect(await tableScans(statements)).toEqual([]);
    }
  });

  it("finds where a comment is (its parents, and the root before its root) through indexes", async () => {
    for (const sort of ["oldest", "newest", "best"] as const) {
      const statements = await statementsOf((db) => loadCommentContext(db, { id: reply.id, sort }));
      expect(await tableScans(statements)).toEqual([]);
    }
  });

  it("pages a root's replies through an index, first page and by cursor", async () => {
    for (const after of [null, { createdAt: root.createdAt, id: root.id }]) {
      const statements = await statementsOf((db) =>
        loadReplies(db, { rootId: root.id, after, limit: 50 }),
      );
      expect(await tableScans(statements)).toEqual([]);
    }
  });

  it("reads an author's own comment and its moderation facts through indexes", async () => {
    const statements = await statementsOf((db) => loadOwnComment(db, reply.id, new Date()));
    expect(await tableScans(statements)).toEqual([]);
  });
});
