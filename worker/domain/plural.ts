/**
 * A plural form of the widget's words ({one, few, many, other}, as Intl.PluralRules names
 * them) for n in the language, with {n} filled in: "3 comments", "Show 1 more reply". One
 * function for the widget, count.js and the server-rendered thread (thread-html.ts). It
 * lives in the domain, as the language list does, so the Worker imports nothing from
 * widget/ but types; the widget takes it through i18n/plural.ts.
 */
export function plural(forms: Record<string, string>, lang: string, n: number): string {
  const form = forms[new Intl.PluralRules(lang).select(n)] ?? forms.other ?? "{n}";
  return form.replace("{n}", String(n));
}
