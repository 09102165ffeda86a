/**
 * The small pages behind mail links (a question with a button, or an answer) and the
 * answer to a comment form that could not be taken (routes/comment-form.ts). No script,
 * one stylesheet allowed by its hash, forms that may post only here, never framed, and no
 * Referer (the address carries the link's token).
 */
import { escapeHtml } from "../domain/render";
import type { MailComment } from "../storage/mail-context";

const style = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1f2328;background:#fff}
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
    .digest("SHA-256", new TextEncoder().encode(style))
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
}

function quoteHtml({ comment, wrote }: NonNullable<PageContent["quote"]>): string {
  return (
    `<p class="by">${escapeHtml(wrote)}</p>` +
    // The Worker's own sanitised rendering (domain/render.ts).
    `<blockquote>${comment.html}</blockquote>`
  );
}

/** A page's HTML and the headers every such page carries. */
export async function linkPage(content: PageContent, status: number): Promise<Response> {
  const buttons = (content.buttons ?? [])
    .map(
      (button) =>
        // No action attribute: the form posts back to this very address, token included.
        `<form method="post">${
          button.act ? `<input type="hidden" name="act" value="${escapeHtml(button.act)}">` : ""
        }<button type="submit"${button.quiet ? ' class="quiet"' : ""}>${escapeHtml(button.label)}</button></form>`,
    )
    .join("");
  const html =
    `<!doctype html><html lang="${escapeHtml(content.language)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(content.heading)}</title>` +
    `<style>${style}</style></head><body><main><h1>${escapeHtml(content.heading)}</h1>` +
    (content.quote ? quoteHtml(content.quote) : "") +
    (content.details ?? []).map((line) => `<p>${escapeHtml(line)}</p>`).join("") +
    buttons +
    (content.link
      ? `<p><a href="${escapeHtml(content.link.href)}">${escapeHtml(content.link.label)}</a></p>`
      : "") +
    `</main></body></html>`;
  return new Response(html, {
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
