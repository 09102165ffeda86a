/** The author's own comment at the storage level, where request interleavings can be staged. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { editOwnComment, loadOwnComment } from "../../worker/storage/own-comments";
import { call, openSite, postOk, unique } from "../helpers";
import { bearer } from "../public-api";

describe("an edit racing a deletion", () => {
  it("finds nothing to edit once the comment is gone, instead of answering with the edit", async () => {
    const site = await openSite();
    const posted = await postOk({ site, page: unique("/race") });
    const loaded = await loadOwnComment(env.DB, posted.comment.id, new Date());
    // The DELETE lands between the PATCH's read and its write.
    const deleted = await call(`/api/comments/${posted.comment.id}`, {
      method: "DELETE",
      headers: bearer(posted.editToken),
    });
    expect(deleted.status).toBe(204);
    const editedAt = new Date().toISOString();
    const written = await editOwnComment(
      env.DB,
      loaded!.comment,
      {
        body: "edited",
        html: "<p>edited</p>",
        status: "approved",
        reasons: [],
        editedAt,
        dedupKey: null,
      },
      {
        record: {
          id: `e_${crypto.randomUUID()}`,
          siteId: site,
          kind: "comment",
          networkHash: "staged-network",
          emailHash: null,
          outcome: "stored",
          createdAt: editedAt,
        },
        limits: { perMinute: 100, perDay: 100 },
        noticeWindowStart: editedAt,
      },
    );
    expect(written).toEqual({ admitted: true, edited: null, noticeDue: false });
  });
});
