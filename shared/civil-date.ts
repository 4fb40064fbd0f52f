/**
 * The kiosk's calendar. A kiosk serves Qatar: "today", a document's days left and the day in a
 * reference are Doha's, whatever time zone the machine (or a test runner) is set to. Asia/Qatar
 * is UTC+3 all year, so between 21:00 and 24:00 UTC Doha is already on the next day.
 *
 * Dates are ISO days (YYYY-MM-DD); arithmetic on them is done on whole days since the epoch,
 * which no time zone shifts.
 */

export const KIOSK_TIME_ZONE = 'Asia/Qatar';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock reading at `ms` in `timeZone` (Gregorian, 0-23 hours). */
export function civilTime(ms: number, timeZone: string = KIOSK_TIME_ZONE): CivilTime {
  const parts: Record<string, number> = {};
  for (const p of formatIn(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar date (YYYY-MM-DD) at `ms` in `timeZone`: what a wall calendar in Doha shows. */
export function civilDate(ms: number, timeZone: string = KIOSK_TIME_ZONE): string {
  const t = civilTime(ms, timeZone);
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/** Whole days since 1970-01-01 of an ISO day; NaN for anything else. */
export function epochDay(isoDay: string): number {
  const m = ISO_DAY.exec(isoDay);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The ISO day of a count of days since 1970-01-01. */
export function isoDayOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The ISO day `days` after (or before, when negative) `isoDay`. */
export function addDays(isoDay: string, days: number): string {
  return isoDayOf(epochDay(isoDay) + days);
}

/** Whole days from `from` to `to` (both ISO days): negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** How far `timeZone`'s wall clock is ahead of UTC at `ms`. */
function offsetAt(ms: number, timeZone: string): number {
  const t = civilTime(ms, timeZone);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock reading (YYYY-MM-DDTHH:MM[:SS], no zone) names in `timeZone`: what a
 * device that keeps local time, a card terminal, means by its date and time. NaN for anything else.
 */
export function zonedInstant(local: string, timeZone: string = KIOSK_TIME_ZONE): number {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return Number.NaN;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // A second look covers a zone whose offset changes between the guess and the answer (DST).
  const guess = asUtc - offsetAt(asUtc, timeZone);
  return asUtc - offsetAt(guess, timeZone);
}
