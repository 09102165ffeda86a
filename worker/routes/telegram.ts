/**
 * `POST /telegram/:site`: Telegram's updates for a site's bot (registered by the
 * moderation API's setup call). The authority is twofold: the secret token Telegram sends
 * in `X-Telegram-Bot-Api-Secret-Token` (compared in constant time, before the body is
 * read), and the chat the press came from, which the owner must have registered as a
 * moderating Telegram target. The button's data only names the action and the comment.
 * A press acts only on a comment still waiting for review, through the same decision code
 * as the desk, logged with the Telegram user as actor; the message is edited to say who
 * did what, and the press is always answered (Telegram shows a spinner until it is).
 */
import type { Context } from "hono";
import * as z from "zod";
import { callTelegram } from "../clients/telegram";
import { telegramActor } from "../domain/actor";
import type { CommentStatus } from "../domain/comment";
import { constantTimeEqual } from "../domain/keys";
import type { AppEnv } from "../env";
import { ApiError, siteNotFound } from "../errors";
import { deliverAfterResponse } from "../mail/deliver";
import { bodyLimit, discardBody } from "../middleware/body-limit";
import { requireSecrets } from "../middleware/secrets";
import { publicUrl } from "../config";
import { telegramText } from "../notify/formats";
import { readButtonData, webhookSecretFor, type ButtonAction } from "../notify/telegram-buttons";
import { databaseOf } from "../platform/site-databases";
import { dropCachedReads } from "../platform/read-cache";
import type { TargetSecret } from "../schemas/notification-targets";
import { siteParamSchema } from "../schemas/sites";
import { telegramSecretHeaderSchema, telegramUpdateSchema } from "../schemas/telegram";
import { getComment } from "../storage/comments";
import { setStatuses } from "../storage/mod-decisions";
import { getNoticeComment } from "../storage/notification-outbox";
import { telegramTargets, type SealedTarget } from "../storage/notification-targets";
import { getSite } from "../storage/sites";
import { declare, declaredRouter, type Handler } from "./declare";
import { tellAkismet } from "./moderation/decisions";

export const telegramHooks = declaredRouter("/telegram", "integrations");

// Only the declared POST: any other method gets the app's 405, whatever its headers.
telegramHooks.app.post("/:site", requireSecrets(), async function verifyTelegramSecret(c, next) {
  const sent = c.req.header("X-Telegram-Bot-Api-Secret-Token") ?? "";
  const site = c.req.param("site") ?? "";
  if (!constantTimeEqual(sent, await webhookSecretFor(c.get("keys"), site))) {
    await discardBody(c.req.raw);
    throw new ApiError("unauthorized", "This address takes only the site's Telegram updates.");
  }
  await next();
});
telegramHooks.app.post("/:site", bodyLimit(64 * 1024, "64 KiB"), dropCachedReads("all"));

const updateDeclaration = declare({
  method: "post",
  path: "/:site",
  params: siteParamSchema,
  headers: telegramSecretHeaderSchema,
  body: telegramUpdateSchema,
  response: z.object({ ok: z.literal(true) }),
  errors: [400, 401, 404, 413, 415],
});

const statusOf: Record<ButtonAction, CommentStatus> = {
  approve: "approved",
  spam: "spam",
  reject: "rejected",
};
const doneWords: Record<ButtonAction, string> = {
  approve: "Approved",
  spam: "Marked as spam",
  reject: "Rejected",
};

const handleUpdate: Handler<typeof updateDeclaration> = async (c, { params, body: update }) => {
  const db = databaseOf(c.env, params.site);
  const site = await getSite(db, params.site);
  if (!site) throw siteNotFound();
  const press = update.callback_query;
  // Anything but a button press (the webhook asks for none) is taken and ignored.
  if (!press) return c.json({ ok: true as const });
  const keys = c.get("keys");
  const tokenOf = async (target: SealedTarget) =>
    (JSON.parse(await keys.decrypt(target.secretEncrypted)) as TargetSecret).botToken!;
  const chatId = press.message ? String(press.message.chat.id) : null;
  const targets = await telegramTargets(db, site.id);
  const target = targets.find((t) => t.moderate && t.chatId === chatId);
  if (!target) {
    // Some bot of the site's still answers, so the presser is not left with a spinner.
    const any = targets[0];
    if (any) await answerPress(await tokenOf(any), press.id, "This chat may not moderate here.");
    return c.json({ ok: true as const });
  }
  const botToken = await tokenOf(target);
  const answer = (text: string) => answerPress(botToken, press.id, text);

  const button = await readButtonData(keys, site.id, press.data ?? "");
  if (!button) {
    await answer("This button is not one Parley made.");
    return c.json({ ok: true as const });
  }
  const comment = await getComment(db, button.commentId);
  if (!comment || comment.siteId !== site.id || comment.deletedAt) {
    await answer("This comment is gone.");
    return c.json({ ok: true as const });
  }
  // Buttons act on a comment still waiting for review: a replayed press, or one after a
  // decision made elsewhere, changes nothing.
  if (comment.status !== "pending") {
    await answer(`Already decided: ${comment.status}.`);
    return c.json({ ok: true as const });
  }
  const status = statusOf[button.action];
  const actor = telegramActor(site.id, press.from);
  const done = await setStatuses(db, [comment.id], status, actor, new Date().toISOString());
  if (done.updated === 0) {
    await answer("Someone else decided first.");
    return c.json({ ok: true as const });
  }
  tellAkismet(c, db, done.akismetReviewed, status);
  if (status === "approved") deliverAfterResponse(c.executionCtx, c.env, keys, db);
  await Promise.all([
    editMessage(
      c,
      botToken,
      press.message!,
      site,
      comment.id,
      `${doneWords[button.action]} by ${actor.name}`,
    ),
    answer(`${doneWords[button.action]}.`),
  ]);
  return c.json({ ok: true as const });
};

telegramHooks.route(updateDeclaration, handleUpdate);

function answerPress(botToken: string, pressId: string, text: string) {
  return callTelegram(botToken, "answerCallbackQuery", { callback_query_id: pressId, text });
}

/** The message as it was sent, its buttons gone, with a line saying who did what. */
async function editMessage(
  c: Context<AppEnv>,
  botToken: string,
  message: { message_id: number; chat: { id: number } },
  site: { id: string; name: string },
  commentId: string,
  footer: string,
) {
  const comment = await getNoticeComment(databaseOf(c.env, site.id), commentId);
  const base = publicUrl(c.env);
  const text = telegramText(
    {
      event: "held",
      site: { id: site.id, name: site.name },
      comment,
      spamCount: 0,
      deskUrl: base ? `${base}/admin/` : null,
    },
    footer,
  );
  return callTelegram(botToken, "editMessageText", {
    chat_id: message.chat.id,
    message_id: message.message_id,
    ...text,
    reply_markup: { inline_keyboard: [] },
  });
}
