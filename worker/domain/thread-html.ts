/**
 * The thread as an HTML fragment, for readers without JavaScript and for crawlers: what
 * `GET /api/comments.html` answers, and what a static-site build or an edge include puts
 * into the page (docs/server-rendering.md).
 *
 * Plain, accessible markup: an <article> per comment with the widget's own anchor
 * (`#comment-<id>`), <time datetime>, schema.org Comment microdata, replies in nested
 * lists, and a form that posts without script. No script, and nothing from a reader is
 * written unescaped: the templates escape what they are given (html.ts), except a comment's
 * HTML, which the Worker rendered and sanitised itself (domain/render.ts). One small stylesheet, scoped to `.parley-thread`. Its words are the
 * widget's, in the language asked for (thread-strings.ts).
 */
import type { PublicComment } from "./comment";
import { html, raw, type Html } from "./html";
import { plural } from "./plural";
import { reactionSymbols, type ReactionKind } from "./reactions";
import { sourceNames } from "./remote-source";
import type { ThreadStrings } from "./thread-strings";

export interface ThreadView {
  thread: {
    key: string;
    url: string | null;
    title: string | null;
    count: number;
    closed: boolean;
    /** The counts of the reactions the site offers (none: no bar). */
    reactions?: Readonly<Record<string, number>>;
  };
  comments: (PublicComment & { moreReplies?: number })[];
  nextCursor: string | null;
  config: {
    requireEmail: boolean;
    requireName: boolean;
    maxLength: number;
    turnstileSiteKey: string | null;
    /** Single sign-on: a site that takes no anonymous comments shows no form, only its sign-in. */
    signIn?: { loginUrl: string | null; anonymous: boolean };
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

/** A template without values is its own text: the stylesheet is ours, word for word. */
const style: Html[] = [
  html`.parley-thread{max-width:48rem}`,
  html`.parley-thread ol{list-style:none;margin:0;padding:0}`,
  html`.parley-thread ol ol{margin-left:1.5rem;padding-left:1rem;border-left:2px solid #8c959f40}`,
  html`.parley-thread article{margin:0 0 1.25rem}`,
  html`.parley-thread header{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline}`,
  html`.parley-thread .author{font-weight:600}`,
  html`.parley-thread .permalink{font-size:.875em;color:inherit;opacity:.75}`,
  html`.parley-thread .badge{font-size:.75em;padding:0 .4em;border:1px solid currentColor;border-radius:1em}`,
  html`.parley-thread label{display:block;margin:.75rem 0 .25rem;font-weight:600}`,
  html`.parley-thread input,.parley-thread textarea{box-sizing:border-box;width:100%;max-width:32rem;font:inherit;padding:.4rem}`,
  html`.parley-thread .parley-trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}`,
  html`.parley-thread button{font:inherit;margin-top:1rem;padding:.5rem 1.25rem}`,
  html`#parley-pending{padding:.75rem 1rem;border-left:4px solid #9a6700}`,
  html`#parley-pending:not(:target){display:none}`,
];

/** Only on a page whose site offers reactions: every other fragment stays byte for byte. */
const reactionsStyle = html`.parley-thread .reactions{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;margin:1rem 0;padding:0}`;

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

function commentHtml(comment: ThreadView["comments"][number], context: FragmentContext): Html {
  const { s, lang } = context;
  const id = comment.id;
  const replies = comment.replies.length
    ? html`<ol>${comment.replies.map((reply) => html`<li>${commentHtml(reply, context)}</li>`)}</ol>`
    : "";
  const more = comment.moreReplies
    ? html`<p class="more">${plural(s.moreReplies, lang, comment.moreReplies)}</p>`
    : "";
  const time = html`<a class="permalink" href="#comment-${id}"><time itemprop="dateCreated" datetime="${comment.createdAt}">${formatDate(comment.createdAt, lang)}</time></a>`;
  if (comment.deleted) {
    return html`<article id="comment-${id}" class="comment deleted"><header><span class="author">${s.deletedNote}</span>${time}</header></article>${replies}`;
  }
  const { name, website } = comment.author;
  const shownName = html`<span itemprop="name">${name || s.anonymous}</span>`;
  const author =
    website && /^https?:\/\//i.test(website)
      ? html`<a itemprop="url" rel="nofollow ugc noopener" href="${website}">${shownName}</a>`
      : shownName;
  const badges = [
    comment.moderator ? html`<span class="badge">${s.moderator}</span>` : "",
    comment.pinned ? html`<span class="badge pinned">${s.pinned}</span>` : "",
    comment.verified ? html`<span class="badge verified">${s.verified}</span>` : "",
    comment.source && /^https?:\/\//i.test(comment.source.url)
      ? html`<a class="badge source" rel="nofollow ugc noopener" href="${comment.source.url}">${sourceNames[comment.source.kind]}</a>`
      : "",
  ];
  const edited = comment.editedAt
    ? html`<span class="edited">(${s.edited} <time itemprop="dateModified" datetime="${comment.editedAt}">${formatDate(comment.editedAt, lang)}</time>)</span>`
    : "";
  const header = html`<header><span class="author" itemprop="author" itemscope itemtype="https://schema.org/Person" id="c-${id}">${author}</span>${badges}${time}${edited}</header>`;
  // The Worker's own sanitised rendering of the reader's text (render.ts).
  const body = raw(comment.html);
  const likes = comment.likes ? html`<p class="likes">${fill(s.likeLabel, comment.likes)}</p>` : "";
  return html`<article id="comment-${id}" class="comment" itemprop="comment" itemscope itemtype="https://schema.org/Comment" aria-labelledby="c-${id}">${header}<div class="body" itemprop="text">${body}</div>${likes}</article>${replies}${more}`;
}

function field(name: string, label: Html, input: Html): Html {
  return html`<label for="parley-${name}">${label}</label>${input}`;
}

const hidden = (name: string, value: string) =>
  html`<input type="hidden" name="${name}" value="${value}">`;

const required = (yes: boolean) => (yes ? html` required` : "");

// WordPress's convention, which the widget's notice states: required fields carry a *.
const label = (text: string, yes: boolean) => html`${text}${yes ? " *" : ""}`;

function formHtml(view: ThreadView, context: FragmentContext): Html | "" {
  const { s } = context;
  if (view.thread.closed) return html`<p class="closed">${s.closed}</p>`;
  // A form must know where to bring the reader back to: `url`, or the thread's own.
  if (!context.pageUrl) return "";
  // Only the site's signed-in users may comment, and a payload needs the widget to send it.
  const signIn = view.config.signIn;
  if (signIn && !signIn.anonymous) {
    const text = s.signIn;
    return html`<p class="sign-in">${signIn.loginUrl ? html`<a href="${signIn.loginUrl}">${text}</a>` : text}</p>`;
  }
  // Turnstile's check runs in the browser: without script it cannot pass.
  if (view.config.turnstileSiteKey) {
    return html`<p class="needs-script">${s.needsScript}</p>`;
  }
  const { requireName, requireEmail, maxLength } = view.config;
  const fields = [
    hidden("site", context.siteId),
    hidden("page", view.thread.key),
    hidden("url", context.pageUrl),
    view.thread.title ? hidden("title", view.thread.title) : "",
    hidden("formToken", context.formToken),
    field(
      "body",
      label(s.comment, true),
      html`<textarea id="parley-body" name="body" rows="6" required maxlength="${maxLength}"></textarea>`,
    ),
    field(
      "name",
      label(s.name, requireName),
      html`<input id="parley-name" name="name" autocomplete="name" maxlength="100"${required(requireName)}>`,
    ),
    field(
      "email",
      label(s.email, requireEmail),
      html`<input id="parley-email" name="email" type="email" autocomplete="email"${required(requireEmail)}>`,
    ),
    field(
      "website",
      label(s.website, false),
      html`<input id="parley-website" name="website" type="url" autocomplete="url">`,
    ),
  ];
  // The honeypot: out of sight and out of the tab order; a person leaves it empty.
  const honeypot = html`<div class="parley-trap" aria-hidden="true"><label for="parley-honeypot">Leave this empty</label><input id="parley-honeypot" name="honeypot" tabindex="-1" autocomplete="off"></div>`;
  return html`<form id="parley-form" class="parley-form" method="post" action="${context.workerOrigin}/api/comments/form"><h3 id="parley-reply-heading">${s.leaveReply}</h3><p>${s.notice}</p>${fields}${honeypot}<button type="submit">${s.post}</button></form>`;
}

/**
 * The page's reactions as they stand, where the site offers them: each kind's symbol,
 * named for assistive technology, and its count. Reacting needs the widget (script).
 */
function reactionsHtml(view: ThreadView, { s }: FragmentContext): Html | "" {
  const kinds = Object.entries(view.thread.reactions ?? {}) as [ReactionKind, number][];
  if (kinds.length === 0) return "";
  const items = kinds.map(
    ([kind, n]) =>
      html`<li><span role="img" aria-label="${s.reactions[kind] ?? kind}">${reactionSymbols[kind] ?? ""}</span> ${n}</li>`,
  );
  return html`<ul class="reactions" aria-label="${s.reactionsLabel}">${items}</ul>`;
}

/** The link to the next page of roots, if there is one. */
function nextHtml(view: ThreadView, context: FragmentContext): Html | "" {
  if (!view.nextCursor) return "";
  const query = new URLSearchParams({
    site: context.siteId,
    page: view.thread.key,
    sort: context.sort,
    cursor: view.nextCursor,
  });
  const href = `${context.workerOrigin}/api/comments.html?${query}`;
  return html`<p><a rel="next" href="${href}">${context.s.loadMore}</a></p>`;
}

/** The whole fragment; `tag` is the list's ETag, by which the widget knows what it adopts. */
export function renderThreadHtml(view: ThreadView, context: FragmentContext, tag: string): string {
  const { s, lang } = context;
  const count = view.thread.count;
  // As the widget's heading says it.
  const heading = count === 0 ? s.empty : plural(s.count, lang, count);
  const comments = view.comments.map((comment) => html`<li>${commentHtml(comment, context)}</li>`);
  const reactions = reactionsHtml(view, context);
  const fragment = html`<section class="parley-thread" lang="${lang}" aria-labelledby="parley-heading" data-parley-fragment="${tag}"><style>${style}${reactions && reactionsStyle}</style><h2 id="parley-heading">${heading}</h2><p id="parley-pending" role="status">${s.pending}</p><ol class="comments">${comments}</ol>${nextHtml(view, context)}${reactions}${formHtml(view, context)}</section>`;
  return fragment.toString();
}
