/** The review API: the queue, decisions on comments, threads and the audit log. */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { reportToAkismet } from "../../jobs/akismet-feedback";
import { newCommentId, type CommentStatus } from "../../domain/comment";
import { decodeCursor, encodeCursor } from "../../domain/cursor";
import { toModComment } from "../../domain/mod-comment";
import { renderMarkdown } from "../../domain/render";
import type { AppEnv } from "../../env";
import { deliverAfterResponse } from "../../mail/deliver";
import { commentNotFound, invalidInput, siteNotFound } from "../../errors";
import { commentIdParamSchema } from "../../schemas/reader";
import {
  bulkSchema,
  logQuerySchema,
  moderateCommentSchema,
  moderatorReplySchema,
  queueQuerySchema,
  siteQuerySchema,
  threadUpdateSchema,
} from "../../schemas/moderation";
import { emailSchema } from "../../schemas/common";
import { hashEmail, protectAuthor } from "../../domain/privacy";
import { listLog } from "../../storage/audit-log";
import { getComment } from "../../storage/comments";
import { maxPinnedPerThread } from "../../storage/threads";
import {
  closeOrReopenThread,
  countByStatus,
  countPinned,
  insertModeratorReply,
  deleteByModerator,
  listQueue,
  moderateComment,
  setStatuses,
  type AkismetReviewed,
} from "../../storage/moderation";
import {
  getSiteOrThrow,
  moderatedSite,
  requireCommentAccess,
  requireSiteAccess,
} from "../site-lookup";
import { parseInput, readJson } from "../../validation";
import type { Database } from "../../storage/database";
import { commentsByDatabase, databaseOf, databaseOfComment } from "../../platform/site-databases";

export const moderation = new Hono<AppEnv>();

moderation.get("/comments", async (c) => {
  const query = parseInput(queueQuerySchema, c.req.query());
  requireSiteAccess(c, query.site);
  const looksLikeEmail = query.q && emailSchema.safeParse(query.q).success;
  const page = await listQueue(databaseOf(c.env, query.site), {
    siteId: query.site,
    status: query.status,
    pageKey: query.page,
    search: query.q,
    emailHash: looksLikeEmail ? await hashEmail(c.var.keys, query.q!) : undefined,
    before: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit,
  });
  if (!page.siteExists) throw siteNotFound();
  const last = page.comments.at(-1);
  return c.json({
    comments: await Promise.all(page.comments.map((comment) => toModComment(c.var.keys, comment))),
    nextCursor: page.more && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  });
});

moderation.get("/comments/counts", async (c) => {
  const { site } = parseInput(siteQuerySchema, c.req.query());
  await moderatedSite(c, site);
  return c.json({ counts: await countByStatus(databaseOf(c.env, site), site) });
});

moderation.patch("/comments/:id", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const input = parseInput(moderateCommentSchema, await readJson(c));
  await requireCommentAccess(c, [id]);
  const db = await databaseOfComment(c.env, id);
  if (input.pinned) await checkPinnable(db, id);
  const { comment, akismetReviewed } = await moderateComment(
    db,
    id,
    {
      status: input.status,
      edit:
        input.body === undefined
          ? undefined
          : { body: input.body, html: renderMarkdown(input.body) },
      pinned: input.pinned,
    },
    c.var.actor,
  );
  if (!comment || comment.deletedAt) throw commentNotFound();
  if (input.status) tellAkismet(c, db, akismetReviewed, input.status);
  if (input.status === "approved") deliverAfterResponse(c.executionCtx, c.env, c.var.keys, db);
  return c.json(await toModComment(c.var.keys, comment));
});

/** Only a top-level, approved comment is pinned, and a page shows at most a few. */
async function checkPinnable(db: Database, id: string) {
  const comment = await getComment(db, id);
  if (!comment || comment.deletedAt) throw commentNotFound();
  if (comment.depth !== 1 || comment.status !== "approved") {
    throw invalidInput({ pinned: "Only an approved top-level comment can be pinned." });
  }
  if (!comment.pinnedAt && (await countPinned(db, comment.threadId)) >= maxPinnedPerThread) {
    throw invalidInput({
      pinned: `A page shows at most ${maxPinnedPerThread} pinned comments; unpin one first.`,
    });
  }
}

