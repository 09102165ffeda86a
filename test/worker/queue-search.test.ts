/**
 * The queue's search reads a window of the newest comments per request, not the whole site:
 * a rare match far back is reached by following `nextCursor`, a window at a time, and each
 * request reads the same whatever the archive's size.
 */
import { describe, expect, it } from "vitest";
import { searchWindow } from "../../worker/storage/mod-queue";
import { archiveId, growArchive } from "../archive";
import { asModerator, createSite, unique } from "../helpers";
import { metered } from "../metered";
import { sql } from "../sql";

async function search(site: string, q: string, cursor: string | null) {
  const { res, body, tally } = await metered(
    `/api/mod/comments?site=${site}&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ""}`,
    asModerator(),
  );
  expect(res.status).toBe(200);
  return { ...body, rowsRead: tally.rowsRead } as {
    comments: { id: string }[];
    nextCursor: string | null;
    rowsRead: number;
  };
}

describe("searching the queue", () => {
  it("finds an old match by following the cursor, each request reading one window", async () => {
    const site = await createSite();
    const prefix = unique("qs").replace(/[^A-Za-z0-9]/g, "");
    const size = Math.round(searchWindow * 2.5);
    await growArchive({ site, prefix, from: 0, to: size, pages: 10 });
    // The only comment that mentions a walrus is the oldest.
    const oldest = archiveId(prefix, 0);
    await sql(`UPDATE comments SET body = 'A walrus, at last.' WHERE id = ?1`, oldest);

    const first = await search(site, "walrus", null);
    expect(first.comments).toEqual([]);
    expect(first.nextCursor).not.toBeNull();

    const pages = [first];
    while (pages.at(-1)!.nextCursor && pages.length < 10) {
      pages.push(await search(site, "walrus", pages.at(-1)!.nextCursor));
    }
    expect(pages.flatMap((page) => page.comments.map((comment) => comment.id))).toEqual([oldest]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages).toHaveLength(Math.ceil(size / searchWindow));
    for (const page of pages) expect(page.rowsRead).toBeLessThanOrEqual(8 * searchWindow);
  });

  it("pages through matches as the queue does when the window holds more than a page", async () => {
    const site = await createSite();
    const prefix = unique("qm").replace(/[^A-Za-z0-9]/g, "");
    await growArchive({ site, prefix, from: 0, to: 200, pages: 2 });
    const first = await search(site, "archive", null);
    expect(first.comments).toHaveLength(50);
    const second = await search(site, "archive", first.nextCursor);
    expect(second.comments).toHaveLength(50);
    expect(second.comments[0]!.id).not.toBe(first.comments[49]!.id);
  });
});
