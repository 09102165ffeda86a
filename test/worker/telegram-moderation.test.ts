/**
 * Moderating from Telegram: a held comment posted with Approve / Spam / Reject buttons, the
 * bot's webhook registered with a secret token, and crafted updates pressing them. Only
 * `fetch` (Telegram's Bot API) is replaced; the Worker, D1 and the decision code are real.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { asModerator, callSettled, json, openSite, postUnsettled, unique } from "../helpers";
import { mod, modJson, modLog, queued, setStatus } from "../mod-api";

const botToken = "987654321:AAF-moderation_bot_secret_0123456789";
const chatId = -1009876543;
const bindings = { PUBLIC_URL: "https://comments.example" };
const botApi = `https://api.telegram.org/bot${botToken}/`;

afterEach(() => {
  vi.restoreAllMocks();
});

function spyOnTelegram() {
  return vi
    .spyOn(globalThis, "fetch")
    .mockImplementation(async () => Response.json({ ok: true, result: true }));
}
type Spy = ReturnType<typeof spyOnTelegram>;

const callsOf = (spy: Spy, method: string) =>
  spy.mock.calls
    .filter(([url]) => String(url) === `${botApi}${method}`)
    .map(([, init]) => JSON.parse(String(init?.body)));

/** A site moderating from one registered chat, its webhook set up, and one held comment. */
async function heldInTelegram() {
  const site = await openSite({ moderation: "all" });
  const target = await modJson("POST", `/api/mod/sites/${site}/notification-targets`, {
    kind: "telegram",
    botToken,
    chatId: String(chatId),
    events: ["held"],
    moderate: true,
  });
  const spy = spyOnTelegram();
  const { res, settled } = await postUnsettled({
    site,
    page: unique("/tg"),
    body: "Please approve me",
    bindings,
  });
  await settled;
  const posted: any = await res.json();
  const [message] = callsOf(spy, "sendMessage");
  const buttons: { text: string; callback_data: string }[] =
    message.reply_markup.inline_keyboard[0];
  const data = Object.fromEntries(buttons.map((b) => [b.text, b.callback_data]));
  spy.mockRestore();
  return { site, target, commentId: posted.comment.id as string, data };
}

/** The secret token the setup call gave Telegram, read from the setWebhook it sent. */
async function registerWebhook(site: string, targetId: string) {
  const spy = spyOnTelegram();
  const res = await callSettled(
    `/api/mod/sites/${site}/notification-targets/${targetId}/telegram-webhook`,
    asModerator({ method: "POST" }),
    bindings,
  );
  const [call] = callsOf(spy, "setWebhook");
  spy.mockRestore();
  return { res, call };
}

let updateId = 1;
function press(
  site: string,
  options: {
    secret?: string | null;
    data: string;
    chat?: number;
    from?: Record<string, unknown>;
    pressId?: string;
  },
) {
  const headers: Record<string, string> = {};
  if (options.secret !== null) headers["X-Telegram-Bot-Api-Secret-Token"] = options.secret ?? "";
  return callSettled(
    `/telegram/${site}`,
    json(
      "POST",
      {
        update_id: updateId++,
        callback_query: {
          id: options.pressId ?? unique("press"),
          from: options.from ?? { id: 4242, first_name: "Tess", username: "tess_mod" },
          message: { message_id: 77, chat: { id: options.chat ?? chatId } },
          chat_instance: "1",
          data: options.data,
        },
      },
      headers,
    ),
    bindings,
  );
}

async function setUp() {
  const held = await heldInTelegram();
  const { res, call } = await registerWebhook(held.site, held.target.id);
  expect(res.status, await res.clone().text()).toBe(200);
  return { ...held, secret: call.secret_token as string, webhook: call };
}

