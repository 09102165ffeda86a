const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "3 hours ago" in the reader's language, with the exact time on hover. */
export function RelativeTime({ iso, lang }: { iso: string; lang: string }) {
  const date = new Date(iso);
  // A clock a little ahead of the server's must not say "in 2 seconds".
  const seconds = Math.min(0, (date.getTime() - Date.now()) / 1000);
  const [unit, size] = UNITS.find(([, n]) => -seconds >= n) ?? UNITS[6]!;
  return (
    <time
      dateTime={iso}
      title={date.toLocaleString(lang, { dateStyle: "long", timeStyle: "short" })}
    >
      {new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(
        Math.round(seconds / size),
        unit,
      )}
    </time>
  );
}
