/** The languages Parley speaks (the widget, the server-rendered thread and mail), and how a
 * page's language tag picks one. */
export const languages = ["en", "de", "fr", "es", "ru", "uk", "zh"] as const;
export type Language = (typeof languages)[number];

/** "de-AT" → "de", "zh-Hans-CN" → "zh"; anything we lack → "en". */
export function pickLanguage(tag: string | null | undefined): Language {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return (languages as readonly string[]).includes(primary) ? (primary as Language) : "en";
}
