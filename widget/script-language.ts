/**
 * The language a small script (count.js, recent.js) writes in: its tag's `data-lang`, else
 * the page's `<html lang>`, as one of the languages `known` has words in (else en).
 */
export function scriptLanguage(script: HTMLScriptElement, known: object): string {
  const tag = (script.dataset.lang || document.documentElement.lang || "en").toLowerCase();
  const lang = tag.split(/[-_]/)[0]!;
  return lang in known ? lang : "en";
}
