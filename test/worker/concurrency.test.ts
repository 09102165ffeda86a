import { describe, expect, it } from "vitest";
import { rows } from "../sql";
import { listComments, postComment, unique, openSite, expectError } from "../helpers";

describe("concurrent posting", () => {
  it("loses nothing when 50 first comments race on one new page", async () => {
    const site = await openSite();
    const page = unique("/rush");
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        postComment({
          site,
          page,
          name: `Reader ${index}`,
          email: `reader${index}@rush.example`,
          body: `Comment number ${index}`,
          headers: { "CF-Connecting-IP": `198.51.100.${index + 1}` },
        }),
      ),
    );
    const statuses = responses.map((res) => res.status);
    expect(statuses).toEqual(Array(50).fill(201));
    const ids = await Promise.all(
      responses.map(async (res) => (await res.json<{ comment: { id: string } }>()).comment.id),
    );
    expect(new Set(ids).size).toBe(50);

    const threads = await rows(
      `SELECT id FROM threads WHERE site_id = ?1 AND key = ?2`,
      site,
      page,
    );
    expect(threads).toHaveLength(1);
    const [stored] = await rows<{ count: number }>(
      `SELECT COUNT(*) AS count FROM comments WHERE site_id = ?1`,
      site,
    );
    expect(stored!.count).toBe(50);

    const list = await listComments(site, page, "&limit=100");
    expect(list.thread.count).toBe(50);
    expect(list.comments.map((comment: { id: string }) => comment.id).sort()).toEqual(
      [...ids].sort(),
    );
  });

  it("stores one comment when the same Idempotency-Key races 20 times, and answers all alike", async () => {
    const site = await openSite();
    const page = unique("/retry");
    const key = unique("key");
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        postComment({ site, page, body: "Posted once", headers: { "Idempotency-Key": key } }),
      ),
    );
    const bodies = await Promise.all(responses.map((res) => res.text()));
    expect(responses.map((res) => res.status)).toEqual(Array(20).fill(201));
    const answers = bodies.map((text) => JSON.parse(text));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0].comment.id).toMatch(/^c_/);
    expect(answers[0].editToken).toEqual(expect.any(String));

    const stored = await rows(`SELECT id FROM comments WHERE site_id = ?1`, site);
    expect(stored).toEqual([{ id: answers[0].comment.id }]);
    expect((await listComments(site, page)).thread.count).toBe(1);
  });

  it("replays the original answer to a later retry with the same key", async () => {
    const site = await openSite();
    const page = unique("/later");
    const headers = { "Idempotency-Key": unique("key") };
    const first = await postComment({ site, page, body: "Once", headers });
    const again = await postComment({ site, page, body: "Once", headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
  });

  it("refuses a key reused for a different comment with 409", async () => {
    const site = await openSite();
    const page = unique("/reuse");
    const headers = { "Idempotency-Key": unique("key") };
    expect((await postComment({ site, page, body: "First text", headers })).status).toBe(201);
    const reused = await postComment({ site, page, body: "Other text", headers });
    await expectError(reused, 409, "duplicate");
    const stored = await rows(`SELECT id FROM comments WHERE site_id = ?1`, site);
    expect(stored).toHaveLength(1);
  });

  it("refuses an Idempotency-Key that is not printable ASCII", async () => {
    const site = await openSite();
    const res = await postComment({
      site,
      page: unique("/badkey"),
      headers: { "Idempotency-Key": "x".repeat(300) },
    });
    const body = await expectError(res, 400, "invalid_input");
    expect(Object.keys(body.error.fields ?? {})).toEqual(["Idempotency-Key"]);
  });
});
