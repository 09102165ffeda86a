/**
 * Helpers for the mail tests: a stand-in for Cloudflare Email Service's `send_email`
 * binding (only the outbound call is replaced: composing, the outbox, links and digests
 * run for real), posting with that binding bound, and reading links out of a mail.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { deriveKeys } from "../worker/domain/keys";
import type { Bindings } from "../worker/env";
import { deliverOutbox } from "../worker/mail/deliver";
import type { OutgoingMail } from "../worker/mail/transport";
import { callSettled, commentPayload, json, openSite, unique, type PostOptions } from "./helpers";
import { modJson } from "./mod-api";

export const publicUrl = "https://comments.test";
export const sender = "comments@blog.example";

/** What the binding is handed (the Worker's own message, less the Resend-only key). */
export type SentMail = Omit<OutgoingMail, "idempotencyKey">;

/** Records what the Worker sends; `failWith` makes every send throw, as the binding does. */
export function fakeEmailService() {
  const sent: SentMail[] = [];
  const state: { failWith: unknown } = { failWith: null };
  const binding = {
    async send(message: SentMail) {
      if (state.failWith) throw state.failWith;
      sent.push(structuredClone(message));
      return { messageId: `<${sent.length}@parley.test>` };
    },
  };
  const bindings = { EMAIL: binding, PUBLIC_URL: publicUrl } as unknown as Partial<Bindings>;
  return {
    sent,
    bindings,
    /** Mail to one address, in the order sent. */
    to: (address: string) => sent.filter((mail) => mail.to === address),
    fail(error: unknown) {
      state.failWith = error;
    },
    /** Runs what the cron runs, as if at `at`. */
    async deliver(at = new Date()) {
      return deliverOutbox(
        { ...env, ...bindings } as Bindings,
        await deriveKeys(env.SECRET_KEY!),
        at,
      );
    },
  };
}

export type FakeEmail = ReturnType<typeof fakeEmailService>;

/** Posts through the Worker with mail bound, and waits for the delivery it starts. */
export async function postWithMail(
  mail: FakeEmail,
  options: PostOptions & { notify?: "replies" | "all" },
): Promise<any> {
  const { notify, ...rest } = options;
  const res = await callSettled(
    "/api/comments",
    json(
      "POST",
      commentPayload({ ...rest, extra: { ...rest.extra, ...(notify ? { notify } : {}) } }),
      { "CF-Connecting-IP": "203.0.113.80" },
    ),
    mail.bindings,
  );
  const text = await res.text();
  expect(res.status, text).toBe(201);
  return JSON.parse(text);
}

/** The link after `label: ` in a mail's text part, as a path on the Worker. */
export function linkIn(mail: SentMail, label: string): string {
  const match = new RegExp(`${label}: ${publicUrl}(/mail/link\\?t=[\\w.-]+)`).exec(mail.text);
  expect(match, `a "${label}" link in:\n${mail.text}`).not.toBeNull();
  return match![1]!;
}

/** Opens a link's page (GET), or presses its button (POST with the given form). */
export function openLink(mail: FakeEmail, path: string): Promise<Response> {
  return callSettled(path, {}, mail.bindings);
}

export function pressLink(
  mail: FakeEmail,
  path: string,
  form: Record<string, string> = {},
): Promise<Response> {
  return callSettled(
    path,
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    },
    mail.bindings,
  );
}

export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

/** An address no other test uses. */
export const address = (who: string) => `${unique(who)}@example.com`.toLowerCase();

/** A site that sends mail (and approves everything), with these recipients of its notices. */
export async function mailSite(settings: Record<string, unknown> = {}, recipients: string[] = []) {
  const site = await openSite({ mailFrom: sender, mailFromName: "Blog comments", ...settings });
  if (recipients.length) {
    await modJson("PUT", `/api/mod/sites/${site}/recipients`, { emails: recipients });
  }
  return site;
}
