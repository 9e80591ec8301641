import type { BookingStore } from "./booking-store.js";
import type { JsonValue, OrganizationRecord, TemplateFixture } from "./fixtures.js";
import {
  addDays,
  dayNumber,
  fromDayNumber,
  isoWeekday,
  type LocalDate,
  localDateOf,
  zonedEpoch,
} from "./time.js";

export interface BookingRules {
  timeZone: string;
  /** Per ISO weekday (index 0 = Monday): [open, close] minute pairs. */
  openingHours: Array<Array<[number, number]>>;
  gridMinutes: number;
  leadTimeMinutes: number;
  dayEarliest: number;
  dayLatest: number;
}

export interface FreeSlot {
  startMs: number;
  resourceIds: string[];
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
// Where an organization sets no limit, slots are offered this many days ahead.
const DEFAULT_DAY_LATEST = 90;

function effectiveValue(value: JsonValue | undefined): JsonValue | undefined {
  if (
    value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    value.class === "INHERITANCE"
  ) {
    return value.result;
  }
  return value;
}

function numberSetting(org: OrganizationRecord, key: string, fallback: number): number {
  const value = effectiveValue(org.settings[key]);
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function minutes(hhmm: JsonValue | undefined): number | undefined {
  const m = typeof hhmm === "string" ? /^(\d{2}):(\d{2})$/.exec(hhmm) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function bookingRules(org: OrganizationRecord): BookingRules {
  const hours = effectiveValue(org.openingHours);
  const openingHours = WEEKDAYS.map((day) => {
    const list =
      hours && typeof hours === "object" && !Array.isArray(hours) ? hours[day] : undefined;
    const out: Array<[number, number]> = [];
    if (Array.isArray(list)) {
      for (let i = 0; i + 1 < list.length; i += 2) {
        const open = minutes(list[i]);
        const close = minutes(list[i + 1]);
        if (open !== undefined && close !== undefined && close > open) out.push([open, close]);
      }
    }
    return out;
  });
  const grid = effectiveValue(org.settings.timeGrid);
  const gridMatch = typeof grid === "string" ? /^MINUTES_(\d+)$/.exec(grid) : null;
  return {
    timeZone: String(effectiveValue(org.settings.timeZone)),
    openingHours,
    gridMinutes: gridMatch ? Number(gridMatch[1]) : 15,
    leadTimeMinutes: numberSetting(org, "moduleBookingLeadTime", 0),
    dayEarliest: numberSetting(org, "moduleBookingDayEarliest", 0),
    dayLatest: numberSetting(org, "moduleBookingDayLatest", DEFAULT_DAY_LATEST),
  };
}

/** Every choice of one resource per step. */
function combinations(template: TemplateFixture): string[][] {
  let out: string[][] = [[]];
  for (const step of template.steps) {
    out = out.flatMap((combo) => step.resourceIds.map((id) => [...combo, id]));
  }
  return out;
}

/** Whether a slot starting then may still be booked now (lead time and booking window). */
export function withinWindow(rules: BookingRules, startMs: number, nowMs: number): boolean {
  if (startMs < nowMs + rules.leadTimeMinutes * 60_000) return false;
  const today = dayNumber(localDateOf(rules.timeZone, nowMs));
  const day = dayNumber(localDateOf(rules.timeZone, startMs));
  return day >= today + rules.dayEarliest && day <= today + rules.dayLatest;
}

/**
 * Free slots on the local dates from..to (inclusive): inside opening hours on the time grid,
 * inside the booking window, with every resource of the combination free for the whole duration.
 */
export function freeSlots(
  store: BookingStore,
  organizationId: string,
  rules: BookingRules,
  template: TemplateFixture,
  from: LocalDate,
  to: LocalDate,
  nowMs: number,
): FreeSlot[] {
  const out: FreeSlot[] = [];
  const durationMs = template.duration * 60_000;
  const combos = combinations(template);
  for (let n = dayNumber(from); n <= dayNumber(to); n += 1) {
    const date = fromDayNumber(n);
    for (const [open, close] of rules.openingHours[isoWeekday(date) - 1] ?? []) {
      const first = Math.ceil(open / rules.gridMinutes) * rules.gridMinutes;
      for (let m = first; m + template.duration <= close; m += rules.gridMinutes) {
        const startMs = zonedEpoch(rules.timeZone, date, m);
        if (!withinWindow(rules, startMs, nowMs)) continue;
        for (const resourceIds of combos) {
          if (!store.busy(organizationId, resourceIds, startMs, startMs + durationMs)) {
            out.push({ startMs, resourceIds });
          }
        }
      }
    }
  }
  return out;
}

/** The first local date from today with a free slot, searching the booking window. */
export function earliestDay(
  store: BookingStore,
  organizationId: string,
  rules: BookingRules,
  template: TemplateFixture,
  nowMs: number,
): { date: LocalDate; slots: FreeSlot[] } | undefined {
  const today = localDateOf(rules.timeZone, nowMs);
  for (let i = Math.max(0, rules.dayEarliest); i <= rules.dayLatest; i += 1) {
    const date = addDays(today, i);
    const slots = freeSlots(store, organizationId, rules, template, date, date, nowMs);
    if (slots.length > 0) return { date, slots };
  }
  return undefined;
}
