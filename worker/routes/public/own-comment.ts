/**
 * A reader's own comment, reachable with nothing but the edit token the server handed back
 * when it was posted (an HMAC of the id, so nothing is stored for it), or, from any browser
 * where the author verified their address, with that browser's reader token.
 */
import type { Context } from "hono";
import { nestComments, toOwnComment, type CommentRecord } from "../../domain/comment";
import { checkAttemptLimits, tooLong } from "../../domain/posting";
import { encodeCursor } from "../../domain/cursor";
import type { Keys } from "../../domain/keys";
import { judgeEdit } from "../../domain/moderation";
import { dedupKey, isEditToken, openEmail } from "../../domain/privacy";
import { countLinks, renderMarkdown } from "../../domain/render";
import type { AppEnv } from "../../env";
import {
  ApiError,
  commentNotFound,
  duplicateComment,
  invalidInput,
  rateLimited,
  readerTokenRefused,
} from "../../errors";
import { looksLikeReaderToken } from "../../domain/reader-token";
import { bearerToken, readerOf, requiredToken } from "./reader-auth";
import { allowSiteOrigin } from "../../middleware/site-origin";
import {
  commentIdParamSchema,
  editCommentSchema,
  editTokenHeaderSchema,
  oneCommentQuerySchema,
} from "../../schemas/reader";
import {
  ownCommentSchema,
  ownTopCommentSchema,
  topCommentSchema,
} from "../../schemas/reader-answers";
import {
  deleteComment,
  editOwnComment,
  loadOwnComment,
  loadCommentTree,
  type AuthorEdit,
} from "../../storage/own-comments";
import { isConstraintError } from "../../storage/rows";
import { loadAttemptCounts } from "../../storage/attempts";
import { editAttempt } from "../../domain/post-plan";
import { clientNetworkHash } from "./client-network";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import * as z from "zod";
import { notifyIfNewlyHeld } from "./comment-answers";
import { deliverAfterResponse } from "../../mail/deliver";
import { deliverNotificationsAfterResponse } from "../../notify/after-response";
import { databaseOf } from "../../platform/site-databases";
import { requireSite } from "../site-lookup";

export function ownCommentRoutes(api: DeclaredRouter): void {
  api.route(readDeclaration, readComment);
  api.route(editDeclaration, editComment);
  api.route(deleteDeclaration, deleteOwnComment);
}

const readDeclaration = declare({
  method: "get",
  path: "/comments/:id",
  params: commentIdParamSchema,
  query: oneCommentQuerySchema,
  headers: editTokenHeaderSchema,
  response: z.union([topCommentSchema, ownTopCommentSchema, ownCommentSchema]),
  errors: [400, 401, 404],
});

const readComment: Handler<typeof readDeclaration> = async (c, { params, query, headers }) => {
  const { id } = params;
  const token = bearerToken(headers.Authorization);
  if (token !== null) {
    const { comment, site } = await authorized(c, id, token);
    allowSiteOrigin(c, site);
    if (comment.status !== "approved") return c.json(toOwnComment(comment));
  }
  // An approved comment is shown with its first replies, to its author (with status) as to
  // anyone; the rest of a root's replies page on from `repliesCursor`.
  const tree = await loadCommentTree(c.get("db"), id, query.replies);
  if (!tree) throw commentNotFound();
  allowSiteOrigin(c, requireSite(tree.site));
  const partial = new Set(tree.repliesAfter ? [id] : []);
  const [comment] = nestComments([id], [tree.comment, ...tree.replies], partial);
  if (!comment) throw commentNotFound();
  const shown = {
    ...comment,
    repliesCursor: tree.repliesAfter && encodeCursor(tree.repliesAfter),
    moreReplies: tree.moreReplies,
  };
  return c.json(token === null ? shown : { ...shown, status: "approved" });
};

const editDeclaration = declare({
  method: "patch",
  path: "/comments/:id",
  params: commentIdParamSchema,
  headers: editTokenHeaderSchema,
  body: editCommentSchema,
  response: z.object({ comment: ownCommentSchema }),
  errors: [400, 401, 403, 404, 409, 413, 415, 429],
});

const editComment: Handler<typeof editDeclaration> = async (c, { params, headers, body }) => {
  const own = await authorized(c, params.id, requiredToken(headers.Authorization, tokenName));
  const { comment, site, thread } = own;
  allowSiteOrigin(c, site);
  const long = tooLong(body.body, site.settings.maxLength);
  if (long) throw invalidInput({ body: long });
  requireOpenWindow(comment, site.settings.editWindowSeconds);
  const written = await storeEdit(c, own, await editOf(c.get("keys"), own, body.body));
  const edited = written.edited;
  if (!edited) throw commentNotFound();
  // Moderators hear of it once per digest window, however often an edit flips it back.
  if (written.noticeDue) {
    notifyIfNewlyHeld(c, site, comment.status, edited, thread);
    deliverAfterResponse(c.executionCtx, c.env, c.get("keys"), databaseOf(c.env, site.id));
    deliverNotificationsAfterResponse(c, databaseOf(c.env, site.id));
  }
  return c.json({ comment: toOwnComment(edited) });
};

