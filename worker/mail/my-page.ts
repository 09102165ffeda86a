/**
 * The "my comments" page (routes/reader-links.ts): everything an address wrote on a site,
 * each subscription with its unsubscribe button, the JSON export and the erasure. Its forms
 * post to /mail/mine with the page's own token (an hour's, signed like a mail link), never
 * the magic link's, which opening the page used up. No script, as every page behind a link.
 */
import { html, raw, type Html } from "../domain/html";
import type { CommentStatus } from "../domain/comment";
import type { ReaderData, ReaderDataComment } from "../storage/reader-data";
import { fill, type MailStrings } from "./strings";

/** Where the page's forms post. */
export const myPagePath = "/mail/mine";

/** A button that posts the page's token and `fields` (to `action`, else the page's own path). */
export function pageForm(
  token: string,
  fields: Record<string, string>,
  label: string,
  options: { action?: string; quiet?: boolean } = {},
): Html {
  const hidden = Object.entries({ t: token, ...fields }).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  const quiet = options.quiet ? html` class="quiet"` : "";
  return html`<form method="post" action="${options.action ?? myPagePath}">${hidden}<button type="submit"${quiet}>${label}</button></form>`;
}

function statusWord(status: CommentStatus, r: MailStrings["reader"]): string {
  if (status === "approved") return r.approved;
  return status === "pending" ? r.pending : r.hidden;
}

function commentHtml(comment: ReaderDataComment, r: MailStrings["reader"]): Html {
  const where =
    comment.status === "approved" && comment.pageUrl
      ? html`<a href="${`${comment.pageUrl.split("#")[0]}#comment-${comment.id}`}">${comment.pageTitle}</a>`
      : html`${comment.pageTitle}`;
  const when = comment.createdAt.slice(0, 10);
  // The Worker's own sanitised rendering (domain/render.ts).
  const body = raw(comment.html);
  // The link pages' own "{author} on “{page}”:" style: one stylesheet for them all.
  return html`<p class="by">${where} · ${when} · ${statusWord(comment.status, r)}</p><blockquote>${body}</blockquote>`;
}

/** The page's body under its heading: comments, subscriptions, then export and erase. */
export function myPageBody(data: ReaderData, token: string, s: MailStrings): Html {
  const r = s.reader;
  const comments = data.comments.length
    ? data.comments.map((comment) => commentHtml(comment, r))
    : html`<p>${r.none}</p>`;
  const subscriptions = data.subscriptions.length
    ? html`<section><h2>${r.subscriptions}</h2>${data.subscriptions.map(
        (subscription) =>
          html`<p>${fill(subscription.scope === "all" ? r.all : r.replies, { page: subscription.pageTitle })}</p>${pageForm(
            token,
            { do: "unsubscribe", thread: String(subscription.threadId) },
            r.unsubscribe,
            { quiet: true },
          )}`,
      )}</section>`
    : "";
  const actions = [
    pageForm(token, {}, r.export, { action: `${myPagePath}/export` }),
    pageForm(token, { do: "erase" }, r.erase, { quiet: true }),
  ];
  return html`<section>${comments}</section>${subscriptions}<section>${actions}</section>`;
}
