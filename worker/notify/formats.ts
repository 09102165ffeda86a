/**
 * Each target's native message for a notice, as the request to make: Slack's blocks
 * (incoming webhooks), Discord's embeds (execute webhook), Telegram's HTML (Bot API
 * sendMessage), ntfy's plain text with title, tags and priority headers (publish), and a
 * generic JSON document. Every string a stranger typed (a name, a page title, the comment)
 * is escaped for the markup it lands in, and none of them may ping anyone. Pure.
 */
import type { TargetKind, TargetSecret } from "../schemas/notification-targets";
import type { NoticeComment } from "../storage/notification-outbox";
import { authorOf, excerptOf, headline, reasonsOf, type Notice } from "./notice";

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Destination {
  kind: TargetKind;
  secret: TargetSecret;
  chatId: string | null;
  /** Telegram: held comments carry the moderation buttons. */
  moderate: boolean;
}

/** The buttons' data, made by the caller (its tag is keyed: telegram-moderation.ts). */
export type ButtonData = (action: "approve" | "spam" | "reject") => Promise<string>;

export async function requestFor(
  notice: Notice,
  to: Destination,
  buttonData: ButtonData,
): Promise<OutgoingRequest> {
  const json = (url: string, body: unknown): OutgoingRequest => ({
    url,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  switch (to.kind) {
    case "slack":
      return json(to.secret.url!, slackMessage(notice));
    case "discord":
      return json(to.secret.url!, discordMessage(notice));
    case "telegram": {
      const buttons =
        to.moderate && notice.event === "held" && notice.comment
          ? await moderationKeyboard(buttonData)
          : undefined;
      return json(telegramMethodUrl(to.secret.botToken!, "sendMessage"), {
        chat_id: to.chatId,
        ...telegramText(notice),
        ...(buttons ? { reply_markup: buttons } : {}),
      });
    }
    case "ntfy":
      return ntfyMessage(notice, to.secret);
    case "webhook":
      return json(to.secret.url!, webhookDocument(notice));
  }
}

/** Slack's rule: &, < and > escaped, so `<!channel>` or `<url|label>` stay text. */
export const escapeSlack = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

function slackMessage(notice: Notice) {
  const title = escapeSlack(headline(notice));
  const blocks: unknown[] = [{ type: "section", text: { type: "mrkdwn", text: `*${title}*` } }];
  const { comment } = notice;
  if (comment) {
    // Quoted line by line, so the comment cannot start a block of its own.
    const quote = escapeSlack(excerptOf(comment.body))
      .split("\n")
      .map((line) => `>${line}`)
      .join("\n");
    blocks.push(
      { type: "section", text: { type: "mrkdwn", text: quote } },
      {
        type: "context",
        elements: [{ type: "plain_text", text: contextLine(comment), emoji: false }],
      },
    );
  }
  if (notice.deskUrl) {
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: "Open the desk" },
          url: notice.deskUrl,
        },
      ],
    });
  }
  return { text: title, blocks };
}

const contextLine = (comment: NoticeComment) =>
  [`by ${authorOf(comment)}`, reasonsOf(comment) && `held: ${reasonsOf(comment)}`]
    .filter(Boolean)
    .join(" · ");

/** Discord's markdown characters, backslashed; mentions are also switched off below. */
export const escapeDiscord = (text: string) => text.replace(/[\\*_~`|>#[\]()<@-]/g, "\\$&");

const eventColors = {
  held: 0xd97706,
  approved: 0x16a34a,
  reported: 0xdc2626,
  "spam-digest": 0x6b7280,
};

function discordMessage(notice: Notice) {
  const { comment } = notice;
  const embed: Record<string, unknown> = {
    title: headline(notice).slice(0, 256),
    color: eventColors[notice.event],
  };
  if (notice.deskUrl) embed.url = notice.deskUrl;
  if (comment) {
    embed.description = escapeDiscord(excerptOf(comment.body));
    embed.author = { name: authorOf(comment).slice(0, 256) };
    embed.timestamp = comment.createdAt;
    if (comment.reasons.length) {
      embed.fields = [
        { name: "Held because", value: escapeDiscord(reasonsOf(comment)).slice(0, 1024) },
      ];
    }
  }
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/** Telegram's HTML mode needs &, < and > escaped, and " inside an attribute. */
export const escapeTelegram = (text: string) => escapeSlack(text).replaceAll('"', "&quot;");

export const telegramMethodUrl = (botToken: string, method: string) =>
  `https://api.telegram.org/bot${botToken}/${method}`;

/** The message's text in HTML mode, with a line below it when a moderator has acted. */
export function telegramText(notice: Notice, footer?: string) {
  const { comment } = notice;
  const lines = [`<b>${escapeTelegram(headline(notice))}</b>`];
  if (comment) {
    lines.push(
      `<blockquote>${escapeTelegram(excerptOf(comment.body))}</blockquote>`,
      escapeTelegram(contextLine(comment)),
    );
  }
  if (notice.deskUrl) lines.push(`<a href="${escapeTelegram(notice.deskUrl)}">Open the desk</a>`);
  if (footer) lines.push(`<i>${escapeTelegram(footer)}</i>`);
  return {
    text: lines.join("\n"),
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
  };
}

async function moderationKeyboard(buttonData: ButtonData) {
  return {
    inline_keyboard: [
      [
        { text: "Approve", callback_data: await buttonData("approve") },
        { text: "Spam", callback_data: await buttonData("spam") },
        { text: "Reject", callback_data: await buttonData("reject") },
      ],
    ],
  };
}

const ntfyTags = {
  held: "hourglass",
  approved: "speech_balloon",
  reported: "warning",
  "spam-digest": "wastebasket",
};

function ntfyMessage(notice: Notice, secret: TargetSecret): OutgoingRequest {
  const { comment } = notice;
  const headers: Record<string, string> = {
    "Content-Type": "text/plain; charset=utf-8",
    Title: headerText(headline(notice)),
    Tags: ntfyTags[notice.event],
    Priority: String(secret.priority ?? 3),
  };
  if (notice.deskUrl) headers.Click = notice.deskUrl;
  if (secret.token) headers.Authorization = `Bearer ${secret.token}`;
  const body = comment ? `${excerptOf(comment.body)}\n— ${contextLine(comment)}` : headline(notice);
  return { url: secret.url!, headers, body };
}

/**
 * A header value in ASCII: text outside it as an RFC 2047 encoded word, which ntfy decodes
 * (a header cannot carry UTF-8, and fetch refuses what Latin-1 cannot hold). Line breaks go.
 */
function headerText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7E]*$/.test(flat)) return flat;
  const bytes = new TextEncoder().encode(flat);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?=`;
}

const webhookEvents = {
  held: "comment.held",
  approved: "comment.approved",
  reported: "comment.reported",
  "spam-digest": "spam.digest",
};

/** For programs: the event and the public facts, no address and no network. */
function webhookDocument(notice: Notice) {
  const { comment } = notice;
  return {
    event: webhookEvents[notice.event],
    text: headline(notice),
    site: notice.site,
    ...(comment
      ? {
          thread: { key: comment.threadKey, title: comment.pageTitle, url: comment.pageUrl },
          comment: {
            id: comment.id,
            status: comment.status,
            author: comment.authorName,
            excerpt: excerptOf(comment.body),
            reasons: comment.reasons,
            reports: comment.reports,
            createdAt: comment.createdAt,
          },
        }
      : { spam: { count: notice.spamCount } }),
    deskUrl: notice.deskUrl,
  };
}
