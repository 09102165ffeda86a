/**
 * The times other systems write, to ISO 8601 UTC: epoch milliseconds (Twikoo), epoch
 * seconds (Isso), ISO strings with or without an offset (LeanCloud, Artransfer), Go's
 * "2006-01-02 15:04:05 -0700" (Artalk, whose old docs double the offset), and local
 * wall-clock strings with no offset at all (Waline on SQLite), which only the site owner
 * can place: they are read in `timeZone` (an IANA name, `--timezone`), UTC by default.
 */
import { ImportFormatError } from "./errors";

export interface TimeOptions {
  /** Where offset-less times were written; "UTC" when not given. */
  timeZone?: string;
}

const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?(?:\s+[+-]\d{2}:?\d{2})?(?:\s+[A-Z]{3,5})?$/i;

/** Before this, a number is seconds rather than milliseconds (1973 in ms, 33658 AD in s). */
const smallestMilliseconds = 100_000_000_000;

/** A time as ISO 8601 UTC, or null when there is none ("", 0, Go's zero time) or it is no time. */
export function readTime(value: unknown, options: TimeOptions = {}): string | null {
  if (typeof value === "number") return fromEpoch(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return fromEpoch(Number(trimmed));
  const match = dateTime.exec(trimmed);
  if (!match) return null;
  const [year, month, day, hour, minute, second = "0", fraction = "0", offset] = match.slice(1);
  const parts = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Go's and .NET's zero time stands for "no value" (Comentario, Remark42).
  if (parts[0] <= 1) return null;
  const milliseconds = Math.round(Number(`0.${fraction}`) * 1000);
  const wall = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
  const check = new Date(wall);
  // Date.UTC rolls "02-30" over into March; a date that does not survive is not a date.
  if (check.getUTCMonth() !== parts[1] - 1 || check.getUTCDate() !== parts[2]) return null;
  const utc = offset
    ? wall - offsetMinutes(offset) * 60_000
    : wallTimeToUtc(wall, options.timeZone ?? "UTC");
  return new Date(utc + milliseconds).toISOString();
}

function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const milliseconds = value < smallestMilliseconds ? value * 1000 : value;
  const date = new Date(Math.round(milliseconds));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === "Z") return 0;
  const digits = offset.replace(":", "");
  const sign = digits.startsWith("-") ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/** Checks an IANA zone name up front, so a typo fails before anything is read. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new ImportFormatError(
      `Unknown time zone "${timeZone}"; give an IANA name such as Asia/Shanghai.`,
    );
  }
}

/**
 * The UTC instant at which clocks in `timeZone` showed `wall` (a wall-clock time written as
 * if it were UTC). The zone's offset is looked up twice so a time just after a daylight
 * saving change is placed with the offset in force then.
 */
function wallTimeToUtc(wall: number, timeZone: string): number {
  if (timeZone === "UTC") return wall;
  const first = wall - zoneOffset(wall, timeZone);
  return wall - zoneOffset(first, timeZone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone's clocks are ahead of UTC at the instant `utc`. */
function zoneOffset(utc: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(utc);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const shown = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return shown - Math.floor(utc / 1000) * 1000;
}
