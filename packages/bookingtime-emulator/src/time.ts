/**
 * Calendar math for the emulator, written apart from the product's so that time tests do not check
 * the product against itself. Plain dates are counted in UTC days (no DST there); the offset of a
 * zone at an instant comes from Intl's "longOffset" name (GMT+02:00).
 */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, format);
  }
  return format;
}

/** Minutes east of UTC in `timeZone` at that instant. */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  const name =
    offsetFormat(timeZone)
      .formatToParts(new Date(epochMs))
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(name);
  if (match === null) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

export function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const sundayZero = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    [year, month, day].every(Number.isInteger) &&
    year >= 1970 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Monday of ISO week `week`: week 1 is the one holding 4 January. */
export function isoWeekMonday(year: number, week: number): LocalDate {
  const jan4 = { year, month: 1, day: 4 };
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

/** 52 or 53: 28 December always lies in the year's last ISO week. */
export function isoWeeksInYear(year: number): number {
  const dec28 = { year, month: 12, day: 28 };
  const lastMonday = addDays(dec28, 1 - isoWeekday(dec28));
  return (dayNumber(lastMonday) - dayNumber(isoWeekMonday(year, 1))) / 7 + 1;
}

/** The local calendar date in `timeZone` at that instant. */
export function localDateOf(timeZone: string, epochMs: number): LocalDate {
  const shifted = epochMs + zoneOffsetMinutes(timeZone, epochMs) * MINUTE_MS;
  return fromDayNumber(Math.floor(shifted / DAY_MS));
}

/** The instant of a local wall-clock time; a time inside a DST gap lands after the gap. */
export function zonedEpoch(timeZone: string, date: LocalDate, minuteOfDay = 0): number {
  const wall = dayNumber(date) * DAY_MS + minuteOfDay * MINUTE_MS;
  const guess = wall - zoneOffsetMinutes(timeZone, wall) * MINUTE_MS;
  return wall - zoneOffsetMinutes(timeZone, guess) * MINUTE_MS;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 with the zone's offset at that instant: 2026-03-30T09:00:00+02:00. */
export function formatZoned(timeZone: string, epochMs: number): string {
  const offset = zoneOffsetMinutes(timeZone, epochMs);
  const wall = new Date(Math.floor(epochMs / 1000) * 1000 + offset * MINUTE_MS);
  const abs = Math.abs(offset);
  return `${wall.toISOString().slice(0, 19)}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** PHP's DateTime as json_encode writes it, in UTC: {date: "2026-11-30 10:00:00.000000", ...}. */
export function phpDateTimeUtc(epochMs: number): {
  date: string;
  timezone_type: number;
  timezone: string;
} {
  const iso = new Date(epochMs).toISOString();
  return {
    date: `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000`,
    timezone_type: 3,
    timezone: "UTC",
  };
}
