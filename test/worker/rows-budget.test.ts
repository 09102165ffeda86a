/**
 * Rows read per request as a budget, checked at two archive sizes: every route the site's
 * readers, authors, moderators and cron jobs use is sent once on a site of a few thousand
 * comments and again after the site has grown tenfold (its hot page, its queue, its
 * reports, its authors all grown with it). A route fails when what it reads grows with the
 * archive, or when it reads past its budget. D1's own counts (`meta.rows_read`), as
 * Cloudflare bills them; no timings (those are `npm run bench:scale`'s).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { D1Tally } from "../../bench/d1-meter";
import { familySize } from "../../bench/seed-data";
import { archiveId, growArchive, hotPage } from "../archive";
import { asModerator, commentPayload, createSite, json, unique } from "../helpers";
import { countComments, metered, meteredScheduled } from "../metered";
import { sql } from "../sql";
import { searchWindow } from "../../worker/storage/mod-queue";

/** Rows any request may read besides what it answers with: the site, origins, thread, ids. */
const constantRows = 12;
const sizes = [3_000, 30_000];
const queueLimit = 50;
const quietPage = "/quiet";
/**
 * Rows a request may read beyond its first figure at the larger size: the probes' own
 * writes between the sizes (an author's data export read 2 more rows), never the archive's
 * tenfold growth, which would show as hundreds or thousands.
 */
const noise = 2;

interface Cost extends D1Tally {
  /** How many comments the answer holds, where the budget depends on it. */
  returned: number;
}

interface Probe {
  name: string;
  /** The most rows the request may read, given what it answered. */
  budget: (cost: Cost) => number;
  run: () => Promise<Cost>;
  /** Rows this probe may read beyond its first figure at the larger size (default `noise`). */
  noise?: number;
}

let site: string;
const prefix = unique("arc").replace(/[^A-Za-z0-9]/g, "");

async function ok(path: string, init: RequestInit = {}, status = 200): Promise<Cost> {
  const { res, body, tally } = await metered(path, init);
  expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(status);
  const listed = typeof body === "object" ? (body?.comments ?? body?.replies ?? []) : [];
  const returned = Array.isArray(listed)
    ? countComments(listed.map((comment: any) => ({ replies: comment.replies ?? [] })))
    : 0;
  return { ...tally, returned };
}

const mod = (path: string, init: RequestInit = {}) => ok(path, asModerator(init));
const list = (query: string) => ok(`/api/comments?site=${site}&page=${hotPage}${query}`);
/** A page of roots with their replies, and the family of the root read to look ahead. */
const pageBudget = (cost: Cost) => 2 * (cost.returned + familySize) + constantRows;
/** A queue page: each comment, its thread, the comment it answers, its reports. */
const queueBudget = () => 5 * (queueLimit + 1) + constantRows;
/** A search reads its window's index entries and rows, and again to find where it ends. */
const searchBudget = () => 8 * searchWindow;

async function cursorOf(query: string): Promise<string> {
  const { body } = await metered(`/api/comments?site=${site}&page=${hotPage}${query}`);
  return body.nextCursor;
}

let networks = 0;

/** A post from a network of its own, so the attempt counts stay the same at both sizes. */
async function post(page: string, parentId: string | null, email: string): Promise<Cost> {
  const payload = commentPayload({ site, page, parentId, email, body: unique("Hi") });
  networks += 1;
  const headers = { "CF-Connecting-IP": `2001:db8:${networks}::1`, "Idempotency-Key": unique("k") };
  return ok("/api/comments", json("POST", payload, headers), 201);
}

/** An author of a few comments, whose data a privacy request exports or erases. */
async function authorOfThree(): Promise<string> {
  const email = `${unique("author")}@mail.example`;
  for (let n = 0; n < 3; n += 1) await post("/authors", null, email);
  return email;
}

