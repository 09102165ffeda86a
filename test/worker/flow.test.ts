import { describe, expect, it } from "vitest";
import { call, createSite, json, listComments, postComment, postOk, unique } from "../helpers";

describe("basic flow", () => {
  it("posts and lists", async () => {
    const site = await createSite({ moderation: "none", minSubmitSeconds: 0 });
    const page = unique("/p");
    const posted = await postOk({ site, page, body: "Hello **world** https://x.example" });
    expect(posted.comment.status).toBe("approved");
    const reply = await postOk({ site, page, parentId: posted.comment.id, body: "a reply" });
    const list = await listComments(site, page);
    expect(list.thread.count).toBe(2);
    expect(list.comments[0].replies[0].id).toBe(reply.comment.id);
    console.log(JSON.stringify(list, null, 1));
    const bad = await postComment({ site, page, email: "nope" });
    console.log(bad.status, await bad.text());
    const r = await call("/api/openapi.json");
    console.log(r.status, (await r.text()).slice(0, 300));
  });
});
