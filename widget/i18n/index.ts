/**
 * Language choice and on-demand loading. English ships inside embed.js; every other
 * locale is its own content-hashed chunk, imported from the comment host only when
 * chosen, so a reader downloads one language at most.
 */
import en, { type Strings } from "./en";
import { assetUrl } from "../assets";

export { LANGUAGES, pickLanguage } from "./languages";

/** English comes without the form strings, which arrive with the form (enForm). */
export async function loadStrings(lang: string, origin: string): Promise<Strings> {
  if (lang === "en") return en as Strings;
  try {
    return (await import(assetUrl(lang, origin))).default;
  } catch (error) {
    console.warn(`[parley] could not load the "${lang}" strings, using English`, error);
    return en as Strings;
  }
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name]));
}

export { en, type Strings };
