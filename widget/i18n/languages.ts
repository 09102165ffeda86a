/** The languages Parley speaks, and how a page's language tag picks one (widget and Worker). */
export const LANGUAGES = ["en", "de", "fr", "es", "ru", "uk", "zh"];

/** "de-AT" → "de", "zh-Hans-CN" → "zh"; anything we lack → "en". */
export function pickLanguage(tag: string | null | undefined): string {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return LANGUAGES.includes(primary) ? primary : "en";
}
