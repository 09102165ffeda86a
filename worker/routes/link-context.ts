/** What the page of a mail link is answered with (mail-links.ts, reader-links.ts). */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { LinkClaims } from "../mail/links";
import type { PageButton, PageContent } from "../mail/page";
import type { MailStrings } from "../mail/strings";
import type { LinkSubject } from "../storage/mail-links";

/** A posted form as Hono reads it. */
export type Form = Record<string, string | File | (string | File)[]>;

export interface LinkContext {
  c: Context<AppEnv>;
  db: D1Database;
  claims: LinkClaims;
  subject: LinkSubject;
  s: MailStrings;
  answer: (
    heading: string,
    status?: number,
    buttons?: PageButton[],
    quote?: boolean,
    link?: PageContent["link"],
  ) => Promise<Response>;
  /** The key a single-use link is used up by (its nonce). */
  usedKey: string | undefined;
}
