/**
 * The embed's configuration, read from its own <script> tag (API.md, "Embed").
 * Anything wrong throws a ConfigError, which index.tsx reports with the "[parley]" prefix.
 */
import type { Page } from "./api";
import { pickLanguage } from "./i18n";

export type Theme = "auto" | "light" | "dark";
export type Sort = "oldest" | "newest";

export interface Options {
  /** Where the API lives: the origin embed.js was loaded from. */
  origin: string;
  site: string;
  page: Page;
  target: Element;
  theme: Theme;
  lang: string;
  sort: Sort;
}

export class ConfigError extends Error {}

function oneOf<T extends string>(name: string, value = "", allowed: T[]): T {
  if (value && !(allowed as string[]).includes(value)) {
    throw new ConfigError(`data-${name}="${value}" must be one of ${allowed}`);
  }
  return (value || allowed[0]) as T;
}

function findTarget(script: HTMLScriptElement, selector = ""): Element {
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

export function readOptions(script: HTMLScriptElement | null): Options {
  if (!script?.src) throw new ConfigError("load embed.js with a classic <script src> tag");
  const data = script.dataset;
  const site = data.site ?? "";
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(site)) {
    throw new ConfigError(`data-site="${site}" must be a site id, like data-site="blog"`);
  }
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href;
  return {
    origin: new URL(script.src).origin,
    site,
    page: {
      key: data.pageKey || (canonical ? new URL(canonical).pathname : location.pathname),
      url: canonical || location.href.split("#")[0]!,
      title: data.pageTitle || document.title || null,
    },
    target: findTarget(script, data.target),
    theme: oneOf("theme", data.theme, ["auto", "light", "dark"]),
    lang: pickLanguage(data.lang || document.documentElement.lang),
    sort: oneOf("sort", data.sort, ["oldest", "newest"]),
  };
}
