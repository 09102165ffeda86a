/** A mail as Parley hands it to a transport (mail/transport.ts), and what became of it. */
export interface OutgoingMail {
  from: { email: string; name: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** The same for every retry of one mail, for a transport that deduplicates. */
  idempotencyKey: string;
}

/** Sent, or why not: an HTTP status or an error's name, never part of the message. */
export type MailResult = { sent: true } | { sent: false; error: string };
