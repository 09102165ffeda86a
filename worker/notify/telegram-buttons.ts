/**
 * The data behind a held comment's Approve, Spam and Reject buttons: `a:<comment>:<tag>`,
 * well inside Telegram's 64 bytes. The tag (a keyed hash of site, comment and action, cut
 * short) makes the data hard to forge, but it is not the authority: Telegram's secret
 * token on the webhook and the chat the owner registered are (routes/telegram.ts).
 */
import { constantTimeEqual, type Keys } from "../domain/keys";

export type ButtonAction = "approve" | "spam" | "reject";

const letters = { approve: "a", spam: "s", reject: "r" } as const;
const tagLength = 12;

const tagOf = async (keys: Keys, siteId: string, commentId: string, action: ButtonAction) =>
  (await keys.hmacBase64Url("telegram", `button:${siteId}:${commentId}:${action}`)).slice(
    0,
    tagLength,
  );

export async function buttonDataFor(
  keys: Keys,
  siteId: string,
  commentId: string,
  action: ButtonAction,
): Promise<string> {
  return `${letters[action]}:${commentId}:${await tagOf(keys, siteId, commentId, action)}`;
}

/** The action and comment a button's data names, if its tag is right for this site. */
export async function readButtonData(
  keys: Keys,
  siteId: string,
  data: string,
): Promise<{ action: ButtonAction; commentId: string } | null> {
  const match = /^([asr]):(c_[A-Za-z0-9_-]{8,40}):([\w-]+)$/.exec(data);
  if (!match) return null;
  const action = (["approve", "spam", "reject"] as const).find((a) => letters[a] === match[1])!;
  const commentId = match[2]!;
  const expected = await tagOf(keys, siteId, commentId, action);
  return constantTimeEqual(match[3]!, expected) ? { action, commentId } : null;
}

/** The secret token Telegram sends with every update of a site's webhook. */
export const webhookSecretFor = (keys: Keys, siteId: string) =>
  keys.hmacBase64Url("telegram", `webhook:${siteId}`);
