/**
 * Cloudflare Email Service through its Workers binding (`[[send_email]]` in wrangler.toml):
 * `env.EMAIL.send({ from, to, subject, text, html, headers })`
 * (developers.cloudflare.com/email-service/api/send-emails/workers-api/). The binding throws
 * on failure, with a `code` on the errors it knows.
 */
import type { MailResult, OutgoingMail } from "../mail/message";

export async function sendThroughEmailService(
  binding: SendEmail,
  mail: OutgoingMail,
): Promise<MailResult> {
  try {
    await binding.send({
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    return { sent: true };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      sent: false,
      error: typeof code === "string" ? code : error instanceof Error ? error.name : "error",
    };
  }
}
