/**
 * HTML that escapes by default, for everything the Worker writes as HTML (the thread
 * fragment, the mail pages, the mail bodies): `html` is a tagged template that escapes each
 * string put into it (& < > " ', so the same text is safe between tags and inside a quoted
 * attribute) and takes as is only what is HTML already, another template's result or what
 * `raw` vouches for. Hono's `hono/html` works the same way, but its result may be a Promise
 * (`HtmlEscapedString | Promise<…>`) and it takes any value (an object prints as
 * "[object Object]"); this one is synchronous, and the compiler refuses anything else.
 * A template's text is written byte for byte, so Prettier leaves it alone
 * (`embeddedLanguageFormatting: "off"`: it would otherwise reformat `html` templates as HTML).
 *
 * The escape itself is the Markdown renderer's (render.ts), as it was. Moving it here would
 * change nothing but the bundle's module order (mail/compose.ts would no longer be what
 * first imports render.ts, so markdown-it would land elsewhere), and that alone costs about
 * 0.85 KiB gzip, measured.
 */

import { escapeHtml } from "./render";

/**
 * HTML that is safe to write as it is: made by `html`, or vouched for with `raw`. Only its
 * type leaves this module, so there is no third way to make one.
 */
class Html {
  constructor(private readonly value: string) {}
  toString(): string {
    return this.value;
  }
}
export type { Html };

/** What a template takes: text (escaped), numbers, HTML, and lists of these (joined). */
type HtmlValue = string | number | Html | readonly HtmlValue[];

function written(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeHtml(value);
  return value.map(written).join("");
}

/** html`<p>${text}</p>`: the template's own text as written, each value escaped unless HTML. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += written(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/**
 * A string taken as HTML, unescaped. Only for HTML that is safe already, a comment's body as
 * the Worker rendered and sanitised it (render.ts); say why at each use.
 */
export const raw = (safe: string): Html => new Html(safe);
