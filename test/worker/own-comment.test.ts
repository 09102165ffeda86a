import { describe, expect, it } from "vitest";
import { rows, sql } from "../sql";
import {
  call,
  createSite,
  json,
  listComments,
  postOk,
  unique,
  openSite,
  expectError,
} from "../helpers";
import { backdateComment, bearer } from "../public-api";

function getComment(id: string, headers: Record<string, string> = {}) {
  return call(`/api/comments/${id}`, { headers });
}

function patchComment(id: string, token: string | null, body: unknown) {
  return call(`/api/comments/${id}`, json("PATCH", body, token ? bearer(token) : {}));
}

function deleteComment(id: string, token: string | null) {
  return call(`/api/comments/${id}`, { method: "DELETE", headers: token ? bearer(token) : {} });
}

describe("GET /api/comments/:id", () => {
  it("shows an approved comment with its replies to anyone", async () => {
    const site = await openSite();
    const page = unique("/one");
    const root = await postOk({ site, page, body: "root" });
    const reply = await postOk({ site, page, parentId: root.comment.id, body: "reply" });
    const res = await getComment(root.comment.id);
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(Object.keys(body).sort()).toEqual(
      [
        "author",
        "createdAt",
        "editedAt",
        "html",
        "id",
        "moreReplies",
        "parentId",
        "replies",
        "repliesCursor",
      ].sort(),
    );
    expect(body.html).toBe("<p>root</p>");
    expect(body.replies.map((r: { id: string }) => r.id)).toEqual([reply.comment.id]);
  });

  it("shows a pending comment only to the holder of its edit token", async () => {
    const site = await createSite({ minSubmitSeconds: 0 });
    const posted = await postOk({ site, page: unique("/mine") });
    expect(posted.comment.status).toBe("pending");
    await expectError(await getComment(posted.comment.id), 404, "not_found");
    const other = await postOk({ site, page: unique("/theirs"), email: "bo@x.example" });
    await expectError(
      await getComment(posted.comment.id, bearer(other.editToken)),
      401,
      "unauthorized",
    );
    const own = await getComment(posted.comment.id, bearer(posted.editToken));
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual(posted.comment);
  });

  it("shows its author an approved comment with its replies and its status", async () => {
    const site = await openSite();
    const page = unique("/own-approved");
    const root = await postOk({ site, page, body: "root" });
    const reply = await postOk({ site, page, parentId: root.comment.id, body: "reply" });
    const res = await getComment(root.comment.id, bearer(root.editToken));
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.status).toBe("approved");
    expect(body.replies.map((r: { id: string }) => r.id)).toEqual([reply.comment.id]);
  });

  it("answers 404 for unknown ids and 400 for malformed ones", async () => {
    await expectError(await getComment("c_neverexisted0"), 404, "not_found");
    const body = await expectError(await getComment("nope"), 400, "invalid_input");
    expect(Object.keys(body.error.fields!)).toEqual(["id"]);
  });
});

