/**
 * The one INSERT of comments (storage/comments.ts) and the one write of known authors
 * (storage/known-authors.ts), each with the variations their three callers use.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { freshComment } from "../../worker/domain/comment";
import { getComment, insertComments } from "../../worker/storage/comments";
import { insertKnownAuthors } from "../../worker/storage/known-authors";
import { openSite, postOk, unique } from "../helpers";
import { count, rows } from "../sql";

const at = "2026-03-01T10:00:00.000Z";

/** A site with one page commented on: its thread exists. */
async function pageWithThread() {
  const site = await openSite();
  const page = unique("/writes");
  const root = (await postOk({ site, page })).comment;
  const stored = (await getComment(env.DB, root.id))!;
  return { site, page, root: stored };
}

const comment = (
  site: string,
  fields: Partial<Parameters<typeof freshComment>[1]> = {},
  parent: Parameters<typeof freshComment>[0] = null,
) =>
  freshComment(parent, {
    siteId: site,
    status: "approved",
    authorName: "Ann",
    avatar: "a",
    body: "hello",
    html: "<p>hello</p>",
    createdAt: at,
    ...fields,
  });

/** The known-author marks of these addresses on the site. */
const knownIn = (site: string, hashes: (string | null)[]) =>
  rows<{ email_hash: string; name_key: string; approved_at: string }>(
    `SELECT email_hash, name_key, approved_at FROM known_authors
     WHERE site_id = ?1 AND email_hash IN (SELECT value FROM json_each(?2))`,
    site,
    JSON.stringify(hashes),
  );

describe("storing comments", () => {
  it("stores a comment into its page's thread, with where it came from", async () => {
    const { site, page, root } = await pageWithThread();
    const held = comment(site, { status: "pending", reasons: ["links"], emailHash: "h1" });
    await insertComments(
      env.DB,
      [{ ...held, threadKey: page, pageUrl: "https://blog.example/p", heldNoticeAt: at }],
      { siteId: site },
    ).run();
    expect(await getComment(env.DB, held.id)).toEqual({ ...held, threadId: root.threadId });
    const [extra] = await rows(
      `SELECT page_url, page_title, akismet_context, held_notice_at FROM comments WHERE id = ?1`,
      held.id,
    );
    expect(extra).toEqual({
      page_url: "https://blog.example/p",
      page_title: null,
      akismet_context: null,
      held_notice_at: at,
    });
  });

  it("stores a reply into a thread given by id", async () => {
    const { site, root } = await pageWithThread();
    const reply = comment(site, { moderatorId: "m1" }, root);
    await insertComments(env.DB, [reply], { siteId: site, threadId: root.threadId }).run();
    expect(await getComment(env.DB, reply.id)).toMatchObject({
      parentId: root.id,
      rootId: root.id,
      depth: 2,
      threadId: root.threadId,
      moderatorId: "m1",
    });
  });

  it("skips an id stored already when asked to, and fails on it otherwise", async () => {
    const { site, page, root } = await pageWithThread();
    const again = { ...root, body: "changed", threadKey: page };
    const fresh = { ...comment(site), threadKey: page };
    await insertComments(env.DB, [again, fresh], { siteId: site, ignoreExisting: true }).run();
    expect((await getComment(env.DB, root.id))!.body).toBe(root.body);
    expect(await getComment(env.DB, fresh.id)).not.toBeNull();
    await expect(insertComments(env.DB, [again], { siteId: site }).run()).rejects.toThrow(
      /constraint/i,
    );
  });

  it("stores nothing when the attempt it follows did not get in", async () => {
    const { site, page } = await pageWithThread();
    const refused = { ...comment(site), threadKey: page };
    await insertComments(env.DB, [refused], { siteId: site, afterAttempt: "no-such" }).run();
    expect(await getComment(env.DB, refused.id)).toBeNull();
  });
});

describe("making authors known", () => {
  it("marks the authors of stored comments that are approved and have an address", async () => {
    const { site, page } = await pageWithThread();
    const approved = comment(site, { emailHash: unique("h"), authorName: "Ann Lee" });
    const held = comment(site, { status: "pending", emailHash: unique("h") });
    const anonymous = comment(site);
    const all = [approved, held, anonymous].map((c) => ({ ...c, threadKey: page }));
    await insertComments(env.DB, all, { siteId: site }).run();
    await insertKnownAuthors(env.DB, { commentIds: all.map((c) => c.id) }, at).run();
    const hashes = [approved.emailHash, held.emailHash];
    expect(await knownIn(site, hashes)).toEqual([
      { email_hash: approved.emailHash, name_key: "ann lee", approved_at: at },
    ]);
    // Known once: a later approval keeps the first.
    await insertKnownAuthors(env.DB, { commentIds: [approved.id] }, "2027-01-01").run();
    expect((await knownIn(site, hashes))[0]!.approved_at).toBe(at);
  });

  it("marks the authors of comments in hand, before they are stored", async () => {
    const site = await openSite();
    const approved = comment(site, { emailHash: unique("h"), authorName: "Bo" });
    const spam = comment(site, { status: "spam", emailHash: unique("h") });
    await insertKnownAuthors(env.DB, { comments: [approved, spam, comment(site)] }, at).run();
    expect(await knownIn(site, [approved.emailHash, spam.emailHash])).toEqual([
      { email_hash: approved.emailHash, name_key: "bo", approved_at: at },
    ]);
    expect(await count(`SELECT COUNT(*) AS n FROM comments WHERE site_id = ?1`, site)).toBe(0);
  });
});
