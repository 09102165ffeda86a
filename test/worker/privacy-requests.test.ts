/** Privacy requests: export everything stored about an email address, or erase it. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, listComments, postOk, unique, openSite } from "../helpers";
import { ban, mod, modJson, queue, setStatus } from "../mod-api";

/** Every row of every table, as text. */
async function everyRow(): Promise<string> {
  const tables = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`,
  ).all<{ name: string }>();
  const dumps = await env.DB.batch(
    tables.results.map(({ name }) => env.DB.prepare(`SELECT * FROM "${name}"`)),
  );
  return JSON.stringify(dumps.map((dump) => dump.results));
}

async function storedTraces(ids: string[]): Promise<string[]> {
  const rows = await env.DB.prepare(
    `SELECT email_hash, email_encrypted, avatar, network_hash FROM comments
     WHERE id IN (SELECT value FROM json_each(?1))`,
  )
    .bind(JSON.stringify(ids))
    .all<Record<string, string | null>>();
  const bans = await env.DB.prepare(
    `SELECT email_encrypted FROM bans WHERE email_encrypted IS NOT NULL AND value_hash IN
       (SELECT email_hash FROM comments WHERE id IN (SELECT value FROM json_each(?1)))`,
  )
    .bind(JSON.stringify(ids))
    .all<{ email_encrypted: string }>();
  return [
    ...rows.results.flatMap((row) => Object.values(row)),
    ...bans.results.map((row) => row.email_encrypted),
  ].filter((value): value is string => !!value);
}

type Ids = Record<
  | "answered"
  | "leaf"
  | "reply"
  | "chainRoot"
  | "chainReply"
  | "elsewhere"
  | "other"
  | "othersReply",
  string
>;

/**
 * An author with comments on two sites (a root someone answered, a leaf kept with its
 * Idempotency-Key answer, a reply under someone else, a chain of their own, one elsewhere),
 * known on one site and banned on both.
 */
let authors = 0;
async function authorWithHistory() {
  const email = `${unique("Private.Person")}@Example.com`;
  const name = unique("Private Person");
  const personal = {
    email,
    name,
    website: `https://${name.replaceAll(" ", "-").toLowerCase()}.example`,
  };
  authors += 1;
  const address = { "CF-Connecting-IP": `192.0.2.${authors}` };
  const page = unique("/privacy");
  const site = await openSite({ moderation: "first-time" });
  const otherSite = await openSite();
  const ids = {} as Ids;
  const post = async (options: Record<string, unknown>) =>
    (await postOk({ site, page, headers: address, ...personal, ...options })).comment.id;
  const postOther = async (parentId?: string) => {
    const { comment } = await postOk({
      site,
      page,
      parentId,
      email: "other@example.com",
      name: "Other",
    });
    await setStatus(comment.id, "approved");
    return comment.id;
  };

  ids.other = await postOther();
  ids.answered = await post({});
  await setStatus(ids.answered, "approved");
  ids.othersReply = await postOther(ids.answered);
  ids.leaf = await post({ headers: { ...address, "Idempotency-Key": unique("idem") } });
  ids.reply = await post({ parentId: ids.other });
  ids.chainRoot = await post({});
  ids.chainReply = await post({ parentId: ids.chainRoot });
  ids.elsewhere = (
    await postOk({ site: otherSite, page, ...personal, headers: address })
  ).comment.id;
  await ban({ site, email: email.toLowerCase(), scope: "author", reason: "privacy test" });
  await ban({ site: otherSite, commentId: ids.elsewhere, scope: "author" });
  const mine = [ids.answered, ids.leaf, ids.reply, ids.chainRoot, ids.chainReply, ids.elsewhere];
  return {
    email,
    personal,
    page,
    site,
    otherSite,
    ids,
    mine,
    query: `?email=${encodeURIComponent(email)}`,
  };
}

async function erase(email: string): Promise<any> {
  return modJson("DELETE", `/api/mod/authors?email=${encodeURIComponent(email)}`);
}