describe("setting up the bot", () => {
  it("registers the Worker's address with a secret token, asking for button presses only", async () => {
    const { site, webhook } = await setUp();
    expect(webhook).toMatchObject({
      url: `https://comments.example/telegram/${site}`,
      allowed_updates: ["callback_query"],
    });
    expect(webhook.secret_token).toMatch(/^[A-Za-z0-9_-]{20,256}$/);
  });

  it("needs PUBLIC_URL, a Telegram target, and Telegram's yes", async () => {
    const site = await openSite();
    const telegram = await modJson("POST", `/api/mod/sites/${site}/notification-targets`, {
      kind: "telegram",
      botToken,
      chatId: "1",
      events: ["held"],
    });
    const slack = await modJson("POST", `/api/mod/sites/${site}/notification-targets`, {
      kind: "slack",
      url: "https://hooks.slack.com/services/T/B/x",
      events: ["held"],
    });
    const path = (id: string) =>
      `/api/mod/sites/${site}/notification-targets/${id}/telegram-webhook`;
    expect((await mod("POST", path(telegram.id))).status).toBe(503);
    expect((await mod("POST", path(slack.id))).status).toBe(400);
    vi.spyOn(globalThis, "fetch").mockImplementation(async () =>
      Response.json({ ok: false, description: "Unauthorized" }, { status: 401 }),
    );
    const refused = await callSettled(path(telegram.id), asModerator({ method: "POST" }), bindings);
    expect(refused.status).toBe(503);
  });
});

describe("a button pressed in a registered chat", () => {
  it("approves the comment as the Telegram user, edits the message and answers the press", async () => {
    const { site, commentId, data, secret } = await setUp();
    const spy = spyOnTelegram();
    const res = await press(site, { secret, data: data.Approve!, pressId: "press-1" });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await queued(site, commentId)).status).toBe("approved");
    const [entry] = await modLog(site);
    expect(entry).toMatchObject({
      action: "status",
      commentId,
      from: "pending",
      to: "approved",
      actor: { id: "telegram:4242", name: "Tess (@tess_mod) on Telegram" },
    });
    const [edit] = callsOf(spy, "editMessageText");
    expect(edit).toMatchObject({ chat_id: chatId, message_id: 77, parse_mode: "HTML" });
    expect(edit.text).toContain("Please approve me");
    expect(edit.text).toContain("<i>Approved by Tess (@tess_mod) on Telegram</i>");
    expect(edit.reply_markup).toEqual({ inline_keyboard: [] });
    expect(callsOf(spy, "answerCallbackQuery")).toEqual([
      { callback_query_id: "press-1", text: "Approved." },
    ]);
  });

  it("marks spam and rejects through the same decision code", async () => {
    for (const [button, status] of [
      ["Spam", "spam"],
      ["Reject", "rejected"],
    ] as const) {
      const { site, commentId, data, secret } = await setUp();
      spyOnTelegram();
      expect((await press(site, { secret, data: data[button]! })).status).toBe(200);
      expect((await queued(site, commentId)).status).toBe(status);
      vi.restoreAllMocks();
    }
  });

  it("does nothing the second time the same press arrives", async () => {
    const { site, commentId, data, secret } = await setUp();
    const spy = spyOnTelegram();
    await press(site, { secret, data: data.Approve!, pressId: "same" });
    const again = await press(site, { secret, data: data.Reject!, pressId: "same" });
    expect(again.status).toBe(200);
    expect((await queued(site, commentId)).status).toBe("approved");
    expect((await modLog(site)).filter((e) => e.commentId === commentId)).toHaveLength(1);
    const answers = callsOf(spy, "answerCallbackQuery");
    expect(answers.at(-1)).toEqual({
      callback_query_id: "same",
      text: "Already decided: approved.",
    });
    expect(callsOf(spy, "editMessageText")).toHaveLength(1);
  });

  it("leaves a comment a moderator already decided in the desk", async () => {
    const { site, commentId, data, secret } = await setUp();
    await setStatus(commentId, "rejected");
    const spy = spyOnTelegram();
    expect((await press(site, { secret, data: data.Approve! })).status).toBe(200);
    expect((await queued(site, commentId)).status).toBe("rejected");
    expect(callsOf(spy, "answerCallbackQuery")[0].text).toBe("Already decided: rejected.");
  });
});

