/** "3 comments" in every language, for count.js, which loads nothing else of the widget. */
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
