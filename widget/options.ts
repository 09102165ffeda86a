/**
 * The embed's configuration (API.md, "Embed"): its <script> tag's data-* attributes, the
 * object given to Parley.mount() or update(), or a <parley-comments> element's attributes,
 * all read by readOptions() under the same names (data-page-key, pageKey, page-key).
 * Anything wrong throws a ConfigError, which index.tsx reports with the "[parley]" prefix.
 */
import type { Endpoint, Page } from "./api";
import { pickLanguage } from "./i18n";

export type Theme = "auto" | "light" | "dark";
export type Sort = "oldest" | "newest" | "best";

/**
 * The settings as given, by their camelCase names (a dataset's): whatever a page passes is
 * read here, so a field added to readOptions() reaches mount(), update() and the element.
 */
export type Settings = Record<string, string | undefined>;

/** `origin` (where the API lives) is the origin embed.js was loaded from. */
export interface Options extends Endpoint {
  site: string;
  page: Page;
  target: Element;
  theme: Theme;
  lang: string;
  /** The list's order; the sort control changes it. */
  sort: Sort;
  /** Under the `auto` theme: the host page's link colour, the widget's accent. */
  accent: string | null;
  /** Seconds between looks for new comments while the tab is visible; 0: never. */
  refresh: number;
  /**
   * The signed-in user's payload from the host page (`data-sso`, docs/single-sign-on.md);
   * null: nobody is signed in. Never stored: a page rendered without it logs the widget out.
   */
  sso: string | null;
}

export class ConfigError extends Error {}

function oneOf<T extends string>(name: string, value = "", allowed: T[]): T {
  if (value && !(allowed as string[]).includes(value)) {
    throw new ConfigError(`data-${name}="${value}" must be one of ${allowed}`);
  }
  return (value || allowed[0]) as T;
}

/** The element a script tag's thread goes into (data-target, #parley-comments, or a new one). */
export function findTarget(script: HTMLScriptElement, selector = ""): Element {
  let target: Element | null = null;
  try {
    target = document.querySelector(selector || "#parley-comments");
  } catch {
    // An invalid selector is reported below, as a target that matches nothing.
  }
  if (target) return target;
  if (selector) throw new ConfigError(`data-target="${selector}" matches no element`);
  target = document.createElement("div");
  script.after(target);
  return target;
}

/**
 * The colour the page gives its links where the widget sits, read off a hidden link put
 * there for a moment: under `auto` the widget takes it as its accent.
 */
function linkColor(near: Element): string {
  const probe = document.createElement("a");
  probe.href = "#";
  probe.hidden = true;
  near.before(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

export function readOptions(
  data: Settings,
  origin: string,
  target: Element,
  signal?: AbortSignal,
): Options {
  const site = data.site ?? "";
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(site)) {
    throw new ConfigError(`data-site="${site}" must be a site id, like data-site="blog"`);
  }
  const link = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  const canonical = link ? new URL(link) : null;
  const theme = oneOf<Theme>("theme", data.theme, ["auto", "light", "dark"]);
  return {
    origin,
    signal,
    site,
    page: {
      // Copies of an article (staging, AMP, syndication) share its thread through the
      // canonical path, but post from where they are: the canonical address may be on a
      // host that is not one of the site's origins.
      key: data.pageKey || (canonical ? canonical.pathname : location.pathname),
      url: canonical?.origin === location.origin ? canonical.href : location.href.split("#")[0]!,
      title: data.pageTitle || document.title || null,
    },
    target,
    theme,
    lang: pickLanguage(data.lang || document.documentElement.lang),
    sort: oneOf("sort", data.sort, ["oldest", "newest", "best"]),
    accent: theme === "auto" ? linkColor(target) : null,
    refresh: data.refresh ? Math.max(0, Number(data.refresh) || 0) : 60,
    sso: data.sso || null,
  };
}
