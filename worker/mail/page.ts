/**
 * The small pages behind mail links (a question with a button, or an answer) and the
 * answer to a comment form that could not be taken (routes/comment-form.ts). No script,
 * one stylesheet allowed by its hash, forms that may post only here, never framed, and no
 * Referer (the address carries the link's token).
 */
import { html, raw, type Html } from "../domain/html";
import type { MailComment } from "../storage/mail-context";

/** A template without values is its own text: the stylesheet is ours, word for word. */
const style = html`body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1f2328;background:#fff}
main{max-width:36rem;margin:0 auto}
h1{font-size:1.25rem;margin:0 0 1rem}
blockquote{margin:0 0 1rem;padding:.25rem 1rem;border-left:3px solid #8c959f}
.by{margin:0 0 .25rem;font-weight:600}
form{display:inline-block;margin:0 .5rem .5rem 0}
button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #1f2328;background:#1f2328;color:#fff;cursor:pointer}
button.quiet{background:transparent;color:inherit}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}button{border-color:#e6edf3;background:#e6edf3;color:#0d1117}}`;

let styleSource: Promise<string> | undefined;
/** The stylesheet's CSP source, hashed once per isolate. */
function styleHash(): Promise<string> {
  styleSource ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(style.toString()))
    .then((digest) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  return styleSource;
}

export interface PageButton {
  label: string;
  /** Sent as `act` (the review page's three choices); absent for a page's one action. */
  act?: string;
  quiet?: boolean;
}

export interface PageContent {
  language: string;
  heading: string;
  /** The comment a moderation page is about, under "{author} on “{page}”:". */
  quote?: { comment: MailComment; wrote: string };
  buttons?: PageButton[];
  /** Lines under the heading (what a form got wrong, say). */
  details?: string[];
  /** A way on from the page. */
  link?: { label: string; href: string };
  /** More of the page, after the heading: the "my comments" page's lists and forms (my-page.ts). */
  body?: Html;
}

function quoteHtml({ comment, wrote }: NonNullable<PageContent["quote"]>): Html {
  // The Worker's own sanitised rendering (domain/render.ts).
  const body = raw(comment.html);
  return html`<p class="by">${wrote}</p><blockquote>${body}</blockquote>`;
}

function buttonHtml(button: PageButton): Html {
  const act = button.act ? html`<input type="hidden" name="act" value="${button.act}">` : "";
  const quiet = button.quiet ? html` class="quiet"` : "";
  // No action attribute: the form posts back to this very address, token included.
  return html`<form method="post">${act}<button type="submit"${quiet}>${button.label}</button></form>`;
}

function pageHtml(content: PageContent): Html {
  const head = html`<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${content.heading}</title><style>${style}</style></head>`;
  const link = content.link
    ? html`<p><a href="${content.link.href}">${content.link.label}</a></p>`
    : "";
  const main = [
    content.body ?? "",
    content.quote ? quoteHtml(content.quote) : "",
    (content.details ?? []).map((line) => html`<p>${line}</p>`),
    (content.buttons ?? []).map(buttonHtml),
    link,
  ];
  return html`<!doctype html><html lang="${content.language}">${head}<body><main><h1>${content.heading}</h1>${main}</main></body></html>`;
}

/** A page's HTML and the headers every such page carries. */
export async function linkPage(content: PageContent, status: number): Promise<Response> {
  return new Response(pageHtml(content).toString(), {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; style-src ${await styleHash()}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
      "Referrer-Policy": "no-referrer",
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
      "X-Frame-Options": "DENY",
    },
  });
}
