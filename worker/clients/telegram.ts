/**
 * The Telegram Bot API calls Parley makes besides sending a message (notify/formats.ts):
 * editing the message a moderator acted on, answering the button press, and registering
 * the Worker's webhook with its secret token. Each has a timeout; none throws for
 * Telegram's answer, so a caller decides what a failure means.
 */
import { telegramMethodUrl } from "../notify/formats";

const timeoutMs = 5000;

/** Calls one Bot API method; true when Telegram answered `{"ok": true}`. */
export async function callTelegram(
  botToken: string,
  method: "editMessageText" | "answerCallbackQuery" | "setWebhook",
  parameters: Record<string, unknown>,
): Promise<boolean> {
  try {
    const response = await fetch(telegramMethodUrl(botToken, method), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(parameters),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await response.json().catch(() => null)) as { ok?: boolean } | null;
    if (!response.ok || answer?.ok !== true) {
      console.warn(`telegram ${method} answered ${response.status}`);
      return false;
    }
    return true;
  } catch (error) {
    console.warn(`telegram ${method} failed: ${error instanceof Error ? error.name : "error"}`);
    return false;
  }
}
