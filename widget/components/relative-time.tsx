/** Seconds in each unit, largest first, as Intl.RelativeTimeFormat names them. */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

/** "14 March 2026 at 09:30" in the reader's language. */
export const longDate = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });

/** "3 hours ago" in the reader's language, with the exact time on hover. */
export function RelativeTime({ iso, lang }: { iso: string; lang: string }) {
  // A clock a little ahead of the server's must not say "in 2 seconds".
  const seconds = Math.min(0, (Date.parse(iso) - Date.now()) / 1000);
  const [unit, size] = UNITS.find(([, n]) => -seconds >= n) ?? ["second", 1];
  return (
    <time dateTime={iso} title={longDate(iso, lang)}>
      {new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(
        Math.round(seconds / size),
        unit,
      )}
    </time>
  );
}