/** A comment its edit token opened: the comment, its site, its thread, its author's standing. */
type OwnComment = Awaited<ReturnType<typeof authorized>>;

/** The edit to store: the new text goes through the rules again (bans, words, links, moderation mode). */
async function editOf(
  keys: Keys,
  { comment, site, thread, standing }: OwnComment,
  body: string,
): Promise<AuthorEdit> {
  const html = renderMarkdown(body);
  const verdict = judgeEdit(
    {
      body,
      authorName: comment.authorName,
      authorWebsite: comment.authorWebsite,
      email: await openEmail(keys, comment.emailEncrypted),
      linkCount: countLinks(html),
    },
    { ...standing, verified: comment.verifiedAt !== null },
    site.settings,
  );
  // Spam and rejected comments stay put aside: an edit skips the spam traps, so letting it
  // re-decide would let a bot (or a rejected author) launder a comment into "approved".
  const putAside = comment.status === "spam" || comment.status === "rejected";
  const status = putAside ? comment.status : verdict.status;
  return {
    body,
    html,
    status,
    reasons: putAside ? comment.reasons : verdict.reasons,
    editedAt: new Date().toISOString(),
    // The duplicate check follows the text: the old wording may be posted again, the new not.
    dedupKey:
      status === "spam"
        ? null
        : await dedupKey(
            keys,
            { siteId: site.id, key: thread.key },
            { emailHash: comment.emailHash, name: comment.authorName },
            body,
          ),
  };
}

/**
 * An edit is an attempt like a post: it counts against the site's posting limits, for the
 * network it comes from and for the author's address (unless the comment is spam), and is
 * stored only within them.
 */
async function storeEdit(c: Context<AppEnv>, { comment, site }: OwnComment, edit: AuthorEdit) {
  const now = new Date(edit.editedAt);
  const limits = {
    perMinute: site.settings.rateLimitPerMinute,
    perDay: site.settings.rateLimitPerDay,
  };
  const attempt = editAttempt(comment, edit, await clientNetworkHash(c));
  const windowStart = now.getTime() - site.settings.mailDigestMinutes * 60_000;
  let written: Awaited<ReturnType<typeof editOwnComment>>;
  try {
    written = await editOwnComment(c.get("db"), comment, edit, {
      record: attempt,
      limits,
      noticeWindowStart: new Date(windowStart).toISOString(),
    });
  } catch (error) {
    if (isConstraintError(error)) throw duplicateComment();
    throw error;
  }
  if (!written.admitted) {
    const counts = await loadAttemptCounts(c.get("db"), { ...attempt, now });
    const refusal = checkAttemptLimits(counts, site, now);
    throw rateLimited(refusal?.code === "rate_limited" ? refusal.retryAfterSeconds : 60, "editing");
  }
  return written;
}

const deleteDeclaration = declare({
  method: "delete",
  path: "/comments/:id",
  params: commentIdParamSchema,
  headers: editTokenHeaderSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

const deleteOwnComment: Handler<typeof deleteDeclaration> = async (c, { params, headers }) => {
  const { id } = params;
  const { comment, site } = await authorized(
    c,
    id,
    requiredToken(headers.Authorization, tokenName),
  );
  allowSiteOrigin(c, site);
  requireOpenWindow(comment, site.settings.editWindowSeconds);
  await deleteComment(c.get("db"), comment, new Date().toISOString());
  return c.body(null, 204);
};

const tokenName = "edit token (or a reader token)";

/**
 * The comment, if the token is its edit token or a reader token of its author's address on
 * its site. Unknown and deleted comments are 404.
 */
async function authorized(c: Context<AppEnv>, id: string, token: string) {
  const own = await loadOwnComment(c.get("db"), id, new Date());
  if (!own || own.comment.deletedAt) throw commentNotFound();
  const site = requireSite(own.site);
  if (looksLikeReaderToken(token)) {
    const { emailHash } = await readerOf(c, c.get("db"), token, site.id);
    if (emailHash !== own.comment.emailHash) throw readerTokenRefused("not-author");
  } else if (!(await isEditToken(c.get("keys"), id, token))) {
    throw new ApiError("unauthorized", "This edit token does not belong to this comment.");
  }
  return { ...own, site };
}

function requireOpenWindow(comment: CommentRecord, editWindowSeconds: number): void {
  if (Date.now() > Date.parse(comment.createdAt) + editWindowSeconds * 1000) {
    throw new ApiError("edit_window_closed", "The time to edit or delete this comment has passed.");
  }
}
