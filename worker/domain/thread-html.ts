/**
 * The thread as an HTML fragment, for readers without JavaScript and for crawlers: what
 * `GET /api/comments.html` answers, and what a static-site build or an edge include puts
 * into the page (README, "Server-rendered comments, caching and replicas").
 *
 * Plain, accessible markup: an <article> per comment with the widget's own anchor
 * (`#comment-<id>`), <time datetime>, schema.org Comment microdata, replies in nested
 * lists, and a form that posts without script. No script, and nothing from a reader is
 * written unescaped except a comment's HTML, which the Worker rendered and sanitised itself
 * (domain/render.ts). One small stylesheet, scoped to `.parley-thread`. Its words are the
 * widget's, in the language asked for (thread-strings.ts).
 */
import type { PublicComment } from "./comment";
import { plural } from "./plural";
import { escapeHtml } from "./render";
import type { ThreadStrings } from "./thread-strings";

export interface ThreadView {
  thread: { key: string; url: string | null; title: string | null; count: number; closed: boolean };
  comments: (PublicComment & { moreReplies?: number })[];
  nextCursor: string | null;
  config: {
    requireEmail: boolean;
    requireName: boolean;
    maxLength: number;
    turnstileSiteKey: string | null;
  };
}

export interface FragmentContext {
  siteId: string;
  /** This Worker's origin: the form posts here, the next page is fetched from here. */
  workerOrigin: string;
  /** Where the form sends the reader back to: the page's own address. */
  pageUrl: string;
  formToken: string;
  sort: string;
  lang: string;
  s: ThreadStrings;
}

const style =
  ".parley-thread{max-width:48rem}" +
  ".parley-thread ol{list-style:none;margin:0;padding:0}" +
  ".parley-thread ol ol{margin-left:1.5rem;padding-left:1rem;border-left:2px solid #8c959f40}" +
  ".parley-thread article{margin:0 0 1.25rem}" +
  ".parley-thread header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}" +
  ".parley-thread .author{font-weight:600}" +
  ".parley-thread .permalink{font-size:.875em;color:inherit;opacity:.75}" +
  ".parley-thread .badge{font-size:.75em;padding:0 .4em;border:1px solid currentColor;border-radius:1em}" +
  ".parley-thread label{display:block;margin:.75rem 0 .25rem;font-weight:600}" +
  ".parley-thread input,.parley-thread textarea{box-sizing:border-box;width:100%;max-width:32rem;font:inherit;padding:.4rem}" +
  ".parley-thread .parley-trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}" +
  ".parley-thread button{font:inherit;margin-top:1rem;padding:.5rem 1.25rem}" +
  "#parley-pending{padding:.75rem 1rem;border-left:4px solid #9a6700}" +
  "#parley-pending:not(:target){display:none}";

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2 Dec 2026, 16:30 UTC" in the thread's language (one formatter per language). */
function formatDate(iso: string, lang: string): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "UTC",
    });
    dateFormats.set(lang, format);
  }
  return `${format.format(new Date(iso))} UTC`;
}

const fill = (template: string, n: number) => template.replace("{n}", String(n));

const attribute = (name: string, value: string) => ` ${name}="${escapeHtml(value)}"`;

function commentHtml(comment: ThreadView["comments"][number], context: FragmentContext): string {
  const { s, lang } = context;
  const id = comment.id;
  const replies = comment.replies.length
    ? `<ol>${comment.replies.map((reply) => `<li>${commentHtml(reply, context)}</li>`).join("")}</ol>`
    : "";
  const more = comment.moreReplies
    ? `<p class="more">${escapeHtml(plural(s.moreReplies, lang, comment.moreReplies))}</p>`
    : "";
  const time =
    `<a class="permalink"${attribute("href", `#comment-${id}`)}>` +
    `<time itemprop="dateCreated"${attribute("datetime", comment.createdAt)}>` +
    `${escapeHtml(formatDate(comment.createdAt, lang))}</time></a>`;
  if (comment.deleted) {
    return (
      `<article id="comment-${escapeHtml(id)}" class="comment deleted">` +
      `<header><span class="author">${escapeHtml(s.deletedNote)}</span>${time}</header></article>${replies}`
    );
  }
  const { name, website } = comment.author;
  const shownName = escapeHtml(name || s.anonymous);
  const author =
    website && /^https?:\/\//i.test(website)
      ? `<a itemprop="url" rel="nofollow ugc noopener"${attribute("href", website)}><span itemprop="name">${shownName}</span></a>`
      : `<span itemprop="name">${shownName}</span>`;
  return (
    `<article id="comment-${escapeHtml(id)}" class="comment" itemprop="comment" itemscope itemtype="https://schema.org/Comment"${attribute("aria-labelledby", `c-${id}`)}>` +
    `<header><span class="author" itemprop="author" itemscope itemtype="https://schema.org/Person"${attribute("id", `c-${id}`)}>${author}</span>` +
    (comment.moderator ? `<span class="badge">${escapeHtml(s.moderator)}</span>` : "") +
    (comment.pinned ? `<span class="badge pinned">${escapeHtml(s.pinned)}</span>` : "") +
    time +
    (comment.editedAt
      ? `<span class="edited">(${escapeHtml(s.edited)} <time itemprop="dateModified"${attribute("datetime", comment.editedAt)}>${escapeHtml(formatDate(comment.editedAt, lang))}</time>)</span>`
      : "") +
    `</header>` +
    // The Worker's own sanitised rendering of the reader's text.
    `<div class="body" itemprop="text">${comment.html}</div>` +
    (comment.likes ? `<p class="likes">${escapeHtml(fill(s.likeLabel, comment.likes))}</p>` : "") +
    `</article>${replies}${more}`
  );
}

