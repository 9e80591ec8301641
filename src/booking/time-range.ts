import { UserInputError } from "../bookingtime/errors.js";
import type { DateRangeUnit } from "../bookingtime/schemas.js";
import {
  addDays,
  dayNumber,
  daysInMonth,
  fromDayNumber,
  isoWeek,
  isoWeekMonday,
  type LocalDate,
  localDateOf,
  parseTimeInput,
  type TimeInput,
  zonedEpoch,
} from "../bookingtime/time.js";

export const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

export interface ResolvedRange {
  startMs: number;
  /** Exclusive. */
  endMs: number;
  firstDay: LocalDate;
  lastDay: LocalDate;
}

function parse(value: string): TimeInput {
  const parsed = parseTimeInput(value);
  // The input schema already refused anything else.
  if ("error" in parsed) throw new UserInputError(`'${value}' ${parsed.error}.`);
  return parsed;
}

function tooLong(): UserInputError {
  return new UserInputError(`The range is longer than ${MAX_RANGE_DAYS} days.`, {
    hint: `Ask for at most ${MAX_RANGE_DAYS} days per call, e.g. one month at a time.`,
  });
}

/** Refuses an over-long or backwards range before any request (zone-independent bounds). */
export function precheckRange(from: string, to: string | undefined): void {
  if (to === undefined) return;
  const approx = (t: TimeInput) => (t.kind === "instant" ? t.epochMs : dayNumber(t.date) * DAY_MS);
  const a = parse(from);
  const b = parse(to);
  const span = approx(b) - approx(a);
  if (span < -DAY_MS) throw new UserInputError("'to' is before 'from'.");
  if (span > (MAX_RANGE_DAYS + 1) * DAY_MS) throw tooLong();
}

/**
 * `from`/`to` in the organization's zone: a date means its whole local day (`to` inclusive);
 * an instant is taken as given. Without `to`, the range ends with `from`'s local day.
 */
export function resolveRange(
  from: string,
  to: string | undefined,
  timeZone: string,
): ResolvedRange {
  const a = parse(from);
  const startMs = a.kind === "instant" ? a.epochMs : zonedEpoch(timeZone, a.date);
  const fromDay = localDateOf(timeZone, startMs);
  let endMs: number;
  if (to === undefined) {
    endMs = zonedEpoch(timeZone, addDays(fromDay, 1));
  } else {
    const b = parse(to);
    endMs = b.kind === "instant" ? b.epochMs : zonedEpoch(timeZone, addDays(b.date, 1));
  }
  if (endMs <= startMs) throw new UserInputError("'to' must be after 'from'.");
  const lastDay = localDateOf(timeZone, endMs - 1);
  if (dayNumber(lastDay) - dayNumber(fromDay) + 1 > MAX_RANGE_DAYS) throw tooLong();
  return { startMs, endMs, firstDay: fromDay, lastDay };
}

/**
 * The fewest listDay/listWeek/listMonth calls that cover the days first..last. Greedy by
 * furthest reach is optimal for covering a line with intervals; once one call can finish the
 * range, the smallest such call is taken to keep the answer small.
 */
export function coverRange(first: LocalDate, last: LocalDate): DateRangeUnit[] {
  const out: DateRangeUnit[] = [];
  const end = dayNumber(last);
  let cur = dayNumber(first);
  while (cur <= end) {
    const d = fromDayNumber(cur);
    const week = isoWeek(d);
    const monthDays = daysInMonth(d.year, d.month);
    const options: Array<{ reach: number; span: number; unit: DateRangeUnit }> = [
      { reach: cur, span: 1, unit: { unit: "day", ...d } },
      {
        reach: dayNumber(isoWeekMonday(week.year, week.week)) + 6,
        span: 7,
        unit: { unit: "week", year: week.year, week: week.week },
      },
      {
        reach: dayNumber({ year: d.year, month: d.month, day: monthDays }),
        span: monthDays,
        unit: { unit: "month", year: d.year, month: d.month },
      },
    ];
    const finishing = options.filter((o) => o.reach >= end).sort((x, y) => x.span - y.span)[0];
    const pick = finishing ?? options.sort((x, y) => y.reach - x.reach)[0];
    if (!pick) break;
    out.push(pick.unit);
    cur = pick.reach + 1;
  }
  return out;
}
