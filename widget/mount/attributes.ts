/**
 * The <parley-comments> element's attributes: the script tag's data-* names without
 * `data-`. Custom elements list the attributes they watch, so a setting that options.ts
 * learns to read is added here too.
 */
import type { Settings } from "../options";

export const watchedAttributes = [
  "site",
  "page-key",
  "page-title",
  "theme",
  "lang",
  "sort",
  "refresh",
  "sso",
];

/** The element's settings, by the names readOptions() reads (page-key → pageKey). */
export function settingsOf(element: Element): Settings {
  return Object.fromEntries(
    watchedAttributes.map((name) => [
      name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()),
      element.getAttribute(name) ?? undefined,
    ]),
  );
}
