/**
 * Readers' reports: once per network per comment, within the posting limits; enough
 * networks send a comment back to review with the reason `reported`; moderators see the
 * reports in a `reported` view until their decision settles them.
 */
import { describe, expect, it } from "vitest";
import {
  call,
  json,
  listComments,
  openSite,
  origin,
  postOk,
  unique,
  expectError,
} from "../helpers";
import { modJson, modLog } from "../mod-api";

function report(id: string, network: string, body: unknown = { reason: "spam" }) {
  return call(
    `/api/comments/${id}/report`,
    json("POST", body, { "CF-Connecting-IP": network, Origin: origin }),
  );
}

async function reportedComment(settings: Record<string, unknown> = {}) {
  const site = await openSite(settings);
  const page = unique("/reported");
  const posted = await postOk({ site, page, body: "Buy cheap pills here" });
  return { site, page, id: posted.comment.id as string };
}

describe("reporting a comment", () => {
  it("takes one report per network, and says nothing about the others", async () => {
    const { id } = await reportedComment();
    const first = await report(id, "198.51.100.1", { reason: "spam", text: "an ad" });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ reported: true });
    expect(first.headers.get("Access-Control-Allow-Origin")).toBe(origin);
    const again = await report(id, "198.51.100.1", { reason: "abuse" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ reported: true });
  });

  it("sends the comment back to review once enough networks reported it", async () => {
    const { site, page, id } = await reportedComment({ holdAfterReports: 2 });
    await report(id, "198.51.100.10");
    expect((await listComments(site, page)).comments).toHaveLength(1);
    await report(id, "198.51.100.11", { reason: "abuse", text: "rude" });
    expect((await listComments(site, page)).comments).toHaveLength(0);

    const [queued] = (await modJson("GET", `/api/mod/comments?site=${site}&status=reported`))
      .comments;
    expect(queued).toMatchObject({ id, status: "pending" });
    expect(queued.reasons).toContain("reported");
    expect(queued.reports).toEqual(
      expect.arrayContaining([
        { reason: "spam", text: null },
        { reason: "abuse", text: "rude" },
      ]),
    );
    expect((await modJson("GET", `/api/mod/comments/counts?site=${site}`)).counts).toMatchObject({
      pending: 1,
      reported: 1,
    });
    const [entry] = await modLog(site);
    expect(entry).toMatchObject({
      action: "reported",
      commentId: id,
      from: "approved",
      to: "pending",
      detail: "2 reports",
      actor: { id: "readers", name: "Readers' reports" },
    });
  });

  it("is settled by a moderator's decision, and a reporter of a held comment is still thanked", async () => {
    const { site, page, id } = await reportedComment({ holdAfterReports: 1 });
    await report(id, "198.51.100.20");
    expect((await report(id, "198.51.100.20")).status).toBe(200);
    await modJson("PATCH", `/api/mod/comments/${id}`, { status: "approved" });
    expect(
      (await modJson("GET", `/api/mod/comments?site=${site}&status=reported`)).comments,
    ).toEqual([]);
    expect((await listComments(site, page)).comments).toHaveLength(1);
  });

  it("cannot hide a comment again once a moderator has approved it over its reports", async () => {
    const { site, page, id } = await reportedComment({ holdAfterReports: 2 });
    await report(id, "198.51.100.50");
    await report(id, "198.51.100.51");
    expect((await listComments(site, page)).comments).toHaveLength(0);
    await modJson("PATCH", `/api/mod/comments/${id}`, { status: "approved" });
    const reported = () => modJson("GET", `/api/mod/comments?site=${site}&status=reported`);
    expect((await reported()).comments).toEqual([]);

    // The same networks count once: their reports are already on file.
    expect((await report(id, "198.51.100.50")).status).toBe(200);
    expect((await report(id, "198.51.100.51")).status).toBe(200);
    expect((await reported()).comments).toEqual([]);
    // New networks reach the Reported view, but reports alone never hide it again.
    expect((await report(id, "198.51.100.52", { reason: "abuse", text: "again" })).status).toBe(
      201,
    );
    expect((await report(id, "198.51.100.53")).status).toBe(201);
    expect((await listComments(site, page)).comments).toHaveLength(1);
    const [view] = (await reported()).comments;
    expect(view).toMatchObject({ id, status: "approved" });
    expect(view.reports).toEqual(
      expect.arrayContaining([
        { reason: "abuse", text: "again" },
        { reason: "spam", text: null },
      ]),
    );
    expect(view.reports).toHaveLength(2);
    expect((await modJson("GET", `/api/mod/comments/counts?site=${site}`)).counts).toMatchObject({
      pending: 0,
      reported: 1,
    });
    expect((await modLog(site)).filter((entry) => entry.action === "reported")).toHaveLength(1);
  });

  it("refuses what the public cannot see, a site without reports, and bad input", async () => {
    const { id } = await reportedComment();
    await expectError(await report("c_nosuchcomment000", "198.51.100.30"), 404, "not_found");
    await expectError(
      await report(id, "198.51.100.30", { reason: "boring" }),
      400,
      "invalid_input",
    );
    await expectError(
      await report(id, "198.51.100.30", { reason: "other", text: "x".repeat(501) }),
      400,
      "invalid_input",
    );
    const held = await openSite({ moderation: "all" });
    const pending = await postOk({ site: held, page: unique("/held") });
    await expectError(await report(pending.comment.id, "198.51.100.31"), 404, "not_found");
    const off = await reportedComment({ reports: false });
    await expectError(await report(off.id, "198.51.100.32"), 403, "forbidden");
    expect((await listComments(off.site, off.page)).config.reports).toBe(false);
  });

  it("counts against the site's posting limits", async () => {
    const site = await openSite({ rateLimitPerMinute: 2 });
    const page = unique("/many");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const posted = await postOk({
        site,
        page,
        body: `c${i}`,
        email: `${unique("writer")}@example.com`,
        headers: { "CF-Connecting-IP": `203.0.113.${100 + i}` },
      });
      ids.push(posted.comment.id);
    }
    expect((await report(ids[0]!, "198.51.100.40")).status).toBe(201);
    expect((await report(ids[1]!, "198.51.100.40")).status).toBe(201);
    const limited = await report(ids[2]!, "198.51.100.40");
    await expectError(limited.clone(), 429, "rate_limited");
    expect(limited.headers.get("Retry-After")).toBe("60");
  });
});