describe("a privacy request", () => {
  it("exports every comment on every site with the email, the bans and the known sites", async () => {
    const { email, personal, ids, site, otherSite, page, query } = await authorWithHistory();
    const data = await modJson("GET", `/api/mod/authors${query}`);
    expect(data.email).toBe(email.toLowerCase());
    expect(data.comments.map((comment: any) => comment.id).sort()).toEqual(
      [ids.answered, ids.leaf, ids.reply, ids.chainRoot, ids.chainReply, ids.elsewhere].sort(),
    );
    for (const comment of data.comments) {
      expect(comment).toMatchObject({
        email: email.toLowerCase(),
        author: { name: personal.name },
      });
      expect(comment.thread.key).toBe(page);
    }
    expect(new Set(data.comments.map((comment: any) => comment.site))).toEqual(
      new Set([site, otherSite]),
    );
    expect(data.bans.map((entry: any) => [entry.site, entry.email])).toEqual(
      expect.arrayContaining([
        [site, email.toLowerCase()],
        [otherSite, email.toLowerCase()],
      ]),
    );
    // Known where a moderator approved them, and where the site approved them unasked.
    expect(data.knownOnSites).toEqual([site, otherSite].sort());
  });

  it("erases the author so that no table holds their email, its hash or its sealed form", async () => {
    const { email, personal, mine } = await authorWithHistory();
    const traces = await storedTraces(mine);
    expect(traces.length).toBeGreaterThan(10);
    const before = await everyRow();
    for (const trace of traces) expect(before).toContain(trace);

    expect(
      await modJson("DELETE", `/api/mod/authors?email=${encodeURIComponent(email.toUpperCase())}`),
    ).toEqual({
      erased: 6,
      moderatorAccount: null,
    });

    const after = await everyRow();
    expect(after.toLowerCase()).not.toContain(email.toLowerCase());
    expect(after).not.toContain(personal.name);
    expect(after).not.toContain(personal.website.slice("https://".length));
    for (const trace of traces) expect(after).not.toContain(trace);
  });

  it("leaves a tombstone where someone else's reply hangs below, and nothing of the rest", async () => {
    const { email, ids, site, page } = await authorWithHistory();
    await erase(email);
    const { comments, thread } = await listComments(site, page);
    const answered = comments.find((comment: any) => comment.id === ids.answered);
    expect(answered).toMatchObject({
      deleted: true,
      html: "",
      author: { name: "", website: null },
    });
    expect(answered.replies.map((reply: any) => reply.id)).toEqual([ids.othersReply]);
    const other = comments.find((comment: any) => comment.id === ids.other);
    expect(other.replies).toEqual([]);
    expect(thread.count).toBe(2);

    const gone = [ids.leaf, ids.reply, ids.chainRoot, ids.chainReply, ids.elsewhere];
    const rows = await env.DB.prepare(
      `SELECT id FROM comments WHERE id IN (SELECT value FROM json_each(?1))
       UNION ALL SELECT comment_id FROM idempotency_keys WHERE comment_id IN (SELECT value FROM json_each(?1))`,
    )
      .bind(JSON.stringify(gone))
      .all();
    expect(rows.results).toEqual([]);
    const queueIds = (await queue(site)).map((comment) => comment.id);
    expect(queueIds).toEqual(expect.arrayContaining([ids.other, ids.othersReply, ids.answered]));
    expect(queueIds).toHaveLength(3);
  });

  it("finds nothing more to export or erase afterwards", async () => {
    const { email, query } = await authorWithHistory();
    await erase(email);
    expect(await modJson("GET", `/api/mod/authors${query}`)).toEqual({
      email: email.toLowerCase(),
      moderatorAccount: null,
      comments: [],
      bans: [],
      knownOnSites: [],
      verifiedOnSites: [],
      mail: { subscriptions: [], recipientOn: [], queuedMail: 0 },
    });
    expect(await modJson("DELETE", `/api/mod/authors${query}`)).toEqual({
      erased: 0,
      moderatorAccount: null,
    });
  });

  it("treats the erased author as a stranger when they come back", async () => {
    const { email, personal, site, query } = await authorWithHistory();
    await erase(email);
    const again = await postOk({ site, page: unique("/back"), ...personal });
    expect(again.comment.status).toBe("pending");
    expect((await modJson("GET", `/api/mod/authors${query}`)).comments).toHaveLength(1);
  });

  it("refuses a request without a valid email", async () => {
    expect((await mod("GET", "/api/mod/authors")).status).toBe(400);
    expect((await mod("DELETE", "/api/mod/authors?email=not-an-email")).status).toBe(400);
  });

  it("lists a moderator account under the address, and says erase leaves it to the owner to revoke", async () => {
    const email = `${unique("moderating.reader")}@example.com`.toLowerCase();
    const site = await openSite();
    await postOk({ site, page: unique("/mod-reader"), email });
    const made = await modJson("POST", "/api/mod/moderators", {
      name: "Mo Reader",
      email,
      sites: [site],
    });
    const query = `?email=${encodeURIComponent(email)}`;
    const exported = await modJson("GET", `/api/mod/authors${query}`);
    expect(exported.moderatorAccount).toEqual({
      id: made.moderator.id,
      name: "Mo Reader",
      role: "moderator",
      sites: [site],
      createdAt: made.moderator.createdAt,
    });

    const erased = await modJson("DELETE", `/api/mod/authors${query}`);
    expect(erased).toEqual({
      erased: 1,
      moderatorAccount: { id: made.moderator.id, name: "Mo Reader" },
    });
    // Still signed in: a privacy request does not lock a moderator out; the owner revokes.
    const me = await call("/api/mod/me", { headers: { Authorization: `Bearer ${made.token}` } });
    expect(me.status).toBe(200);
    expect((await mod("DELETE", `/api/mod/moderators/${made.moderator.id}`)).status).toBe(204);
    // Revoking forgets the address and the token's hash; the name stays for the audit log.
    const rows = await everyRow();
    expect(rows.toLowerCase()).not.toContain(email);
    const [account] = (
      await env.DB.prepare(`SELECT * FROM moderators WHERE id = ?1`).bind(made.moderator.id).all()
    ).results;
    expect(account).toMatchObject({ name: "Mo Reader", email_encrypted: "", email_hash: "" });
    expect((await modJson("GET", `/api/mod/authors${query}`)).moderatorAccount).toBeNull();
  });
});