describe("PATCH /api/comments/:id", () => {
  it("re-renders an edit inside the window and marks it edited", async () => {
    const site = await openSite();
    const page = unique("/edit");
    const posted = await postOk({ site, page, body: "frist" });
    const res = await patchComment(posted.comment.id, posted.editToken, { body: "**first**" });
    expect(res.status).toBe(200);
    const { comment } = await res.json<any>();
    expect(comment).toMatchObject({
      id: posted.comment.id,
      html: "<p><strong>first</strong></p>",
      status: "approved",
      createdAt: posted.comment.createdAt,
    });
    expect(Date.parse(comment.editedAt)).toBeGreaterThanOrEqual(
      Date.parse(posted.comment.createdAt as string),
    );
    const list = await listComments(site, page);
    expect(list.comments[0]).toMatchObject({ html: "<p><strong>first</strong></p>" });
    expect(list.comments[0].editedAt).toBe(comment.editedAt);
  });

  it("runs the rules again: hold words and too many links hold an edited comment", async () => {
    const site = await openSite({ holdWords: ["casino"], maxLinks: 1 });
    const page = unique("/rerun");
    const words = await postOk({ site, page, body: "innocent" });
    const held = await patchComment(words.comment.id, words.editToken, { body: "visit my casino" });
    expect((await held.json<any>()).comment.status).toBe("pending");

    const links = await postOk({ site, page, body: "one link https://a.example" });
    expect(links.comment.status).toBe("approved");
    const many = await patchComment(links.comment.id, links.editToken, {
      body: "https://a.example and https://b.example",
    });
    expect((await many.json<any>()).comment.status).toBe("pending");

    const list = await listComments(site, page);
    expect(list.comments).toEqual([]);
    expect(list.thread.count).toBe(0);
  });

  it("marks an edit that adds a block word as spam, shown to its author as pending", async () => {
    const site = await openSite({ blockWords: ["viagra"] });
    const posted = await postOk({ site, page: unique("/block") });
    const res = await patchComment(posted.comment.id, posted.editToken, { body: "cheap VIAGRA" });
    expect((await res.json<any>()).comment.status).toBe("pending");
    const [row] = await rows<{ status: string }>(
      `SELECT status FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row!.status).toBe("spam");
  });

  it("never lets an edit promote a comment stored as spam", async () => {
    const site = await openSite();
    const bot = await postOk({
      site,
      page: unique("/bot-edit"),
      extra: { honeypot: "filled by a bot" },
    });
    const res = await patchComment(bot.comment.id, bot.editToken, { body: "now harmless" });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).comment.status).toBe("pending");
    const [row] = await rows<{ status: string }>(
      `SELECT status FROM comments WHERE id = ?1`,
      bot.comment.id,
    );
    expect(row!.status).toBe("spam");
  });

  it("never lets an edit promote a comment a moderator rejected", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/rejected-edit") });
    await sql(`UPDATE comments SET status = 'rejected' WHERE id = ?1`, posted.comment.id);
    const res = await patchComment(posted.comment.id, posted.editToken, { body: "please?" });
    expect((await res.json<any>()).comment.status).toBe("pending");
    const [row] = await rows<{ status: string }>(
      `SELECT status FROM comments WHERE id = ?1`,
      posted.comment.id,
    );
    expect(row!.status).toBe("rejected");
  });

  it("refuses an edit after the window with 403 edit_window_closed", async () => {
    const site = await openSite({ editWindowSeconds: 60 });
    const posted = await postOk({ site, page: unique("/late") });
    await backdateComment(posted.comment.id, 61);
    const res = await patchComment(posted.comment.id, posted.editToken, { body: "too late" });
    await expectError(res, 403, "edit_window_closed");
    await expectError(
      await deleteComment(posted.comment.id, posted.editToken),
      403,
      "edit_window_closed",
    );
  });

  it("needs the comment's own edit token", async () => {
    const site = await openSite();
    const page = unique("/token");
    const posted = await postOk({ site, page });
    const other = await postOk({ site, page });
    await expectError(
      await patchComment(posted.comment.id, null, { body: "x" }),
      401,
      "unauthorized",
    );
    await expectError(
      await patchComment(posted.comment.id, other.editToken, { body: "x" }),
      401,
      "unauthorized",
    );
    await expectError(
      await patchComment(posted.comment.id, `${posted.editToken}x`, { body: "x" }),
      401,
      "unauthorized",
    );
  });

  it("validates the new body against the site's maxLength", async () => {
    const site = await openSite({ maxLength: 20 });
    const posted = await postOk({ site, page: unique("/len"), body: "short" });
    for (const body of ["x".repeat(21), "  ", 42]) {
      const res = await patchComment(posted.comment.id, posted.editToken, { body });
      const error = await expectError(res, 400, "invalid_input");
      expect(Object.keys(error.error.fields!)).toEqual(["body"]);
    }
  });
});

describe("DELETE /api/comments/:id", () => {
  it("removes a comment without replies entirely", async () => {
    const site = await openSite();
    const page = unique("/gone");
    const posted = await postOk({ site, page });
    await expectError(await deleteComment(posted.comment.id, null), 401, "unauthorized");
    const res = await deleteComment(posted.comment.id, posted.editToken);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await getComment(posted.comment.id), 404, "not_found");
    expect(await rows(`SELECT id FROM comments WHERE id = ?1`, posted.comment.id)).toEqual([]);
    const list = await listComments(site, page);
    expect(list.comments).toEqual([]);
    expect(list.thread.count).toBe(0);
  });

  it("leaves a tombstone without personal data when the comment has replies", async () => {
    const site = await openSite();
    const page = unique("/stone");
    const root = await postOk({ site, page, body: "private words", website: "https://me.example" });
    await postOk({ site, page, parentId: root.comment.id, email: "bo@x.example" });
    expect((await deleteComment(root.comment.id, root.editToken)).status).toBe(204);

    const res = await getComment(root.comment.id);
    expect(res.status).toBe(200);
    const tombstone = await res.json<any>();
    expect(tombstone).toMatchObject({
      deleted: true,
      html: "",
      author: { name: "", website: null },
    });
    const [row] = await rows(
      `SELECT author_name, author_website, email_encrypted, email_hash, network_hash, body, html
       FROM comments WHERE id = ?1`,
      root.comment.id,
    );
    expect(Object.values(row!).every((value) => value === "" || value === null)).toBe(true);
    // The token no longer reaches a deleted comment.
    await expectError(
      await patchComment(root.comment.id, root.editToken, { body: "back" }),
      404,
      "not_found",
    );
  });
});
