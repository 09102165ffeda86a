/**
 * Moderators' decisions: a comment's status, text and pin, a reply from the desk, deleting,
 * many statuses at once, closing a thread; and the audit log that records each of them.
 */
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import type { Context } from "hono";
import { reportToAkismet } from "../../jobs/akismet-feedback";
import { freshComment, type CommentStatus } from "../../domain/comment";
import { toModComment } from "../../domain/mod-comment";
import { renderMarkdown } from "../../domain/render";
import type { AppEnv } from "../../env";
import { deliverAfterResponse } from "../../mail/deliver";
import { commentNotFound, invalidInput } from "../../errors";
import { commentIdParamSchema } from "../../schemas/reader";
import {
  bulkSchema,
  logEntrySchema,
  logQuerySchema,
  modCommentSchema,
  modThreadSchema,
  moderateCommentSchema,
  moderatorReplySchema,
  threadUpdateSchema,
} from "../../schemas/moderation";
import { protectAuthor } from "../../domain/privacy";
import { listLog } from "../../storage/audit-log";
import { getComment } from "../../storage/comments";
import { maxPinnedPerThread } from "../../domain/thread";
import {
  closeOrReopenThread,
  countPinned,
  insertModeratorReply,
  deleteByModerator,
  moderateComment,
  setStatuses,
} from "../../storage/mod-decisions";
import type { AkismetReviewed } from "../../storage/status-change";
import { getSiteOrThrow, moderatedSite, requireCommentAccess } from "../site-lookup";
import type { Database } from "../../storage/database";
import { commentsByDatabase, databaseOf, databaseOfComment } from "../../platform/site-databases";

/** Decisions on comments and threads, and the log of them. */
export function decisionRoutes(api: DeclaredRouter): void {
  api.route(decideDeclaration, decide);
  api.route(replyDeclaration, replyAsModerator);
  api.route(deleteDeclaration, deleteComment);
  api.route(bulkDeclaration, bulkDecide);
  api.route(closeDeclaration, closeOrReopen);
  api.route(logDeclaration, readLog);
}

const decideDeclaration = declare({
  method: "patch",
  path: "/comments/:id",
  params: commentIdParamSchema,
  body: moderateCommentSchema,
  response: modCommentSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

/** A comment's status, text or pin, in one batch with its log entries. */
const decide: Handler<typeof decideDeclaration> = async (c, { params, body: input }) => {
  const { id } = params;
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
    c.get("actor"),
    new Date().toISOString(),
  );
  if (!comment || comment.deletedAt) throw commentNotFound();
  if (input.status) tellAkismet(c, db, akismetReviewed, input.status);
  if (input.status === "approved") deliverAfterResponse(c.executionCtx, c.env, c.get("keys"), db);
  return c.json(await toModComment(c.get("keys"), comment));
};

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

const replyDeclaration = declare({
  method: "post",
  path: "/comments/:id/replies",
  params: commentIdParamSchema,
  body: moderatorReplySchema,
  status: 201,
  response: modCommentSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

/** A moderator's reply from the desk, under their name and with the "Moderator" badge. */
const replyAsModerator: Handler<typeof replyDeclaration> = async (c, { params, body: input }) => {
  const { id } = params;
  await requireCommentAccess(c, [id]);
  const db = await databaseOfComment(c.env, id);
  const parent = await getComment(db, id);
  if (!parent || parent.deletedAt) throw commentNotFound();
  const site = await getSiteOrThrow(db, parent.siteId);
  if (parent.status !== "approved") {
    throw invalidInput({ parentId: "Approve the comment before replying to it." });
  }
  if (parent.depth >= site.settings.maxDepth) {
    throw invalidInput({
      parentId: "Replies cannot nest deeper here; answer the comment above.",
    });
  }
  const actor = c.get("actor");
  const { avatar } = await protectAuthor(c.get("keys"), site.id, {
    name: actor.name,
    email: null,
  });
  const reply = await insertModeratorReply(
    db,
    {
      ...freshComment(parent, {
        siteId: site.id,
        status: "approved",
        authorName: actor.name,
        avatar,
        body: input.body,
        html: renderMarkdown(input.body),
        createdAt: new Date().toISOString(),
        moderatorId: actor.id,
      }),
      threadId: parent.threadId,
    },
    actor,
  );
  deliverAfterResponse(c.executionCtx, c.env, c.get("keys"), db);
  return c.json(await toModComment(c.get("keys"), reply!), 201);
};

const deleteDeclaration = declare({
  method: "delete",
  path: "/comments/:id",
  params: commentIdParamSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

const deleteComment: Handler<typeof deleteDeclaration> = async (c, { params }) => {
  const { id } = params;
  await requireCommentAccess(c, [id]);
  const db = await databaseOfComment(c.env, id);
  if (!(await deleteByModerator(db, id, c.get("actor"), new Date().toISOString())))
    throw commentNotFound();
  return c.body(null, 204);
};

const bulkDeclaration = declare({
  method: "post",
  path: "/comments/bulk",
  body: bulkSchema,
  response: z.object({ updated: z.number().int() }),
  errors: [400, 401, 403, 413, 415],
});

/** One status for many comments: a batch per database the comments are in. */
const bulkDecide: Handler<typeof bulkDeclaration> = async (c, { body: input }) => {
  const ids = [...new Set(input.ids)];
  await requireCommentAccess(c, ids);
  let updated = 0;
  // The ids may lie in several databases.
  for (const [db, held] of await commentsByDatabase(c.env, ids)) {
    if (!held.length) continue;
    const done = await setStatuses(
      db,
      held,
      input.status,
      c.get("actor"),
      new Date().toISOString(),
    );
    tellAkismet(c, db, done.akismetReviewed, input.status);
    if (input.status === "approved" && done.updated) {
      deliverAfterResponse(c.executionCtx, c.env, c.get("keys"), db);
    }
    updated += done.updated;
  }
  return c.json({ updated });
};

const closeDeclaration = declare({
  method: "patch",
  path: "/threads",
  body: threadUpdateSchema,
  response: modThreadSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const closeOrReopen: Handler<typeof closeDeclaration> = async (c, { body: input }) => {
  await moderatedSite(c, input.site);
  return c.json(
    await closeOrReopenThread(
      databaseOf(c.env, input.site),
      { siteId: input.site, key: input.key, closed: input.closed },
      c.get("actor"),
      new Date().toISOString(),
    ),
  );
};

const logDeclaration = declare({
  method: "get",
  path: "/log",
  query: logQuerySchema,
  response: z.object({ entries: z.array(logEntrySchema), nextCursor: z.string().nullable() }),
  errors: [400, 401, 403, 404],
});

const readLog: Handler<typeof logDeclaration> = async (c, { query }) => {
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
};

/** Reports (after the response) where a moderator's decision corrects Akismet's. */
export function tellAkismet(
  c: Context<AppEnv>,
  db: Database,
  reviewed: AkismetReviewed[],
  status: CommentStatus,
) {
  if (reviewed.length === 0) return;
  c.executionCtx.waitUntil(reportToAkismet(db, c.get("keys"), c.env.AKISMET_KEY, reviewed, status));
}
