/**
 * The storage helpers every query leans on: a table's column map (storage/columns.ts) and
 * parameters numbered as the SQL is written (storage/parameters.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { columns, flag, jsonList } from "../../worker/storage/columns";
import { commentColumns, commentFrom, selectComment } from "../../worker/storage/comments";
import { numbered, statement } from "../../worker/storage/parameters";
import { openSite, postOk, unique } from "../helpers";

interface Note {
  id: string;
  authorName: string;
  tags: string[];
  pinned: boolean;
}

const noteColumns = columns<Note>({
  id: "id",
  authorName: "author_name",
  tags: { column: "tags", from: jsonList },
  pinned: { column: "pinned", from: flag },
});

describe("a column map", () => {
  it("gives the column list, bare or under a table's alias", () => {
    expect(noteColumns.list()).toBe("id, author_name, tags, pinned");
    expect(noteColumns.list("n")).toBe("n.id, n.author_name, n.tags, n.pinned");
  });

  it("maps a row's snake_case columns to the object's properties, converting where told", () => {
    const row = { id: "n1", author_name: "Ann", tags: '["a","b"]', pinned: 1 };
    expect(noteColumns.from(row)).toEqual({
      id: "n1",
      authorName: "Ann",
      tags: ["a", "b"],
      pinned: true,
    });
    expect(noteColumns.from({ id: "n2", author_name: "Bo", tags: null, pinned: 0 })).toEqual({
      id: "n2",
      authorName: "Bo",
      tags: [],
      pinned: false,
    });
  });

  it("writes a computed column as its SQL under the column's name, whatever the alias", () => {
    const computed = columns<{ id: string; title: string }>({
      id: "id",
      title: { column: "title", sql: "COALESCE(t.title, t.key)" },
    });
    expect(computed.list("t")).toBe("t.id, COALESCE(t.title, t.key) AS title");
  });

  it("narrows to some properties and adds others, keeping the map's order", () => {
    const narrowed = noteColumns.pick("tags", "id").with<{ size: number }>({ size: "size" });
    expect(narrowed.keys).toEqual(["id", "tags", "size"]);
    expect(narrowed.list()).toBe("id, tags, size");
    expect(narrowed.from({ id: "n1", tags: "[]", size: 3, author_name: "Ann" })).toEqual({
      id: "n1",
      tags: [],
      size: 3,
    });
    expect(noteColumns.omit("tags", "pinned").list()).toBe("id, author_name");
  });

  it("maps the first row of a result, or none, and every row", () => {
    const result = { results: [{ id: "n1", author_name: "Ann", tags: "[]", pinned: 0 }] };
    expect(noteColumns.first(result as unknown as D1Result)).toMatchObject({ id: "n1" });
    expect(noteColumns.first(undefined)).toBeNull();
    expect(noteColumns.all({ results: [] } as unknown as D1Result)).toEqual([]);
  });

  it("reads a stored comment whole: every property of the record, from D1", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/columns"), body: "Hello **there**" });
    const comment = commentFrom(await selectComment(env.DB, posted.comment.id).all());
    expect(Object.keys(comment!)).toEqual(commentColumns.keys);
    expect(comment).toMatchObject({
      id: posted.comment.id,
      siteId: site,
      depth: 1,
      status: "approved",
      body: "Hello **there**",
      reasons: [],
      editedAt: null,
      likeCount: 0,
      verifiedAt: null,
    });
    expect(typeof comment!.threadId).toBe("number");
  });
});

describe("numbered parameters", () => {
  it("numbers each value in the order the SQL is written, and a reused one once", () => {
    const { sql, values } = numbered((p) => {
      const site = p("s1");
      return `WHERE site_id = ${site} AND key IN (${["a", "b"].map(p).join(", ")}) OR site = ${site}`;
    });
    expect(sql).toBe("WHERE site_id = ?1 AND key IN (?2, ?3) OR site = ?1");
    expect(values).toEqual(["s1", "a", "b"]);
  });

  it("leaves out a clause's parameter with the clause, so later ones close up", () => {
    const query = (after: string | null) =>
      numbered(
        (p) => `WHERE root_id = ${p("r1")} ${after ? `AND id > ${p(after)}` : ""} LIMIT ${p(10)}`,
      );
    expect(query("c9")).toEqual({
      sql: "WHERE root_id = ?1 AND id > ?2 LIMIT ?3",
      values: ["r1", "c9", 10],
    });
    expect(query(null)).toEqual({ sql: "WHERE root_id = ?1  LIMIT ?2", values: ["r1", 10] });
  });

  it("gives D1 exactly the values its statement numbers", async () => {
    const select = (extra: number | null) =>
      statement(
        env.DB,
        (p) => `SELECT ${p(1)} + ${p(2)} ${extra === null ? "" : `+ ${p(extra)}`} AS n`,
      ).first<{ n: number }>();
    expect(await select(null)).toEqual({ n: 3 });
    expect(await select(4)).toEqual({ n: 7 });
  });
});
