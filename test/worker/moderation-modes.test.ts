/** Moderation modes, and the rules run again on an author's edit. */
import { describe, expect, it } from "vitest";
import { call, createSite, json, listComments, postOk, unique, openSite } from "../helpers";
import { ban, mod, queued, setStatus } from "../mod-api";

describe("moderation modes", () => {
  it("holds a first-time author until a moderator approves one of their comments", async () => {
    const site = await createSite({ minSubmitSeconds: 0 });
    const email = `${unique("new")}@example.com`;
    const first = await postOk({ site, page: unique("/p"), email });
    expect(first.comment.status).toBe("pending");
    expect((await queued(site, first.comment.id)).reasons).toEqual(["first-time-author"]);
    const second = await postOk({ site, page: unique("/p"), email });
    expect(second.comment.status).toBe("pending");

    await setStatus(first.comment.id, "approved");
    expect((await postOk({ site, page: unique("/p"), email })).comment.status).toBe("approved");
    const stranger = await postOk({ site, page: unique("/p"), email: "other@example.com" });
    expect(stranger.comment.status).toBe("pending");
    const otherSite = await createSite({ minSubmitSeconds: 0 });
    expect((await postOk({ site: otherSite, page: unique("/p"), email })).comment.status).toBe(
      "pending",
    );
  });

  it("lets through authors approved before the site switched to first-time mode", async () => {
    const site = await openSite({ moderation: "none" });
    const email = `${unique("regular")}@example.com`;
    expect((await postOk({ site, page: unique("/p"), email })).comment.status).toBe("approved");
    const res = await mod("PUT", `/api/mod/sites/${site}`, {
      name: "Switched",
      origins: ["https://blog.example"],
      settings: { moderation: "first-time", minSubmitSeconds: 0 },
    });
    expect(res.status).toBe(200);
    expect((await postOk({ site, page: unique("/p"), email })).comment.status).toBe("approved");
    expect((await postOk({ site, page: unique("/p") })).comment.status).toBe("pending");
  });

  it("holds everything in mode all and nothing in mode none", async () => {
    const all = await openSite({ moderation: "all" });
    const none = await openSite({ moderation: "none" });
    const held = await postOk({ site: all, page: unique("/p") });
    expect(await queued(all, held.comment.id)).toMatchObject({
      status: "pending",
      reasons: ["moderation-all"],
    });
    expect((await postOk({ site: none, page: unique("/p") })).comment.status).toBe("approved");
  });
});

describe("an author's edit", () => {
  async function edit(id: string, token: string, body: string): Promise<any> {
    const res = await call(
      `/api/comments/${id}`,
      json("PATCH", { body }, { Authorization: `Bearer ${token}` }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as any).comment;
  }

  it("runs the rules again on the new text", async () => {
    const site = await openSite({ blockWords: ["casino"], holdWords: ["refund"] });
    const page = unique("/p");
    const spam = await postOk({ site, page });
    const held = await postOk({ site, page });
    expect((await edit(spam.comment.id, spam.editToken, "Visit my casino")).status).toBe("pending");
    expect((await edit(held.comment.id, held.editToken, "Give me a refund")).status).toBe(
      "pending",
    );
    expect(await queued(site, spam.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["block-word:casino"],
    });
    expect(await queued(site, held.comment.id)).toMatchObject({
      status: "pending",
      reasons: ["hold-word:refund"],
    });
    expect((await listComments(site, page)).comments).toEqual([]);
  });

  it("keeps spam and rejected comments put aside when their authors edit them", async () => {
    const site = await openSite();
    const trapped = await postOk({ site, page: unique("/p"), extra: { honeypot: "x" } });
    const rejected = await postOk({ site, page: unique("/p") });
    await setStatus(rejected.comment.id, "rejected");
    expect((await edit(trapped.comment.id, trapped.editToken, "Innocent now")).status).toBe(
      "pending",
    );
    expect((await edit(rejected.comment.id, rejected.editToken, "Please?")).status).toBe("pending");
    expect(await queued(site, trapped.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["honeypot"],
    });
    expect((await queued(site, rejected.comment.id)).status).toBe("rejected");
  });

  it("stores an edit by an author banned since posting as spam", async () => {
    const site = await openSite();
    const posted = await postOk({
      site,
      page: unique("/p"),
      email: `${unique("late")}@example.com`,
    });
    await ban({ site, commentId: posted.comment.id, scope: "author" });
    expect((await edit(posted.comment.id, posted.editToken, "Edited")).status).toBe("pending");
    expect(await queued(site, posted.comment.id)).toMatchObject({
      status: "spam",
      reasons: ["banned-author"],
    });
  });

  it("approves an edit that clears the reason it was held for", async () => {
    const site = await openSite({ holdWords: ["refund"] });
    const held = await postOk({ site, page: unique("/p"), body: "refund?" });
    expect(held.comment.status).toBe("pending");
    expect((await edit(held.comment.id, held.editToken, "Never mind, thanks")).status).toBe(
      "approved",
    );
  });
});