/** A moderator's reply from the desk, under their name and with the "Moderator" badge. */
moderation.post("/comments/:id/replies", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const input = parseInput(moderatorReplySchema, await readJson(c));
  await requireCommentAccess(c, [id]);
  const db = await databaseOfComment(c.env, id);
  const parent = await getComment(db, id);
  if (!parent || parent.deletedAt) throw commentNotFound();
  const site = await getSiteOrThrow(db, parent.siteId);
  if (parent.status !== "approved") {
    throw invalidInput({ parentId: "Approve the comment before replying to it." });
  }
  if (parent.depth >= site.settings.maxDepth) {
    throw invalidInput({ parentId: "Replies cannot nest deeper here; answer the comment above." });
  }
  const actor = c.var.actor;
  const { avatar } = await protectAuthor(c.var.keys, site.id, { name: actor.name, email: null });
  const reply = await insertModeratorReply(
    db,
    {
      id: newCommentId(),
      siteId: site.id,
      threadId: parent.threadId,
      parentId: parent.id,
      rootId: parent.rootId,
      depth: parent.depth + 1,
      status: "approved",
      authorName: actor.name,
      authorWebsite: null,
      emailEncrypted: null,
      emailHash: null,
      avatar,
      networkHash: null,
      body: input.body,
      html: renderMarkdown(input.body),
      dedupKey: null,
      reasons: [],
      createdAt: new Date().toISOString(),
      editedAt: null,
      deletedAt: null,
      replyCount: 0,
      pinnedAt: null,
      moderatorId: actor.id,
      likeCount: 0,
    },
    actor,
  );
  deliverAfterResponse(c.executionCtx, c.env, c.var.keys, db);
  return c.json(await toModComment(c.var.keys, reply!), 201);
});

moderation.delete("/comments/:id", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  await requireCommentAccess(c, [id]);
  const db = await databaseOfComment(c.env, id);
  if (!(await deleteByModerator(db, id, c.var.actor))) throw commentNotFound();
  return c.body(null, 204);
});

moderation.post("/comments/bulk", async (c) => {
  const input = parseInput(bulkSchema, await readJson(c));
  const ids = [...new Set(input.ids)];
  await requireCommentAccess(c, ids);
  let updated = 0;
  // The ids may lie in several databases.
  for (const [db, held] of await commentsByDatabase(c.env, ids)) {
    if (!held.length) continue;
    const done = await setStatuses(db, held, input.status, c.var.actor);
    tellAkismet(c, db, done.akismetReviewed, input.status);
    if (input.status === "approved" && done.updated) {
      deliverAfterResponse(c.executionCtx, c.env, c.var.keys, db);
    }
    updated += done.updated;
  }
  return c.json({ updated });
});

moderation.patch("/threads", async (c) => {
  const input = parseInput(threadUpdateSchema, await readJson(c));
  await moderatedSite(c, input.site);
  return c.json(
    await closeOrReopenThread(
      databaseOf(c.env, input.site),
      { siteId: input.site, key: input.key, closed: input.closed },
      c.var.actor,
    ),
  );
});

moderation.get("/log", async (c) => {
  const query = parseInput(logQuerySchema, c.req.query());
  await moderatedSite(c, query.site);
  const entries = await listLog(databaseOf(c.env, query.site), {
    siteId: query.site,
    beforeId: query.cursor,
    limit: query.limit + 1,
  });
  const page = entries.slice(0, query.limit);
  return c.json({
    entries: page,
    nextCursor: entries.length > query.limit ? String(page.at(-1)!.id) : null,
  });
});

/** Reports (after the response) where a moderator's decision corrects Akismet's. */
export function tellAkismet(
  c: Context<AppEnv>,
  db: Database,
  reviewed: AkismetReviewed[],
  status: CommentStatus,
) {
  if (reviewed.length === 0) return;
  c.executionCtx.waitUntil(reportToAkismet(db, c.var.keys, c.env.AKISMET_KEY, reviewed, status));
}
