/**
 * Read replication (worker/platform/db-session.ts): public reads open a D1 session anywhere, or at
 * the bookmark a reader sends back; writes open on the primary and hand out the bookmark.
 * The sessions are local D1's own; the binding is wrapped only to see how each is opened.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  asModerator,
  callSettled,
  commentPayload,
  json,
  openSite,
  origin,
  unique,
  expectError,
} from "../helpers";

/** The real binding, recording the constraint or bookmark of every session opened on it. */
function recordingDb() {
  const opened: (string | undefined)[] = [];
  const db = {
    prepare: (query: string) => env.DB.prepare(query),
    batch: (statements: D1PreparedStatement[]) => env.DB.batch(statements),
    withSession(constraint?: string) {
      opened.push(constraint);
      return env.DB.withSession(constraint);
    },
  };
  return { db, opened };
}

/** D1's bookmark, and Parley's signature of it. */
const bookmarkPattern = /^[0-9a-f]{8}(-[0-9a-f]+)+\.[\w-]{22}$/;

describe("D1 sessions", () => {
  it("opens a write on the primary and answers with its bookmark, readable by the site", async () => {
    const site = await openSite();
    const { db, opened } = recordingDb();
    const res = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page: unique("/write") }), { Origin: origin }),
      { DB: db },
    );
    expect(res.status).toBe(201);
    expect(opened).toEqual(["first-primary"]);
    expect(res.headers.get("Parley-Bookmark")).toMatch(bookmarkPattern);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("Parley-Bookmark");
  });

  it("reads anywhere, or at the reader's bookmark, which then sees the reader's own write", async () => {
    const site = await openSite();
    const page = unique("/read");
    const list = `/api/comments?site=${site}&page=${encodeURIComponent(page)}`;
    const { db, opened } = recordingDb();
    await callSettled(list, {}, { DB: db });
    expect(opened).toEqual(["first-unconstrained"]);

    const posted = await callSettled(
      "/api/comments",
      json("POST", commentPayload({ site, page, body: "mine" })),
    );
    const bookmark = posted.headers.get("Parley-Bookmark")!;
    const own = await callSettled(`${list}&bookmark=${bookmark}`, {}, { DB: db });
    // The session opens at D1's bookmark, once Parley's signature of it is checked.
    expect(opened.at(-1)).toBe(bookmark.split(".")[0]);
    expect((await own.json<any>()).comments.map((c: any) => c.html)).toEqual(["<p>mine</p>"]);
  });

  it("refuses what is not a bookmark, before any session is opened", async () => {
    const site = await openSite();
    const { db, opened } = recordingDb();
    const res = await callSettled(
      `/api/comments?site=${site}&page=/x&bookmark=x'--`,
      {},
      { DB: db },
    );
    await expectError(res, 400, "invalid_input");
    expect(opened).toEqual([]);
  });

  it("leaves the moderation API on the primary, without sessions", async () => {
    const site = await openSite();
    const { db, opened } = recordingDb();
    const res = await callSettled(`/api/mod/comments?site=${site}`, asModerator(), { DB: db });
    expect(res.status).toBe(200);
    expect(opened).toEqual([]);
    expect(res.headers.get("Parley-Bookmark")).toBeNull();
  });
});
