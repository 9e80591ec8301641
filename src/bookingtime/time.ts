/**
 * Calendar arithmetic in an IANA time zone without a library: Intl supplies the offset at an
 * instant, and everything else is plain-date arithmetic in UTC, where days have no DST.
 */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for names Intl knows (IANA zones and UTC). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function wallClock(timeZone: string, epochMs: number) {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** Minutes east of UTC in `timeZone` at that instant (Berlin in summer: 120). */
export function offsetMinutes(timeZone: string, epochMs: number): number {
  const w = wallClock(timeZone, epochMs);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** The instant of a local wall-clock time; in a DST gap it lands after the gap. */
export function zonedEpoch(timeZone: string, date: LocalDate, minuteOfDay = 0): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
  const first = wall - offsetMinutes(timeZone, wall) * 60_000;
  return wall - offsetMinutes(timeZone, first) * 60_000;
}

export function localDateOf(timeZone: string, epochMs: number): LocalDate {
  const w = wallClock(timeZone, epochMs);
  return { year: w.year, month: w.month, day: w.day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** ISO 8601 with the zone's offset at that instant: 2026-03-30T09:00:00+02:00. */
export function formatZoned(timeZone: string, epochMs: number): string {
  const w = wallClock(timeZone, epochMs);
  const offset = offsetMinutes(timeZone, epochMs);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export function formatDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** Days since 1970-01-01 for a plain date; differences give day counts. */
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
  return ((new Date(dayNumber(date) * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const jan1 = { year: thursday.year, month: 1, day: 1 };
  return {
    year: thursday.year,
    week: Math.floor((dayNumber(thursday) - dayNumber(jan1)) / 7) + 1,
  };
}

export function isoWeekMonday(year: number, week: number): LocalDate {
  const jan4 = { year, month: 1, day: 4 };
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

export function isoWeeksInYear(year: number): number {
  return isoWeek({ year, month: 12, day: 28 }).week;
}

export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1970 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A time input as a tool accepts it: a plain date (read later in a zone) or an instant. */
export type TimeInput = { kind: "date"; date: LocalDate } | { kind: "instant"; epochMs: number };

/** Why a string is not a TimeInput, or the parsed value. Naive date-times are refused. */
export function parseTimeInput(value: string): TimeInput | { error: string } {
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const date = {
      year: Number(dateOnly[1]),
      month: Number(dateOnly[2]),
      day: Number(dateOnly[3]),
    };
    return isRealDate(date.year, date.month, date.day)
      ? { kind: "date", date }
      : { error: "is not a real calendar date" };
  }
  const m = DATE_TIME.exec(value);
  if (!m) return { error: "must be YYYY-MM-DD or an ISO 8601 date-time with an offset" };
  if (!m[7]) {
    return {
      error:
        "has no UTC offset; add one (e.g. +01:00 or Z) or pass a plain date, which is read in the organization's time zone",
    };
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59) {
    return { error: "is not a real date and time" };
  }
  const epochMs = Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(epochMs)
    ? { error: "is not a valid date-time" }
    : { kind: "instant", epochMs };
}
