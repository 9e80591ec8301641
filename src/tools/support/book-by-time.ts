import {
  type CompactTimes,
  compactTimes,
  type FreeStart,
  nearestStarts,
  staffIdFor,
  staffKeys,
  staffOf,
} from "../../booking/free-times.js";
import { todayIn } from "../../booking/slot-window.js";
import { coverRange } from "../../booking/time-range.js";
import type { BookingtimeApi } from "../../bookingtime/api.js";
import { ApiClientError, UserInputError } from "../../bookingtime/errors.js";
import type { BookingSlot, BookingTemplate } from "../../bookingtime/schemas.js";
import {
  addDays,
  formatDate,
  formatZoned,
  isRealDate,
  type LocalDate,
  localDateOf,
  parseTimeInput,
  zonedEpoch,
} from "../../bookingtime/time.js";
import { instantOf, listZone } from "../../bookingtime/wire-time.js";
import { plain, q } from "./quote.js";

/** A booking asked for by service, time and (maybe) person, as a person would say it. */
export interface WantedTime {
  serviceId: string;
  startMs: number;
  timeZone: string;
  template: BookingTemplate;
  /** Undefined: anyone who performs the service. */
  staffId?: string | undefined;
}

const HH_MM = /^(\d{1,2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `start` as "HH:MM" on `date` (organization's zone) or a date-time with an offset. */
export function startOf(start: string, date: string | undefined, timeZone: string): number {
  const clock = HH_MM.exec(start);
  if (clock) {
    const [hour, minute] = [Number(clock[1]), Number(clock[2])];
    const d = date === undefined ? undefined : DATE.exec(date);
    if (!d) throw new UserInputError("start 'HH:MM' needs date (YYYY-MM-DD).");
    const day: LocalDate = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]) };
    if (!isRealDate(day.year, day.month, day.day) || hour > 23 || minute > 59) {
      throw new UserInputError(`'${date} ${start}' is not a real date and time.`);
    }
    return zonedEpoch(timeZone, day, hour * 60 + minute);
  }
  const parsed = parseTimeInput(start);
  if ("error" in parsed || parsed.kind !== "instant") {
    throw new UserInputError(
      `start must be HH:MM (with date) or a date-time with an offset; got '${start}'.`,
    );
  }
  if (date !== undefined && formatDate(localDateOf(timeZone, parsed.epochMs)) !== date) {
    throw new UserInputError(`start ${start} is not on date ${date} in ${timeZone}.`);
  }
  return parsed.epochMs;
}

/** The staff id a key or id names for this service; refuses one the service does not use. */
export function resolveStaff(template: BookingTemplate, wanted: string | undefined) {
  if (wanted === undefined) return undefined;
  const staff = staffOf(template);
  const keys = staffKeys(staff);
  const id = staffIdFor(wanted, staff, keys);
  if (id) return id;
  // A full id the template does not name (bookingtime's templates may list no staff): the
  // slot lookup filters by it, and finds nothing if it is wrong.
  if (/^[A-Za-z0-9]{32}$/.test(wanted)) return wanted;
  const valid = [...keys].map(([sid, key]) => `${key} (${q(staff.get(sid)?.name ?? sid)})`);
  throw new UserInputError(`staffId '${wanted}' names nobody who performs ${q(template.name)}.`, {
    hint: valid.length ? `Use one of: ${valid.join(", ")}, or omit staffId.` : "Omit staffId.",
  });
}

/** Free starts of the service on the given days, with the staff wanted (if any). */
async function freeStarts(
  api: BookingtimeApi,
  organizationId: string,
  want: WantedTime,
  first: LocalDate,
  last: LocalDate,
): Promise<FreeStart[]> {
  const lists = await Promise.all(
    coverRange(first, last).map((unit) =>
      api.listBookingSlots(organizationId, want.serviceId, unit),
    ),
  );
  const byStart = new Map<number, BookingSlot[]>();
  for (const list of lists) {
    const { zone } = listZone(list.timeZone, want.timeZone);
    for (const slot of list.list) {
      const startMs = instantOf(slot.timestamp, zone);
      if (Number.isNaN(startMs)) continue;
      if (want.staffId && !(slot.bookingResourceCombination ?? []).includes(want.staffId)) continue;
      byStart.set(startMs, [...(byStart.get(startMs) ?? []), slot]);
    }
  }
  return [...byStart.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([startMs, slots]) => ({ startMs, slots }));
}

/** The wanted day's free starts (one listDay call) and the slot for the wanted time, if free. */
export async function currentSlot(api: BookingtimeApi, organizationId: string, want: WantedTime) {
  const day = localDateOf(want.timeZone, want.startMs);
  const starts = await freeStarts(api, organizationId, want, day, day);
  const options = starts.find((s) => s.startMs === want.startMs)?.slots ?? [];
  // A one-person option first: "anyone" should not tie up two people.
  const slot = [...options].sort(
    (a, b) =>
      (a.bookingResourceCombination?.length ?? 0) - (b.bookingResourceCombination?.length ?? 0),
  )[0];
  return { slot, starts };
}

/** A wanted time that is not free: nothing was booked; the nearest free times ride along. */
export class TimeNotFreeError extends ApiClientError {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
    hint: string,
  ) {
    super(message, { hint });
  }
}

const line = (c: CompactTimes) =>
  c.days.map((d) => `${d.date} ${d.times.join(", ")}`).join("; ") || "none within a week";

/**
 * Builds the refusal for a time that is not (or no longer) free, with the nearest free times
 * (same day first, then the next week) for the same service and staff.
 */
export async function timeNotFree(
  api: BookingtimeApi,
  organizationId: string,
  want: WantedTime,
  sameDay: FreeStart[],
  nowMs: number,
  taken: boolean,
): Promise<TimeNotFreeError> {
  const day = localDateOf(want.timeZone, want.startMs);
  let starts = sameDay.filter((s) => s.startMs >= nowMs);
  if (nearestStarts(starts, want.startMs, want.timeZone).every((s) => s.startMs < want.startMs)) {
    const later = await freeStarts(
      api,
      organizationId,
      want,
      addDays(day, 1),
      addDays(day, 7),
    ).catch(() => []);
    starts = [...starts, ...later];
  }
  const staff = staffOf(want.template);
  const nearest = compactTimes(
    nearestStarts(starts, want.startMs, want.timeZone),
    want.timeZone,
    staff,
    staffKeys(staff),
  );
  const wanted = formatZoned(want.timeZone, want.startMs);
  const who = want.staffId ? ` with ${q(staff.get(want.staffId)?.name ?? want.staffId)}` : "";
  const why = taken ? "was just taken" : "is not free";
  return new TimeNotFreeError(
    `Not booked: ${q(want.template.name)} at ${plain(wanted)}${who} ${why}; nothing was booked. ` +
      `Nearest free (${plain(want.timeZone)}; today is ${todayIn(want.timeZone, nowMs)}): ${line(nearest)}.`,
    {
      booked: false,
      reason: taken ? "taken" : "not_free",
      wanted,
      timeZone: want.timeZone,
      today: todayIn(want.timeZone, nowMs),
      alternatives: nearest,
    },
    "Offer these times to the person; book the chosen one with the same call and its date/start (and staffId key).",
  );
}