function field(name: string, label: string, input: string): string {
  return `<label for="parley-${name}">${label}</label>${input}`;
}

function formHtml(view: ThreadView, context: FragmentContext): string {
  const { s } = context;
  if (view.thread.closed) return `<p class="closed">${escapeHtml(s.closed)}</p>`;
  // A form must know where to bring the reader back to: `url`, or the thread's own.
  if (!context.pageUrl) return "";
  // Turnstile's check runs in the browser: without script it cannot pass.
  if (view.config.turnstileSiteKey) {
    return `<p class="needs-script">${escapeHtml(s.needsScript)}</p>`;
  }
  const { requireName, requireEmail, maxLength } = view.config;
  const hidden = (name: string, value: string) =>
    `<input type="hidden"${attribute("name", name)}${attribute("value", value)}>`;
  const required = (yes: boolean) => (yes ? " required" : "");
  // WordPress's convention, which the widget's notice states: required fields carry a *.
  const label = (text: string, yes: boolean) => escapeHtml(text) + (yes ? " *" : "");
  return (
    `<form id="parley-form" class="parley-form" method="post"${attribute("action", `${context.workerOrigin}/api/comments/form`)}>` +
    `<h3 id="parley-reply-heading">${escapeHtml(s.leaveReply)}</h3>` +
    `<p>${escapeHtml(s.notice)}</p>` +
    hidden("site", context.siteId) +
    hidden("page", view.thread.key) +
    hidden("url", context.pageUrl) +
    (view.thread.title ? hidden("title", view.thread.title) : "") +
    hidden("formToken", context.formToken) +
    field(
      "body",
      label(s.comment, true),
      `<textarea id="parley-body" name="body" rows="6" required${attribute("maxlength", String(maxLength))}></textarea>`,
    ) +
    field(
      "name",
      label(s.name, requireName),
      `<input id="parley-name" name="name" autocomplete="name" maxlength="100"${required(requireName)}>`,
    ) +
    field(
      "email",
      label(s.email, requireEmail),
      `<input id="parley-email" name="email" type="email" autocomplete="email"${required(requireEmail)}>`,
    ) +
    field(
      "website",
      escapeHtml(s.website),
      `<input id="parley-website" name="website" type="url" autocomplete="url">`,
    ) +
    // The honeypot: out of sight and out of the tab order; a person leaves it empty.
    `<div class="parley-trap" aria-hidden="true"><label for="parley-honeypot">Leave this empty</label>` +
    `<input id="parley-honeypot" name="honeypot" tabindex="-1" autocomplete="off"></div>` +
    `<button type="submit">${escapeHtml(s.post)}</button></form>`
  );
}

/** The whole fragment; `tag` is the list's ETag, by which the widget knows what it adopts. */
export function renderThreadHtml(view: ThreadView, context: FragmentContext, tag: string): string {
  const { s, lang } = context;
  const count = view.thread.count;
  // As the widget's heading says it.
  const heading = count === 0 ? s.empty : plural(s.count, lang, count);
  const next = view.nextCursor
    ? `<p><a rel="next"${attribute(
        "href",
        `${context.workerOrigin}/api/comments.html?${new URLSearchParams({
          site: context.siteId,
          page: view.thread.key,
          sort: context.sort,
          cursor: view.nextCursor,
        })}`,
      )}>${escapeHtml(s.loadMore)}</a></p>`
    : "";
  return (
    `<section class="parley-thread"${attribute("lang", lang)} aria-labelledby="parley-heading"${attribute("data-parley-fragment", tag)}>` +
    `<style>${style}</style>` +
    `<h2 id="parley-heading">${escapeHtml(heading)}</h2>` +
    `<p id="parley-pending" role="status">${escapeHtml(s.pending)}</p>` +
    `<ol class="comments">${view.comments.map((comment) => `<li>${commentHtml(comment, context)}</li>`).join("")}</ol>` +
    next +
    formHtml(view, context) +
    `</section>`
  );
}
