/**
 * The article pages the tests open, served by global-setup.ts from their own origin.
 * /articles/<slug>?site=…&theme=…&lang=…&htmlLang=…&hostile=1&colors=dark&canonical=URL —
 * each query parameter becomes the matching data-* attribute (or page feature), so a test
 * states its page in its URL.
 */
export interface E2eEnv {
  workerOrigin: string;
  hostOrigin: string;
  moderatorToken: string;
  /** Everything wrangler dev logged, including where the local mail binding put each mail. */
  workerLog: string;
  /** A directory whose `<name>.html` files the host origin serves at /pages/<name>.html. */
  pagesDir: string;
  /** The Worker's local D1 (for states no request can reach: a reply pulled from Mastodon). */
  d1Dir: string;
}

/** Both sites allow the host-page origin. Limits are raised: every test posts from 127.0.0.1. */
const common = { minSubmitSeconds: 0, rateLimitPerMinute: 10000, rateLimitPerDay: 100000 };
export const SITES = {
  /** The default: first-time authors are held for review. */
  "e2e-held": { ...common },
  /** Everything approved at once; replies nest one level (maxDepth 2). */
  "e2e-open": { ...common, moderation: "none", maxDepth: 2 },
  /** Cloudflare Turnstile on, with its documented always-passing test site key. */
  "e2e-turnstile": { ...common, moderation: "none", turnstileSiteKey: "1x00000000000000000000AA" },
  /** Sends mail (through the local Email Service binding): readers are offered follow-ups. */
  "e2e-mail": { ...common, moderation: "none", mailFrom: "comments@blog.example" },
};

/** Global CSS of the kind that breaks naive widgets. */
export const HOSTILE_CSS = `
  * { display: inline !important; color: red !important; font-size: 2px !important;
      background: yellow !important; visibility: visible !important; }
  button { display: none !important; }
  input, textarea { width: 1px !important; height: 1px !important; }
  h2 { text-transform: uppercase !important; letter-spacing: 10px !important; }
  head, style, script { display: none !important; }
`;

/** The page's own colours (text, background, links), for the `auto` theme to follow. */
export const PAGE_COLORS = {
  dark: { text: "rgb(216, 222, 233)", background: "rgb(22, 24, 29)", link: "rgb(136, 192, 208)" },
  tinted: { text: "rgb(61, 43, 31)", background: "rgb(243, 233, 210)", link: "rgb(160, 82, 45)" },
};

const escapeAttr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

function colorsCss(name: string | null): string {
  const colors = PAGE_COLORS[name as keyof typeof PAGE_COLORS];
  return colors
    ? `body { color: ${colors.text}; background: ${colors.background}; } a { color: ${colors.link}; }`
    : "";
}

export function renderHostPage(env: E2eEnv, url: URL): string {
  const q = url.searchParams;
  const attrs: Record<string, string | null> = {
    "data-site": q.has("site") ? q.get("site") : "e2e-held",
    "data-theme": q.get("theme"),
    "data-lang": q.get("lang"),
    "data-sort": q.get("sort"),
    "data-page-key": q.get("pageKey"),
    "data-refresh": q.get("refresh"),
    // What a site's server renders for its signed-in user (single sign-on).
    "data-sso": q.get("sso"),
  };
  const attrText = Object.entries(attrs)
    .filter(([, value]) => value !== null && value !== "")
    .map(([name, value]) => ` ${name}="${escapeAttr(value!)}"`)
    .join("");
  return `<!doctype html>
<html lang="${escapeAttr(q.get("htmlLang") ?? "en")}">
<head>
  <meta charset="utf-8">
  <title>Test article ${escapeAttr(url.pathname)}</title>
  <link rel="canonical" href="${escapeAttr(q.get("canonical") ?? env.hostOrigin + url.pathname)}">
  <style>body { font-family: Georgia, serif; max-width: 40rem; margin: 1rem auto; }
  ${colorsCss(q.get("colors"))}
  ${q.get("hostile") ? HOSTILE_CSS : ""}</style>
</head>
<body>
  <h1 id="title">An article</h1>
  <p id="host-text">Host page text.</p>
  <button id="host-button" type="button">Host button</button>
  <div id="parley-comments"></div>
  <script src="${env.workerOrigin}/embed.js"${attrText} async></script>
  <p id="after">The page goes on after the comments.</p>
</body>
</html>`;
}

/**
 * An article list, as a blog's front page has: /lists/<name>?site=…&slugs=a,b&lang=… links
 * each slug's article with an href ending in #comments, plus one element naming its page
 * with data-parley-count, and loads count.js.
 */
export function renderListPage(env: E2eEnv, url: URL): string {
  const q = url.searchParams;
  const slugs = (q.get("slugs") ?? "").split(",").filter(Boolean);
  const items = slugs
    .map(
      (slug) =>
        `<li><a href="/articles/${escapeAttr(slug)}">${escapeAttr(slug)}</a> · ` +
        `<a class="count" href="/articles/${escapeAttr(slug)}#comments">Comments</a></li>`,
    )
    .join("");
  const named = slugs[0]
    ? `<p>First: <span id="named" data-parley-count="/articles/${escapeAttr(slugs[0])}">…</span></p>`
    : "";
  return `<!doctype html>
<html lang="${escapeAttr(q.get("lang") ?? "en")}">
<head><meta charset="utf-8"><title>Articles</title></head>
<body>
  <ul id="articles">${items}</ul>
  ${named}
  <script src="${env.workerOrigin}/count.js" data-site="${escapeAttr(q.get("site") ?? "e2e-open")}" async></script>
</body>
</html>`;
}
