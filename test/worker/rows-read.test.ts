/**
 * Pins what the hot paths cost in D1 — round trips and rows read, as D1 reports them in
 * each result's `meta` (what Cloudflare bills) — so that a thread or a site growing a
 * hundredfold does not make a request read a hundredfold more. The Worker runs with its DB
 * binding wrapped by the bench's meter; no timings are asserted here (that is the bench's).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { familySize } from "../../bench/seed-data";
import { commentPayload, createSite, json, unique } from "../helpers";
import { countComments, metered } from "../metered";
import { seedLargeSite } from "../seed";

/** Rows beyond the comments themselves: the site and its origins, the thread, its id. */
const constantRows = 10;

async function listCost(site: string, page: string, query = "") {
  const { res, body, tally } = await metered(
    `/api/comments?site=${site}&page=${encodeURIComponent(page)}${query}`,
  );
  expect(res.status).toBe(200);
  return { ...tally, returned: countComments(body.comments), nextCursor: body.nextCursor };
}

/**
 * What a page may read: its comments, once more for the index entries that find them, and
 * the family of the one root read beyond the page to learn whether another page follows.
 */
function pageBound(returned: number, hasNext: boolean): number {
  return 2 * (returned + (hasNext ? familySize : 0)) + constantRows;
}

let site: string;

beforeAll(async () => {
  site = await seedLargeSite();
});

describe("rows read by a list page", () => {
  it("is one round trip reading only the page's roots and replies, for a small thread", async () => {
    const cost = await listCost(site, "/small");
    expect(cost.returned).toBe(20);
    expect(cost.roundTrips).toBe(1);
    expect(cost.rowsRead).toBeLessThanOrEqual(pageBound(cost.returned, false));
  });

  it("stays within the same bound on a thread of 2,000 comments, first and deep pages", async () => {
    const first = await listCost(site, "/hot", "&limit=20");
    expect(first.returned).toBe(20 * familySize);
    expect(first.roundTrips).toBe(1);
    expect(first.rowsRead).toBeLessThanOrEqual(pageBound(first.returned, true));

    let cursor: string = first.nextCursor;
    for (let page = 2; page < 9; page += 1) {
      cursor = (await listCost(site, "/hot", `&limit=20&cursor=${cursor}`)).nextCursor;
    }
    const deep = await listCost(site, "/hot", `&limit=20&cursor=${cursor}`);
    expect(deep.returned).toBe(20 * familySize);
    expect(deep.rowsRead).toBeLessThanOrEqual(pageBound(deep.returned, true));

    const newest = await listCost(site, "/hot", "&limit=20&sort=newest");
    expect(newest.rowsRead).toBeLessThanOrEqual(pageBound(newest.returned, true));
  });

  it("reads as much for two roots of a 2,000-comment thread as for the 20-comment thread", async () => {
    const small = await listCost(site, "/small");
    const hot = await listCost(site, "/hot", "&limit=2");
    expect(hot.returned).toBe(small.returned);
    // Only the look-ahead root's family separates them.
    expect(hot.rowsRead - small.rowsRead).toBeLessThanOrEqual(2 * familySize + 2);
  });

  it("counts 20 pages in one round trip reading one row per page", async () => {
    const pages = Array.from({ length: 19 }, (_, index) => `&page=/none-${index}`).join("");
    const { res, tally } = await metered(`/api/counts?site=${site}&page=/hot${pages}`);
    expect(res.status).toBe(200);
    expect(tally.roundTrips).toBe(1);
    expect(tally.rowsRead).toBeLessThanOrEqual(20 + constantRows);
  });

  it("reads one comment's subtree without touching the rest of the site", async () => {
    const { body } = await metered(`/api/comments?site=${site}&page=/hot&limit=1`);
    const root = body.comments[0];
    const { res, tally } = await metered(`/api/comments/${root.id}`);
    expect(res.status).toBe(200);
    expect(tally.roundTrips).toBe(1);
    expect(tally.rowsRead).toBeLessThanOrEqual(3 * familySize + constantRows);
  });
});

describe("rows read by a post", () => {
  async function postCost(siteId: string, page: string, parentId: string | null) {
    const payload = commentPayload({
      site: siteId,
      page,
      parentId,
      // reader0 has written many comments on the seeded site: the rate counters must stop
      // at the site's limits instead of reading them all.
      email: "reader0@mail.example",
      body: unique("A reply"),
    });
    const { res, tally } = await metered(
      "/api/comments",
      json("POST", payload, { "CF-Connecting-IP": "203.0.113.9", "Idempotency-Key": unique("k") }),
    );
    expect(res.status).toBe(201);
    return tally;
  }

  it("is two round trips reading a bounded number of rows, whatever the site's size", async () => {
    const smallSite = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const fresh = await postCost(smallSite, "/new", null);

    const { body } = await metered(`/api/comments?site=${site}&page=/hot&limit=1`);
    const deepReply = body.comments[0].replies[0].replies[0];
    const large = await postCost(site, "/hot", deepReply.id);

    for (const cost of [fresh, large]) {
      expect(cost.roundTrips).toBeLessThanOrEqual(2);
      expect(cost.rowsRead).toBeLessThanOrEqual(100);
    }
    // The large site's extra reads are the parent and the author's recent comments, capped by
    // the rate limits; never a function of its 2,000 comments.
    expect(large.rowsRead - fresh.rowsRead).toBeLessThanOrEqual(60);
  });
});
