/** The audit log: every moderator action leaves an entry, newest first. */
import { describe, expect, it } from "vitest";
import { postOk, unique, openSite } from "../helpers";
import { ban, mod, modJson, modLog, setStatus } from "../mod-api";

/** The entries written by one action: the log is newest first. */
async function after(site: string, action: () => Promise<unknown>): Promise<any[]> {
  const before = (await modLog(site)).length;
  await action();
  const entries = await modLog(site);
  return entries.slice(0, entries.length - before);
}

describe("the audit log", () => {
  it("records a status change with its from and to", async () => {
    const site = await openSite({ moderation: "all" });
    const { comment } = await postOk({ site, page: unique("/l") });
    const entries = await after(site, () => setStatus(comment.id, "approved"));
    expect(entries).toEqual([
      expect.objectContaining({
        action: "status",
        commentId: comment.id,
        from: "pending",
        to: "approved",
      }),
    ]);
    expect(Date.parse(entries[0].at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await after(site, () => setStatus(comment.id, "approved"))).toEqual([]);
  });

  it("records an edit, and an edit with a status change as two entries", async () => {
    const site = await openSite({ moderation: "all" });
    const { comment } = await postOk({ site, page: unique("/l") });
    const path = `/api/mod/comments/${comment.id}`;
    expect(await after(site, () => modJson("PATCH", path, { body: "Tidied up" }))).toEqual([
      expect.objectContaining({
        action: "edit",
        commentId: comment.id,
        from: "pending",
        to: "pending",
      }),
    ]);
    const both = await after(site, () => modJson("PATCH", path, { body: "Again", status: "spam" }));
    expect(both.map((entry) => [entry.action, entry.from, entry.to])).toEqual([
      ["status", "pending", "spam"],
      ["edit", "pending", "pending"],
    ]);
  });

  it("records a deletion", async () => {
    const site = await openSite();
    const { comment } = await postOk({ site, page: unique("/l") });
    const entries = await after(site, () => mod("DELETE", `/api/mod/comments/${comment.id}`));
    expect(entries).toEqual([
      expect.objectContaining({
        action: "delete",
        commentId: comment.id,
        from: "approved",
        to: null,
      }),
    ]);
  });

  it("records each comment a bulk change touched", async () => {
    const site = await openSite({ moderation: "all" });
    const a = await postOk({ site, page: unique("/l") });
    const b = await postOk({ site, page: unique("/l") });
    await setStatus(b.comment.id, "spam");
    const entries = await after(site, () =>
      modJson("POST", "/api/mod/comments/bulk", {
        ids: [a.comment.id, b.comment.id],
        status: "spam",
      }),
    );
    expect(entries).toEqual([
      expect.objectContaining({
        action: "status",
        commentId: a.comment.id,
        from: "pending",
        to: "spam",
      }),
    ]);
  });

  it("records bans and their lifting", async () => {
    const site = await openSite();
    const { comment } = await postOk({ site, page: unique("/l") });
    let byComment: any;
    const banned = await after(site, async () => {
      byComment = await ban({ site, commentId: comment.id, scope: "network" });
    });
    expect(banned).toEqual([
      expect.objectContaining({
        action: "ban-network",
        commentId: comment.id,
        detail: byComment.id,
      }),
    ]);
    let byEmail: any;
    const emailBan = await after(site, async () => {
      byEmail = await ban({ site, email: "someone@example.com", scope: "author" });
    });
    expect(emailBan).toEqual([
      expect.objectContaining({ action: "ban-author", commentId: null, detail: byEmail.id }),
    ]);
    expect(JSON.stringify(emailBan)).not.toContain("someone@example.com");
    const lifted = await after(site, () => mod("DELETE", `/api/mod/bans/${byComment.id}`));
    expect(lifted).toEqual([
      expect.objectContaining({
        action: "unban-network",
        commentId: comment.id,
        detail: byComment.id,
      }),
    ]);
  });

  it("records closing and reopening a thread, from one state to the other", async () => {
    const site = await openSite();
    const key = unique("/l");
    await postOk({ site, page: key });
    const thread = (closed: boolean) => () =>
      modJson("PATCH", "/api/mod/threads", { site, key, closed });
    expect(await after(site, thread(true))).toEqual([
      expect.objectContaining({ action: "close-thread", from: "open", to: "closed", detail: key }),
    ]);
    expect(await after(site, thread(false))).toEqual([
      expect.objectContaining({ action: "reopen-thread", from: "closed", to: "open", detail: key }),
    ]);
  });

  it("records an erasure on every site the author wrote on, without the email", async () => {
    const [one, two] = [await openSite(), await openSite()];
    const email = `${unique("erase")}@example.com`;
    await postOk({ site: one, page: unique("/l"), email });
    await postOk({ site: one, page: unique("/l"), email });
    await postOk({ site: two, page: unique("/l"), email });
    const before = (await modLog(two)).length;
    const entries = await after(one, () =>
      mod("DELETE", `/api/mod/authors?email=${encodeURIComponent(email)}`),
    );
    expect(entries).toEqual([
      expect.objectContaining({ action: "erase-author", detail: "2 comments" }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(email);
    expect((await modLog(two)).length).toBe(before + 1);
  });

  it("pages through the log with a cursor", async () => {
    const site = await openSite({ moderation: "all" });
    const { comment } = await postOk({ site, page: unique("/l") });
    for (const status of ["approved", "spam", "rejected", "approved"])
      await setStatus(comment.id, status);
    const first = await modJson("GET", `/api/mod/log?site=${site}&limit=3`);
    expect(first.entries.map((entry: any) => entry.to)).toEqual(["approved", "rejected", "spam"]);
    const rest = await modJson(
      "GET",
      `/api/mod/log?site=${site}&limit=3&cursor=${first.nextCursor}`,
    );
    expect(rest.entries.map((entry: any) => entry.to)).toEqual(["approved"]);
    expect(rest.nextCursor).toBeNull();
  });
});
