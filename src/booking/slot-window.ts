import type { Organization } from "../bookingtime/schemas.js";
import {
  addDays,
  dayNumber,
  formatDate,
  formatZoned,
  fromDayNumber,
  isoWeekday,
  type LocalDate,
  localDateOf,
  zonedEpoch,
} from "../bookingtime/time.js";
import { effective } from "./compact.js";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** When bookings can be made, from the organization's settings; `to` absent when it sets no limit. */
export interface BookingWindow {
  from: string;
  to?: string;
}

export type EmptyReason = "beyond_booking_window" | "closed" | "fully_booked";

/** "Tue 2026-03-24", the day a model needs to resolve "next Tuesday". */
export function todayIn(timeZone: string, nowMs: number): string {
  const date = localDateOf(timeZone, nowMs);
  return `${WEEKDAY_NAMES[isoWeekday(date) - 1]} ${formatDate(date)}`;
}

function setting(org: Organization, key: string): number | undefined {
  const settings = (effective(org) as { settings?: Record<string, unknown> }).settings ?? {};
  const value = settings[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Earliest bookable instant (lead time, first bookable day) and last bookable day. */
export function bookingWindow(
  org: Organization,
  timeZone: string,
  nowMs: number,
): { startMs: number; lastDay?: LocalDate; view: BookingWindow } {
  const today = localDateOf(timeZone, nowMs);
  const lead = setting(org, "moduleBookingLeadTime") ?? 0;
  const earliestDay = setting(org, "moduleBookingDayEarliest") ?? 0;
  const latest = setting(org, "moduleBookingDayLatest");
  const startMs = Math.max(
    nowMs + lead * 60_000,
    zonedEpoch(timeZone, addDays(today, earliestDay)),
  );
  const lastDay = latest === undefined ? undefined : addDays(today, latest);
  return {
    startMs,
    ...(lastDay ? { lastDay } : {}),
    view: { from: formatZoned(timeZone, startMs), ...(lastDay ? { to: formatDate(lastDay) } : {}) },
  };
}

/** Local dates first..last on which the organization's opening hours list no time. */
export function closedDays(org: Organization, first: LocalDate, last: LocalDate): string[] {
  const hours = (effective(org) as { openingHours?: Record<string, unknown> }).openingHours;
  if (!hours) return [];
  const out: string[] = [];
  for (let n = dayNumber(first); n <= dayNumber(last); n += 1) {
    const date = fromDayNumber(n);
    const times = hours[DAYS[isoWeekday(date) - 1] ?? ""];
    if (!Array.isArray(times) || times.length < 2) out.push(formatDate(date));
  }
  return out;
}

/** Why a range with no free slot has none, in the order a model should act on it. */
export function explainEmpty(
  org: Organization,
  timeZone: string,
  nowMs: number,
  range: { startMs: number; endMs: number; firstDay: LocalDate; lastDay: LocalDate },
): { reason: EmptyReason; bookingWindow: BookingWindow; text: string; closed?: string[] } {
  const window = bookingWindow(org, timeZone, nowMs);
  const beyond =
    range.endMs <= window.startMs ||
    (window.lastDay !== undefined && dayNumber(range.firstDay) > dayNumber(window.lastDay));
  if (beyond) {
    return {
      reason: "beyond_booking_window",
      bookingWindow: window.view,
      text: `The range is outside the booking window (bookable from ${window.view.from}${window.view.to ? ` to ${window.view.to}` : ""}); search inside it.`,
    };
  }
  const closed = closedDays(org, range.firstDay, range.lastDay);
  const days = dayNumber(range.lastDay) - dayNumber(range.firstDay) + 1;
  if (closed.length === days) {
    return {
      reason: "closed",
      bookingWindow: window.view,
      closed,
      text: `The organization is closed on ${closed.join(", ")}; try other days.`,
    };
  }
  return {
    reason: "fully_booked",
    bookingWindow: window.view,
    ...(closed.length ? { closed } : {}),
    text: "Every time in the range is taken; try other days or another staff member.",
  };
}