describe("presses that may not act", () => {
  it("refuses a forged or missing secret token before reading the update", async () => {
    const { site, commentId, data, secret } = await setUp();
    const other = await setUp();
    const spy = spyOnTelegram();
    // Another site's secret opens only that site.
    const forgeries = [null, "", `${secret}x`, secret.slice(0, -1), "A".repeat(secret.length)];
    for (const forged of [...forgeries, other.secret]) {
      const res = await press(site, { secret: forged, data: data.Approve! });
      expect(res.status, String(forged)).toBe(401);
      expect(((await res.json()) as any).error.code).toBe("unauthorized");
    }
    expect((await queued(site, commentId)).status).toBe("pending");
    expect(spy).not.toHaveBeenCalled();
  });

  it("lets no chat the owner did not register act, and answers it", async () => {
    const { site, commentId, data, secret } = await setUp();
    const spy = spyOnTelegram();
    const res = await press(site, { secret, data: data.Approve!, chat: 123456 });
    expect(res.status).toBe(200);
    expect((await queued(site, commentId)).status).toBe("pending");
    expect(callsOf(spy, "answerCallbackQuery")[0].text).toBe("This chat may not moderate here.");
    expect(callsOf(spy, "editMessageText")).toHaveLength(0);
  });

  it("stops a chat whose target no longer moderates", async () => {
    const { site, target, commentId, data, secret } = await setUp();
    await modJson("PATCH", `/api/mod/sites/${site}/notification-targets/${target.id}`, {
      moderate: false,
    });
    spyOnTelegram();
    await press(site, { secret, data: data.Approve! });
    expect((await queued(site, commentId)).status).toBe("pending");
  });

  it("refuses button data it did not make, and a comment that is not there", async () => {
    const { site, commentId, data, secret } = await setUp();
    const spy = spyOnTelegram();
    const [, , tag] = data.Approve!.split(":");
    const forged = [`a:${commentId}:${"x".repeat(12)}`, `r:${commentId}:${tag}`, "approve", ""];
    for (const button of forged) {
      expect((await press(site, { secret, data: button })).status).toBe(200);
    }
    expect((await queued(site, commentId)).status).toBe("pending");
    const answers = callsOf(spy, "answerCallbackQuery").map((a) => a.text);
    expect(answers).toEqual(Array(forged.length).fill("This button is not one Parley made."));

    // A well-made button whose comment was deleted since.
    expect((await mod("DELETE", `/api/mod/comments/${commentId}`)).status).toBe(204);
    await press(site, { secret, data: data.Approve! });
    expect(callsOf(spy, "answerCallbackQuery").at(-1).text).toBe("This comment is gone.");
  });

  it("answers a malformed update with 400 and an oversized one with 413, changing nothing", async () => {
    const { site, commentId, secret } = await setUp();
    const spy = spyOnTelegram();
    const headers = { "X-Telegram-Bot-Api-Secret-Token": secret };
    for (const body of [
      {},
      { update_id: "one" },
      { update_id: 1, callback_query: { id: 5 } },
      [],
    ]) {
      const res = await callSettled(`/telegram/${site}`, json("POST", body, headers), bindings);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await callSettled(
      `/telegram/${site}`,
      { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: "{" },
      bindings,
    );
    expect(notJson.status).toBe(400);
    const huge = await callSettled(
      `/telegram/${site}`,
      json("POST", { update_id: 1, padding: "x".repeat(70 * 1024) }, headers),
      bindings,
    );
    expect(huge.status).toBe(413);
    // An update without a button press (a message, say) is taken and ignored.
    const message = await callSettled(
      `/telegram/${site}`,
      json("POST", { update_id: 2, message: { text: "/start" } }, headers),
      bindings,
    );
    expect(message.status).toBe(200);
    expect((await queued(site, commentId)).status).toBe("pending");
    expect(spy).not.toHaveBeenCalled();
  });

  it("refuses an unknown site's address: no secret is right for it", async () => {
    const res = await press(unique("nosite"), { secret: "x".repeat(43), data: "a:c_12345678:x" });
    expect(res.status).toBe(401);
  });
});
