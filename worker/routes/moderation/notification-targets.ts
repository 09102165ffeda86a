/**
 * A site's notification targets (Slack, Discord, Telegram, ntfy, a JSON webhook): the
 * owner's alone, like every secret. URLs and tokens are sealed as they arrive and never
 * answered back: answers show a hint. Telegram's setup call registers the Worker's webhook
 * with the bot, so a moderating chat's button presses reach routes/telegram.ts.
 */
import * as z from "zod";
import { publicUrl } from "../../config";
import { ApiError, invalidInput } from "../../errors";
import { webhookSecretFor } from "../../notify/telegram-buttons";
import { callTelegram } from "../../clients/telegram";
import { databaseOf } from "../../platform/site-databases";
import {
  newTargetSchema,
  targetChangeSchema,
  targetParamsSchema,
  targetSchema,
  telegramWebhookSchema,
  type NewTarget,
  type TargetSecret,
} from "../../schemas/notification-targets";
import { siteParamSchema } from "../../schemas/sites";
import {
  deleteTarget,
  getTarget,
  insertTarget,
  listTargets,
  toTargetAnswer,
  updateTarget,
} from "../../storage/notification-targets";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { getSiteOrThrow } from "../site-lookup";

export function notificationTargetRoutes(api: DeclaredRouter): void {
  api.route(listDeclaration, list);
  api.route(addDeclaration, add);
  api.route(changeDeclaration, change);
  api.route(removeDeclaration, remove);
  api.route(telegramWebhookDeclaration, registerTelegramWebhook);
}

/** A site holds at most this many targets (each held comment is a request to each). */
const maxTargets = 20;

const listDeclaration = declare({
  method: "get",
  path: "/sites/:site/notification-targets",
  owner: true,
  params: siteParamSchema,
  response: z.object({ targets: z.array(targetSchema) }),
  errors: [400, 401, 403, 404],
});

const list: Handler<typeof listDeclaration> = async (c, { params }) => {
  const db = databaseOf(c.env, params.site);
  await getSiteOrThrow(db, params.site);
  return c.json({ targets: (await listTargets(db, params.site)).map(toTargetAnswer) });
};

const addDeclaration = declare({
  method: "post",
  path: "/sites/:site/notification-targets",
  owner: true,
  params: siteParamSchema,
  body: newTargetSchema,
  status: 201,
  response: targetSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const add: Handler<typeof addDeclaration> = async (c, { params, body: input }) => {
  const db = databaseOf(c.env, params.site);
  await getSiteOrThrow(db, params.site);
  if ((await listTargets(db, params.site)).length >= maxTargets) {
    throw invalidInput({ kind: `A site has at most ${maxTargets} notification targets.` });
  }
  const at = new Date().toISOString();
  const target = {
    id: `t_${[...crypto.getRandomValues(new Uint8Array(10))].map((b) => b.toString(16).padStart(2, "0")).join("")}`,
    siteId: params.site,
    kind: input.kind,
    label: input.label,
    events: input.events,
    hint: hintOf(input),
    chatId: input.kind === "telegram" ? input.chatId : null,
    moderate: input.kind === "telegram" && input.moderate,
    createdAt: at,
    updatedAt: at,
    secretEncrypted: await c.get("keys").encrypt(JSON.stringify(secretOf(input))),
  };
  await insertTarget(db, target);
  return c.json(toTargetAnswer(target), 201);
};

/** What is sealed: only the parts that are credentials or say where to send. */
function secretOf(input: NewTarget): TargetSecret {
  switch (input.kind) {
    case "telegram":
      return { botToken: input.botToken };
    case "ntfy":
      return { url: input.url, token: input.token, priority: input.priority };
    default:
      return { url: input.url };
  }
}

/** Enough to tell targets apart, not enough to use one: the host and the last characters. */
function hintOf(input: NewTarget): string {
  const tail = (secret: string) => `…${secret.slice(-4)}`;
  if (input.kind === "telegram")
    return `bot ${input.botToken.split(":")[0]} ${tail(input.botToken)}`;
  const host = new URL(input.url).host;
  return `${host} ${tail(input.url)}${input.kind === "ntfy" && input.token ? " (token set)" : ""}`;
}

const changeDeclaration = declare({
  method: "patch",
  path: "/sites/:site/notification-targets/:target",
  owner: true,
  params: targetParamsSchema,
  body: targetChangeSchema,
  response: targetSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const change: Handler<typeof changeDeclaration> = async (c, { params, body: input }) => {
  const db = databaseOf(c.env, params.site);
  const target = await updateTarget(
    db,
    params.site,
    params.target,
    input,
    new Date().toISOString(),
  );
  if (!target) throw targetNotFound();
  return c.json(toTargetAnswer(target));
};

const removeDeclaration = declare({
  method: "delete",
  path: "/sites/:site/notification-targets/:target",
  owner: true,
  params: targetParamsSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

const remove: Handler<typeof removeDeclaration> = async (c, { params }) => {
  if (!(await deleteTarget(databaseOf(c.env, params.site), params.site, params.target))) {
    throw targetNotFound();
  }
  return c.body(null, 204);
};

const telegramWebhookDeclaration = declare({
  method: "post",
  path: "/sites/:site/notification-targets/:target/telegram-webhook",
  owner: true,
  params: targetParamsSchema,
  response: telegramWebhookSchema,
  errors: [400, 401, 403, 404, 503],
});

/**
 * Points the target's bot at this Worker (setWebhook), with the site's secret token, asking
 * only for button presses. Every moderating chat of the site may share one bot.
 */
const registerTelegramWebhook: Handler<typeof telegramWebhookDeclaration> = async (
  c,
  { params },
) => {
  const db = databaseOf(c.env, params.site);
  const target = await getTarget(db, params.site, params.target);
  if (!target) throw targetNotFound();
  if (target.kind !== "telegram") {
    throw invalidInput({ target: "Only a Telegram target has a bot to register." });
  }
  const base = publicUrl(c.env);
  if (!base) {
    throw new ApiError(
      "unavailable",
      "Set PUBLIC_URL first: Telegram needs this Worker's address.",
    );
  }
  const keys = c.get("keys");
  const { botToken } = JSON.parse(await keys.decrypt(target.secretEncrypted)) as TargetSecret;
  const url = `${base}/telegram/${params.site}`;
  const registered = await callTelegram(botToken!, "setWebhook", {
    url,
    secret_token: await webhookSecretFor(keys, params.site),
    allowed_updates: ["callback_query"],
  });
  if (!registered) {
    throw new ApiError("unavailable", "Telegram did not take the webhook; check the bot token.");
  }
  return c.json({ url });
};

const targetNotFound = () => new ApiError("not_found", "No such notification target.");
