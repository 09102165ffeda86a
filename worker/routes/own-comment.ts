/**
 * A reader's own comment, reachable with nothing but the edit token the server handed back
 * when it was posted (an HMAC of the id, so nothing is stored for it).
 */
import { Hono, type Context } from "hono";
import { toOwnComment, type CommentRecord } from "../domain/comment";
import { decideStatus } from "../domain/moderation";
import { dedupKey, isEditToken } from "../domain/privacy";
import { countLinks, renderMarkdown } from "../domain/render";
import type { AppEnv } from "../env";
import { ApiError } from "../errors";
import { allowSiteOrigin } from "../middleware/site-origin";
import { notifyModerators } from "../notify";
import { commentIdParamSchema, editCommentSchema } from "../schemas/reader";
import {
  deleteComment,
  editOwnComment,
  loadOwnComment,
  loadCommentTree,
} from "../storage/own-comments";
import { isConstraintError } from "../storage/rows";
import { invalidInput, parseInput, readJson } from "../validation";
import { requireSite } from "./reader";

export const ownComments = new Hono<AppEnv>();

ownComments.get("/:id", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const token = bearerToken(c);
  if (token !== null) {
    const { comment, site } = await authorized(c, id, token);
    allowSiteOrigin(c, site);
    if (comment.status !== "approved") return c.json(toOwnComment(comment));
  }
  // An approved comment is shown with its replies, to its author (with status) as to anyone.
  const tree = await loadCommentTree(c.env.DB, id);
  if (!tree) throw notFound();
  allowSiteOrigin(c, requireSite(tree.site));
  return c.json(token === null ? tree.comment : { ...tree.comment, status: "approved" });
});

ownComments.patch("/:id", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const keys = c.var.keys;
  const { comment, site, thread, facts } = await authorized(c, id, requiredToken(c));
  allowSiteOrigin(c, site);
  const input = parseInput(editCommentSchema, await readJson(c));
  if (input.body.length > site.settings.maxLength) {
    throw invalidInput({
      body: `A comment on this site has at most ${site.settings.maxLength} characters.`,
    });
  }
  requireOpenWindow(comment, site.settings.editWindowSeconds);
  const html = renderMarkdown(input.body);
  // The new text goes through the rules again (words, links, bans, moderation mode).
  const verdict = decideStatus(
    {
      body: input.body,
      authorName: comment.authorName,
      authorWebsite: comment.authorWebsite,
      email: comment.emailEncrypted ? await keys.decrypt(comment.emailEncrypted) : null,
      linkCount: countLinks(html),
    },
    facts,
    site.settings,
    new Date(),
  );
  if (verdict.kind !== "store") throw new ApiError("internal", "Unexpected verdict for an edit.");
  // Spam and rejected comments stay put aside: an edit skips the spam traps, so letting it
  // re-decide would let a bot (or a rejected author) launder a comment into "approved".
  const putAside = comment.status === "spam" || comment.status === "rejected";
  const status = putAside ? comment.status : verdict.status;
  const edit = {
    body: input.body,
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
            input.body,
          ),
  };
  let edited: CommentRecord;
  try {
    edited = await editOwnComment(c.env.DB, comment, edit);
  } catch (error) {
    if (isConstraintError(error)) {
      throw new ApiError("duplicate", "You have already posted this comment here.");
    }
    throw error;
  }
  if (edited.status === "pending" && comment.status !== "pending") {
    c.executionCtx.waitUntil(
      notifyModerators(
        site,
        { ...edited, threadKey: thread.key, threadTitle: thread.title },
        c.req.url,
      ),
    );
  }
  return c.json({ comment: toOwnComment(edited) });
});

ownComments.delete("/:id", async (c) => {
  const { id } = parseInput(commentIdParamSchema, c.req.param());
  const { comment, site } = await authorized(c, id, requiredToken(c));
  allowSiteOrigin(c, site);
  requireOpenWindow(comment, site.settings.editWindowSeconds);
  await deleteComment(c.env.DB, comment);
  return c.body(null, 204);
});

function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("Authorization");
  if (header === undefined) return null;
  return /^Bearer (\S+)$/i.exec(header)?.[1] ?? "";
}

function requiredToken(c: Context<AppEnv>): string {
  const token = bearerToken(c);
  if (!token)
    throw new ApiError("unauthorized", "Send the edit token as Authorization: Bearer <token>.");
  return token;
}

/** The comment, if the token is its edit token. Unknown and deleted comments are 404. */
async function authorized(c: Context<AppEnv>, id: string, token: string) {
  const own = await loadOwnComment(c.env.DB, id);
  if (!own || own.comment.deletedAt) throw notFound();
  if (!(await isEditToken(c.var.keys, id, token))) {
    throw new ApiError("unauthorized", "This edit token does not belong to this comment.");
  }
  return { ...own, site: requireSite(own.site) };
}

function requireOpenWindow(comment: CommentRecord, editWindowSeconds: number): void {
  if (Date.now() > Date.parse(comment.createdAt) + editWindowSeconds * 1000) {
    throw new ApiError("edit_window_closed", "The time to edit or delete this comment has passed.");
  }
}

function notFound(): ApiError {
  return new ApiError("not_found", "There is no such comment.");
}
