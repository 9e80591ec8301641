// find_free_slots' pieces that are not its flow: the detailed view and its two refusals.
import type { Staff } from "../../booking/free-times.js";
import { todayIn } from "../../booking/slot-window.js";
import type { ResolvedRange } from "../../booking/time-range.js";
import type { BookingtimeApi } from "../../bookingtime/api.js";
import { UserInputError } from "../../bookingtime/errors.js";
import type { BookingSlot, BookingTemplate } from "../../bookingtime/schemas.js";
import { formatZoned } from "../../bookingtime/time.js";
import { plain, q } from "./quote.js";

const staffKey = (list: Staff[]) => list.map((s) => s.name ?? s.id).join(",");

/**
 * detail: one entry per start time, each option pairing a slot id with exactly the staff it
 * books, so an id cannot be sent with the wrong person.
 */
export function detailed(
  items: Array<[number, BookingSlot[]]>,
  timeZone: string,
  durationMs: number,
  staff: Map<string, Staff>,
) {
  return items.map(([startMs, options]) => ({
    start: formatZoned(timeZone, startMs),
    end: formatZoned(timeZone, startMs + durationMs),
    options: options
      .map((slot) => ({
        slotId: slot.id,
        staff: (slot.bookingResourceCombination ?? []).map((id) => staff.get(id) ?? { id }),
      }))
      .sort((a, b) => staffKey(a.staff).localeCompare(staffKey(b.staff))),
  }));
}

/** A staffId the service cannot use would only ever give "no slots": refuse it and say who can. */
export async function wrongStaff(
  api: BookingtimeApi,
  organizationId: string,
  staffId: string,
  template: BookingTemplate,
  staff: Map<string, Staff>,
): Promise<UserInputError> {
  const valid = [...staff.values()]
    .map((s) => (s.name ? `${plain(s.id)} (${q(s.name)})` : plain(s.id)))
    .join(", ");
  const ours = await api
    .listBookingResources(organizationId)
    .then(({ records }) => records.some((r) => r.id === staffId))
    .catch(() => true);
  const why = ours
    ? `${staffId} does not perform ${q(template.name)}.`
    : `${staffId} is not staff of this organization. Ids belong to one organization: pass the organizationId you used when you got this id.`;
  return new UserInputError(why, {
    hint: valid
      ? `Use one of: ${valid}, or omit staffId.`
      : "Omit staffId: this service names no staff.",
  });
}

/** A range that ended before now has no free slots by definition: say today's date instead. */
export function refusePast(range: ResolvedRange, timeZone: string, nowMs: number): void {
  if (range.endMs > nowMs) return;
  throw new UserInputError(
    `The range is wholly in the past: today is ${todayIn(timeZone, nowMs)} (${timeZone}).`,
    { hint: "Ask for today or later dates." },
  );
}
