/**
 * "3 comments" in every language, for the small scripts that load nothing else of the
 * widget (count.js, recent.js), and the language their script tag asks for.
 */
// One file per language, so each locale chunk of the widget carries only its own.
import { deCount } from "./de";
import { enCount } from "./en";
import { esCount } from "./es";
import { frCount } from "./fr";
import { ruCount } from "./ru";
import { ukCount } from "./uk";
import { zhCount } from "./zh";

export const countForms: Record<string, Record<string, string>> = {
  en: enCount,
  de: deCount,
  fr: frCount,
  es: esCount,
  ru: ruCount,
  uk: ukCount,
  zh: zhCount,
};

/** The script's `data-lang`, else the page's `<html lang>`, as one of ours (else en). */
export function scriptLanguage(script: HTMLScriptElement): string {
  const tag = (script.dataset.lang || document.documentElement.lang || "en").toLowerCase();
  const lang = tag.split(/[-_]/)[0]!;
  return countForms[lang] ? lang : "en";
}
