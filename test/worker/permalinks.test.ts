/** Links to a comment: where it is, when the first page does not show it. */
import { beforeAll, describe, expect, it } from "vitest";
import type { SeedComment } from "../../bench/seed-data";
import { call, createSite, listComments, origin, expectError } from "../helpers";
import { setStatus } from "../mod-api";
import { importThreads } from "../seed";

const key = "/linked";
const pad = (n: number) => String(n).padStart(4, "0");
let site: string;

/** 60 roots a minute apart; root 45 has 70 replies, the last one three deep. */
function thread() {
  const start = Date.parse("2026-03-01T00:00:00.000Z");
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  const comment = (id: string, parentId: string | null, minutes: number): SeedComment => ({
    id,
    parentId,
    status: "approved",
    author: { name: id, email: null, website: null },
    body: `Text of ${id}`,
    reasons: [],
    createdAt: at(minutes),
  });
  const comments: SeedComment[] = [];
  for (let index = 0; index < 60; index += 1)
    comments.push(comment(`c_root_${pad(index)}`, null, index));
  for (let index = 0; index < 70; index += 1) {
    comments.push(comment(`c_reply_${pad(index)}`, "c_root_0045", 100 + index));
  }
  comments.push(
    comment("c_deep_0001", "c_reply_0069", 200),
    comment("c_deep_0002", "c_deep_0001", 201),
  );
  return { key, url: `${origin}${key}`, title: "Linked", comments };
}

async function context(id: string, query = ""): Promise<any> {
  const res = await call(`/api/comments/${id}/context${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

beforeAll(async () => {
  site = await createSite({ maxDepth: 10 });
  await importThreads(site, [thread()]);
});

describe("GET /api/comments/:id/context", () => {
  it("gives the cursor of the list page that starts at the comment's root", async () => {
    const answer = await context("c_root_0045");
    expect(answer).toEqual({ rootId: "c_root_0045", pageCursor: expect.any(String), branch: [] });
    const page = await listComments(site, key, `&cursor=${answer.pageCursor}`);
    expect(page.comments[0].id).toBe("c_root_0045");
  });

  it("follows the list's order", async () => {
    const answer = await context("c_root_0045", "?sort=newest");
    const page = await listComments(site, key, `&sort=newest&cursor=${answer.pageCursor}`);
    expect(page.comments[0].id).toBe("c_root_0045");
    expect((await context("c_root_0000")).pageCursor).toBeNull();
    expect((await context("c_root_0059", "?sort=newest")).pageCursor).toBeNull();
  });

  it("gives the replies from the root down to a reply the root's first replies leave out", async () => {
    const answer = await context("c_deep_0002");
    expect(answer.rootId).toBe("c_root_0045");
    expect(answer.branch.map((reply: { id: string }) => reply.id)).toEqual([
      "c_reply_0069",
      "c_deep_0001",
      "c_deep_0002",
    ]);
    expect(answer.branch[2]).toMatchObject({
      parentId: "c_deep_0001",
      html: "<p>Text of c_deep_0002</p>",
      replies: [],
    });
    expect(JSON.stringify(answer)).not.toContain("email");
  });

  it("answers 404 for a comment readers cannot see, or one below a comment they cannot", async () => {
    await expectError(await call("/api/comments/c_nosuchcomment/context"), 404, "not_found");
    await setStatus("c_deep_0001", "pending");
    await expectError(await call("/api/comments/c_deep_0002/context"), 404, "not_found");
    await expectError(await call("/api/comments/c_deep_0001/context"), 404, "not_found");
    await setStatus("c_deep_0001", "approved");
    expect((await context("c_deep_0002")).rootId).toBe("c_root_0045");
  });
});
