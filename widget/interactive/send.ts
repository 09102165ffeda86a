/**
 * Sending a comment, and previewing one: its own chunk, fetched when a reader first
 * focuses a form (or sends before that), so the form can be drawn and typed into before
 * any of this has arrived.
 */
import { postComment, previewComment, type NewComment, type Posted } from "../api";
import type { NotifyScope, ThreadContextValue } from "../components/thread-context";
import { forgetToken, loadToken } from "../extras/fragment-tokens";
import { enSend } from "../i18n/en-send";
import { explain, fieldOrder, type Explained } from "./errors";
import { posted } from "./posted";
import { saveAuthor } from "./storage";
import { newIdempotencyKey, normalizeWebsite, validateComment } from "./validate";

export interface Draft {
  body: string;
  honeypot: string;
  parentId?: string | undefined;
  turnstileToken: string | null;
  /** Mail about follow-up comments, where the site offers it. */
  notify: NotifyScope | null;
}

/** The last submission and its Idempotency-Key, per form: a retry reuses the key. */
export interface Attempt {
  signature: string;
  key: string;
}

/** Posted, and whether a subscription now waits for the reader to confirm it by mail. */
export interface Sent {
  sent: true;
  subscription: Posted["subscription"];
}

/**
 * The thread, with the words only sending says. In English they come with this chunk
 * (en-send.ts): a reader may send before the extras chunk, which has them too, is in.
 */
const withSendWords = (thread: ThreadContextValue): ThreadContextValue => ({
  ...thread,
  s: { ...enSend, ...thread.s },
});

/** Sends the draft: what became of it, or what to tell the reader. */
export async function send(
  thread: ThreadContextValue,
  draft: Draft,
  attempt: { current: Attempt | null },
): Promise<Explained | Sent> {
  const ctx = withSendWords(thread);
  const { s, config, options } = ctx;
  const { sso } = options;
  // A signed-in user's name and address are the payload's: none typed is checked or sent.
  const author = sso ? { name: "", email: "", website: "" } : ctx.author;
  const checked = sso ? { ...config, requireName: false, requireEmail: false } : config;
  const fields = validateComment({ body: draft.body, ...author }, checked, s);
  // Mail needs an address to go to.
  if (draft.notify && !author.email.trim()) fields.email = s.required;
  if (fieldOrder.some((field) => fields[field])) {
    return { fields, message: "", retry: false, verify: false };
  }
  if (config.turnstileSiteKey && !draft.turnstileToken) {
    return { fields: {}, message: s.verify, retry: false, verify: true };
  }
  const website = normalizeWebsite(author.website);
  const input: NewComment = {
    site: options.site,
    page: options.page,
    ...(draft.parentId ? { parentId: draft.parentId } : {}),
    author: sso
      ? {}
      : { name: author.name.trim(), email: author.email.trim(), ...(website ? { website } : {}) },
    body: draft.body,
    ...(config.formToken ? { formToken: config.formToken } : {}),
    ...(draft.honeypot ? { honeypot: draft.honeypot } : {}),
    ...(draft.notify ? { notify: draft.notify, mailToken: loadToken("mail", options.site) } : {}),
  };
  // From a verified browser: the comment is marked verified (when the address is the same).
  const readerToken = sso ? null : loadToken("reader", options.site);
  if (readerToken) input.readerToken = readerToken;
  if (sso) input.sso = sso;
  // A retry of the same submission reuses its key, so the server answers it once (the
  // Turnstile token, new for every try, is not part of what makes it the same).
  const signature = JSON.stringify(input);
  if (attempt.current?.signature !== signature) {
    attempt.current = { signature, key: newIdempotencyKey() };
  }
  if (draft.turnstileToken) input.turnstileToken = draft.turnstileToken;
  try {
    const result = await postComment(options, input, attempt.current.key);
    attempt.current = null;
    if (!sso) saveAuthor(ctx.remember ? { ...author, website } : null);
    posted(ctx, result, draft.body);
    return { sent: true, subscription: result.subscription };
  } catch (error) {
    // The reader token expired or was revoked: forgotten, so sending again posts without it.
    if (readerToken && (error as { status?: number }).status === 401) {
      forgetToken("reader", options.site);
      return { fields: {}, message: s.verifyAgain, retry: true, verify: false };
    }
    return explain(error, s, ctx.options.lang, { ...author, body: draft.body, ...config });
  }
}

/** The draft rendered as the Worker would render it (POST /api/preview). */
export async function preview(
  thread: ThreadContextValue,
  body: string,
): Promise<string | Explained> {
  const { s, author, config, options } = withSendWords(thread);
  // Our own sentence, as the markup the server would send (it has no HTML in it).
  const nothing = `<p>${s.nothingToPreview}</p>`;
  if (!body.trim()) return nothing;
  try {
    return (await previewComment(options, options.site, body)).html || nothing;
  } catch (error) {
    return explain(error, s, options.lang, { ...author, body, ...config });
  }
}
