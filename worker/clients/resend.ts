/**
 * Resend's HTTP API (resend.com/docs/api-reference/emails/send-email): one POST per mail,
 * the key as a bearer token, and an Idempotency-Key so a retry after a lost answer cannot
 * send the mail twice.
 */
import type { MailResult, OutgoingMail } from "../mail/message";

export const resendUrl = "https://api.resend.com/emails";
const timeoutMs = 10_000;

/** `Name <address>`, with the name quoted so commas or angle brackets in it stay a name. */
function mailbox({ email, name }: { email: string; name: string }): string {
  return `"${name.replace(/[\\"\r\n]/g, "")}" <${email}>`;
}

export async function sendThroughResend(key: string, mail: OutgoingMail): Promise<MailResult> {
  try {
    const response = await fetch(resendUrl, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${key}`,
        "Content-Type": "application/json",
        "Idempotency-Key": mail.idempotencyKey,
      },
      body: JSON.stringify({
        from: mailbox(mail.from),
        to: [mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body may echo the message; only the status is kept.
    await response.body?.cancel();
    return response.ok ? { sent: true } : { sent: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { sent: false, error: error instanceof Error ? error.name : "error" };
  }
}