const probes: Probe[] = [
  ...(["oldest", "newest", "best"] as const).flatMap((sort) => [
    {
      name: `list, ${sort} first, first page`,
      budget: pageBudget,
      run: () => list(`&sort=${sort}`),
    },
    {
      name: `list, ${sort} first, a cursor page`,
      budget: pageBudget,
      run: async () => list(`&sort=${sort}&cursor=${await cursorOf(`&sort=${sort}`)}`),
    },
  ]),
  {
    name: "counts of 20 pages",
    budget: () => 2 * 20 + constantRows,
    run: () => {
      const others = Array.from({ length: 19 }, (_, n) => `&page=/page-${n}`).join("");
      return ok(`/api/counts?site=${site}&page=${hotPage}${others}`);
    },
  },
  // Each comment and its thread; with pages=1 also each page shown.
  {
    name: "recent comments",
    budget: (cost) => 2 * cost.returned + constantRows,
    run: () => ok(`/api/recent?site=${site}&limit=20`),
  },
  {
    name: "recent comments and the most commented pages",
    budget: (cost) => 3 * cost.returned + constantRows,
    run: () => ok(`/api/recent?site=${site}&limit=20&pages=1`),
  },
  {
    name: "one comment with its replies",
    budget: () => 3 * familySize + constantRows,
    run: () => ok(`/api/comments/${archiveId(prefix, 40)}`),
  },
  ...(["oldest", "newest", "best"] as const).map((sort) => ({
    name: `a comment's context, ${sort} first`,
    budget: () => 3 * familySize + constantRows,
    run: () => ok(`/api/comments/${archiveId(prefix, 45)}/context?sort=${sort}`),
  })),
  {
    name: "a root's replies",
    budget: pageBudget,
    run: () => ok(`/api/comments/${archiveId(prefix, 40)}/replies`),
  },
  {
    // On a page of its own, so the pages the list probes read stay the same.
    name: "a post (a reply six deep)",
    budget: () => 100,
    run: () => post("/page-1", archiveId(prefix, 15), `${unique("reader")}@mail.example`),
  },
  {
    // The site, the network's recent reactions, at most five of its readers' on the kind.
    name: "a page reaction",
    budget: () => 2 * constantRows,
    run: () => {
      const reaction = {
        site,
        page: hotPage,
        kind: "heart",
        reader: unique("reader"),
        reacted: true,
      };
      return ok("/api/reactions", json("POST", reaction, { "CF-Connecting-IP": "2001:db8:ff::1" }));
    },
  },
  {
    name: "the desk's counts",
    budget: () => constantRows,
    run: () => mod(`/api/mod/comments/counts?site=${site}`),
  },
  ...[
    ["the queue, every status", ""],
    ["the queue, pending", "&status=pending"],
    ["the queue, one page, pending", `&page=${hotPage}&status=pending`],
    ["the queue, reported", "&status=reported"],
  ].map(([name, query]) => ({
    name: name!,
    budget: queueBudget,
    run: () => mod(`/api/mod/comments?site=${site}&limit=${queueLimit}${query}`),
  })),
  ...[
    ["the queue, a search that matches", "&q=number"],
    ["the queue, a search that matches nothing", "&q=zebra"],
  ].map(([name, query]) => ({
    name: name!,
    budget: searchBudget,
    run: () => mod(`/api/mod/comments?site=${site}&limit=${queueLimit}${query}`),
  })),
  // A page's every status: the newest of each of the four statuses, merged. Ten a page, so
  // every status the hot page holds fills its share at both sizes.
  ...[
    ["the queue, one page", hotPage],
    ["the queue, a quiet page among thousands", quietPage],
  ].map(([name, page]) => ({
    name: name!,
    budget: () => 4 * 11 + 5 * 11 + constantRows,
    run: () => mod(`/api/mod/comments?site=${site}&limit=10&page=${page}`),
  })),
  { name: "the site's feed", budget: queueBudget, run: () => ok(`/feeds/${site}.atom`) },
  {
    name: "a page's feed",
    budget: queueBudget,
    run: () => ok(`/feeds/${site}.atom?page=${encodeURIComponent(hotPage)}`),
  },
  {
    name: "an author's data (privacy export)",
    budget: () => 10 * 3 + constantRows,
    run: async () => mod(`/api/mod/authors?email=${await authorOfThree()}`),
  },
  {
    // Tombstones are pruned in up to 20 passes (a chain of the author's own replies), each
    // reading the author's comments and whether anything answers them.
    name: "erasing an author",
    budget: () => 20 * 3 * 3 + 4 * constantRows,
    // Its reads move by a few between runs whatever the size (209/213, 213/212, 214/217 at
    // 3,000/30,000 comments): the same erase on a quiet site reads 213 every time, so it is
    // something the other probes leave behind, not the archive. Not yet traced; a read that
    // grew with the archive would show as hundreds more.
    noise: 6,
    run: async () => mod(`/api/mod/authors?email=${await authorOfThree()}`, { method: "DELETE" }),
  },
  {
    name: "the mail jobs (every five minutes)",
    budget: () => constantRows,
    run: async () => ({ ...(await meteredScheduled("*/5 * * * *")), returned: 0 }),
  },
  {
    name: "housekeeping and digests (hourly)",
    // Housekeeping, mail digests and the notification outbox's upkeep (release, purge, the
    // spam digests, a claim): each a few index probes, whatever the archive's size.
    budget: () => 5 * constantRows,
    run: async () => ({ ...(await meteredScheduled("23 * * * *")), returned: 0 }),
  },
];

/** Readers' reports on a few comments, settled ones piling up as the archive grows. */
async function report(from: number, to: number, open: boolean) {
  for (let n = from; n < to; n += 100) {
    await sql(
      `INSERT INTO reports (comment_id, reporter_hash, site_id, reason, created_at, settled_at)
       VALUES (?1, ?2, ?3, 'spam', ?4, ?5)`,
      archiveId(prefix, n),
      unique("reporter"),
      site,
      new Date().toISOString(),
      open ? null : new Date().toISOString(),
    );
  }
}

const costs = new Map<string, Cost[]>();

beforeAll(async () => {
  site = await createSite({
    reactions: ["heart"],
    moderation: "none",
    maxDepth: 10,
    minSubmitSeconds: 0,
    rateLimitPerMinute: 1000,
    rateLimitPerDay: 10000,
  });
  // Three comments that stay three while the site around them grows.
  for (let n = 0; n < 3; n += 1) await post(quietPage, null, `${unique("quiet")}@mail.example`);
  let grown = 0;
  for (const size of sizes) {
    await growArchive({ site, prefix, from: grown, to: size, pages: size / 100 });
    await report(grown, size, false);
    // The open ones stay as many: the Reported view reads what is open, like the queue.
    if (grown === 0) await report(50, 300, true);
    grown = size;
    for (const probe of probes) {
      costs.set(probe.name, [...(costs.get(probe.name) ?? []), await probe.run()]);
    }
  }
}, 120_000);

describe(`rows read per request, at ${sizes.join(" and ")} comments`, () => {
  it.each(probes.map((probe) => [probe.name, probe] as const))(
    "%s: within its budget, and no more at the larger size",
    (_, probe) => {
      const [small, large] = costs.get(probe.name)!;
      console.log(
        "COST",
        probe.name,
        small!.rowsRead,
        large!.rowsRead,
        probe.budget(small!),
        small!.rowsWritten,
      );
      for (const cost of [small!, large!]) {
        expect(cost.rowsRead).toBeLessThanOrEqual(probe.budget(cost));
      }
      expect(large!.rowsRead).toBeLessThanOrEqual(small!.rowsRead + (probe.noise ?? noise));
    },
  );
});
