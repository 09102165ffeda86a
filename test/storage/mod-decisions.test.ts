/** Moderators' decisions at the storage level (storage/mod-decisions.ts): one batch each. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ownerActor } from "../../worker/domain/actor";
import {
  closeOrReopenThread,
  deleteByModerator,
  moderateComment,
  setStatuses,
} from "../../worker/storage/mod-decisions";
import { openSite, postOk, unique } from "../helpers";
import { count, rows } from "../sql";

const at = () => new Date().toISOString();

describe("a moderator's decision", () => {
  it("changes each comment once, logs each change, and makes the author known on approval", async () => {
    const site = await openSite({ moderation: "all" });
    const page = unique("/decide");
    const email = `${unique("author")}@example.com`;
    const held = await Promise.all(
      ["one", "two"].map((body) => postOk({ site, page, body, email, name: "Ann" })),
    );
    const ids = held.map((posted) => posted.comment.id);
    const done = await setStatuses(env.DB, ids, "approved", ownerActor, at());
    expect(done.updated).toBe(2);
    // Again: nothing changes, nothing is logged.
    expect((await setStatuses(env.DB, ids, "approved", ownerActor, at())).updated).toBe(0);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM moderation_log WHERE site_id = ?1 AND action = 'status'`,
        site,
      ),
    ).toBe(2);
    expect(await count(`SELECT COUNT(*) AS n FROM known_authors WHERE site_id = ?1`, site)).toBe(1);
    const [thread] = await rows<{ comment_count: number; opened_at: string | null }>(
      `SELECT comment_count, opened_at FROM threads WHERE site_id = ?1`,
      site,
    );
    expect(thread).toMatchObject({ comment_count: 2 });
    expect(thread!.opened_at).not.toBeNull();
  });

  it("edits and pins in one batch, and returns the comment as the queue shows it", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/edit"), body: "before" });
    const { comment } = await moderateComment(
      env.DB,
      posted.comment.id,
      { edit: { body: "after", html: "<p>after</p>" }, pinned: true },
      ownerActor,
      at(),
    );
    expect(comment).toMatchObject({ body: "after", html: "<p>after</p>" });
    expect(comment?.pinnedAt).not.toBeNull();
    expect(comment?.editedAt).not.toBeNull();
    expect(comment?.thread.key).toBeDefined();
  });

  it("leaves a tombstone where a reply hangs below, and deletes a leaf outright", async () => {
    const site = await openSite();
    const page = unique("/delete");
    const root = await postOk({ site, page, body: "root" });
    const reply = await postOk({ site, page, body: "reply", parentId: root.comment.id });
    expect(await deleteByModerator(env.DB, root.comment.id, ownerActor, at())).toBe(true);
    const [tombstone] = await rows<{ body: string; deleted_at: string | null }>(
      `SELECT body, deleted_at FROM comments WHERE id = ?1`,
      root.comment.id,
    );
    expect(tombstone).toMatchObject({ body: "" });
    expect(tombstone!.deleted_at).not.toBeNull();
    expect(await deleteByModerator(env.DB, reply.comment.id, ownerActor, at())).toBe(true);
    // The last reply gone, its tombstone parent goes too.
    expect(await count(`SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1`, site)).toBe(0);
    expect(await deleteByModerator(env.DB, reply.comment.id, ownerActor, at())).toBe(false);
  });

  it("closes a page not yet commented on, and reopens it", async () => {
    const site = await openSite();
    const key = unique("/closed");
    const closed = await closeOrReopenThread(
      env.DB,
      { siteId: site, key, closed: true },
      ownerActor,
      at(),
    );
    expect(closed).toMatchObject({ key, closed: true, count: 0 });
    const open = await closeOrReopenThread(
      env.DB,
      { siteId: site, key, closed: false },
      ownerActor,
      at(),
    );
    expect(open.closed).toBe(false);
  });
});
