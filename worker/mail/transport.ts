/**
 * The mailer seam: one message in, sent or not out. Two real transports, chosen by what the
 * deployment has: Cloudflare Email Service through a `send_email` binding named EMAIL, else
 * Resend's HTTP API with the RESEND_API_KEY secret. Neither ever sees a message twice on
 * purpose: the outbox retries only what failed, with the same idempotency key.
 */
import type { Bindings } from "../env";
import { sendThroughEmailService } from "../clients/email-service";
import { sendThroughResend } from "../clients/resend";
import type { MailResult, OutgoingMail } from "./message";

export type { MailResult, OutgoingMail };

export type Transport = (mail: OutgoingMail) => Promise<MailResult>;

export function transportFor(env: Bindings): Transport | null {
  const binding = env.EMAIL;
  if (binding) return (mail) => sendThroughEmailService(binding, headerSafe(mail));
  const key = env.RESEND_API_KEY;
  if (key) return (mail) => sendThroughResend(key, headerSafe(mail));
  return null;
}

/** Control characters (a line break above all) in a header value would start a new header. */
const oneLine = (value: string) => value.replace(/\p{Cc}+/gu, " ");

/**
 * Every value that becomes a mail header, on one line, whatever a site stored before its
 * names were checked (schemas/common.ts `ownerNameSchema`).
 */
function headerSafe(mail: OutgoingMail): OutgoingMail {
  return {
    ...mail,
    from: { email: oneLine(mail.from.email), name: oneLine(mail.from.name) },
    to: oneLine(mail.to),
    subject: oneLine(mail.subject),
    headers: Object.fromEntries(
      Object.entries(mail.headers).map(([name, value]) => [oneLine(name), oneLine(value)]),
    ),
  };
}
