import { z } from "zod";
import { fromInput, idInput, pageInput, pageOf, timeInput } from "../booking/booking-inputs.js";
import { compactTimes, staffIdFor, staffKeys, staffOf } from "../booking/free-times.js";
import { bookingWindow, explainEmpty, todayIn } from "../booking/slot-window.js";
import { coverRange, precheckRange, resolveRange } from "../booking/time-range.js";
import { UserInputError } from "../bookingtime/errors.js";
import type { BookingSlot, DateRangeUnit } from "../bookingtime/schemas.js";
import { formatZoned, parseTimeInput } from "../bookingtime/time.js";
import { instantOf, listZone } from "../bookingtime/wire-time.js";
import { defineTool } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { detailed, refusePast, wrongStaff } from "./support/free-slots.js";
import {
  compactTimesOutput,
  pagingOutput,
  refOutput,
  skippedOutput,
} from "./support/output-shapes.js";
import { Steps } from "./support/progress.js";
import { plain, q } from "./support/quote.js";
import { skippedView } from "./support/skipped.js";
import { listsInZone } from "./support/zoned-lists.js";

const PAGE_SIZE = 20;
// Compact starts cost ~12 bytes each: a busy week fits one page, a month takes a few.
const COMPACT_PAGE = 300;
const NOTE =
  'times: "HH:MM" + keys of the staff free then ("J+M": both together); book with serviceId, date, start HH:MM and staffId (a key).';
const DETAIL_NOTE = "Slot ids are short-lived (minutes): book promptly or search again.";
const TO = "Same forms, inclusive; a date-time: slots end by it. Default: from's day";

export const findFreeSlots = defineTool({
  name: "find_free_slots",
  title: "Find free slots",
  toolset: "services",
  description:
    "Free start times of a service within 31 days (or its earliest free day), per day with the " +
    "keys of the staff free then. detail: slot ids.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    serviceId: idInput("bookingTemplate", "serviceId", "list_services"),
    from: fromInput,
    to: timeInput("to", TO).optional().describe(TO),
    staffId: z.string().trim().min(1).max(40).optional().describe("Staff key or id"),
    page: pageInput,
    detail: z.boolean().optional().describe("Per-slot ids and staff instead of compact times"),
  }),
  output: z.object({
    service: z.object({ id: z.string(), name: z.string(), durationMinutes: z.number() }),
    timeZone: z.string(),
    today: z.string(),
    // Compact (default): the staff keys used in `times`, and the times per day.
    staff: compactTimesOutput.staff.optional(),
    days: compactTimesOutput.days.optional(),
    // detail: each start with the slot id for each staff combination.
    slots: z
      .array(
        z.object({
          start: z.string(),
          end: z.string(),
          options: z.array(z.object({ slotId: z.string(), staff: z.array(refOutput) })),
        }),
      )
      .optional(),
    ...pagingOutput,
    note: z.string().optional(),
    // When nothing is free: why, and when bookings can be made.
    reason: z.enum(["beyond_booking_window", "closed", "fully_booked"]).optional(),
    bookingWindow: z.object({ from: z.string(), to: z.string().optional() }).optional(),
    closed: z.array(z.string()).optional(),
    skipped: skippedOutput,
    timeZoneNote: z.string().optional(),
  }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    if (args.from === undefined && args.to !== undefined) {
      throw new UserInputError("'to' needs 'from'; omit both to get the earliest free day.");
    }
    if (args.from !== undefined) precheckRange(args.from, args.to);
    const organizationId = ctx.organizationId(args.organizationId);
    const [template, organizationZone] = await Promise.all([
      ctx.api.showBookingTemplate(organizationId, args.serviceId),
      ctx.api.organizationTimeZone(organizationId),
    ]);
    const nowMs = ctx.now();
    const staff = staffOf(template);
    // A key from an earlier result ("J") names the same person as the id.
    const staffId =
      args.staffId === undefined
        ? undefined
        : (staffIdFor(args.staffId, staff, staffKeys(staff)) ?? args.staffId);
    if (staffId && staff.size > 0 && !staff.has(staffId)) {
      throw await wrongStaff(ctx.api, organizationId, staffId, template, staff);
    }
    const { from, to: until } = args;
    const rangeIn = (zone: string) =>
      from === undefined ? undefined : resolveRange(from, until, zone);
    // Refused before any slot is asked for, when the organization's zone is known.
    const early = organizationZone === undefined ? undefined : rangeIn(organizationZone);
    if (early && organizationZone) refusePast(early, organizationZone, nowMs);
    const {
      zone: timeZone,
      note: assumed,
      lists,
    } = await listsInZone({
      organizationZone,
      units: (zone): Array<DateRangeUnit | "earliest"> => {
        const r = rangeIn(zone);
        return r ? coverRange(r.firstDay, r.lastDay) : ["earliest"];
      },
      fetch: (unit) => ctx.api.listBookingSlots(organizationId, args.serviceId, unit),
      zonesOf: (list) => [list.timeZone],
      source: "free-slot list",
      // One step per slot list (a month may take a few): their number is known with the zone.
      steps: new Steps(ctx.progress, 0),
    });
    const range = rangeIn(timeZone);
    if (range && !early) refusePast(range, timeZone, nowMs);
    // Naive timestamps are read in the list's zone; one Intl does not know means the organization's.
    const slots: Array<BookingSlot & { startMs: number }> = [];
    const unknownZones = new Set<string>();
    for (const list of lists) {
      const { zone, fellBack } = listZone(list.timeZone, timeZone);
      if (fellBack && list.timeZone) unknownZones.add(list.timeZone);
      for (const slot of list.list)
        slots.push({ ...slot, startMs: instantOf(slot.timestamp, zone) });
    }
    const left = skippedView(lists.flatMap((l) => l.skipped));
    const unknownNote =
      unknownZones.size > 0
        ? `bookingtime named the time zone ${[...unknownZones].map((z) => `'${z}'`).join(", ")}, which is not a known zone; times without an offset were read in ${assumed ? "" : "the organization's zone "}${timeZone}.`
        : undefined;
    const zoneNote = [assumed, unknownNote].filter(Boolean).join(" ") || undefined;
    const extra = {
      ...left.data,
      ...(zoneNote ? { timeZoneNote: zoneNote } : {}),
    };
    const extraText = `${left.text}${zoneNote ? ` ${zoneNote}` : ""}`;

    const durationMs = template.duration * 60_000;
    // With a date-time `to` the appointment must be over by then, not merely begun.
    const to = args.to === undefined ? undefined : parseTimeInput(args.to);
    const endsBy = to !== undefined && "kind" in to && to.kind === "instant";
    const byStart = new Map<number, BookingSlot[]>();
    const seen = new Set<string>();
    for (const slot of slots) {
      const { startMs } = slot;
      if (Number.isNaN(startMs) || seen.has(slot.id)) continue;
      seen.add(slot.id);
      if (range && (startMs < range.startMs || startMs >= range.endMs)) continue;
      if (range && endsBy && startMs + durationMs > range.endMs) continue;
      if (staffId && !(slot.bookingResourceCombination ?? []).includes(staffId)) continue;
      byStart.set(startMs, [...(byStart.get(startMs) ?? []), slot]);
    }
    const times = [...byStart.entries()].sort((a, b) => a[0] - b[0]);
    const { items, ...paging } = pageOf(times, args.page, args.detail ? PAGE_SIZE : COMPACT_PAGE);
    const remember = (slot: BookingSlot, startMs: number) =>
      ctx.bookings.rememberSlot(slot.id, {
        organizationId,
        serviceName: template.name,
        startMs,
        timeZone,
        serviceId: template.id,
        staffIds: slot.bookingResourceCombination ?? [],
      });
    for (const [startMs, options] of items) for (const slot of options) remember(slot, startMs);
    const listed = args.detail
      ? { slots: detailed(items, timeZone, durationMs, staff) }
      : compactTimes(
          items.map(([startMs, s]) => ({ startMs, slots: s })),
          timeZone,
          staff,
          staffKeys(staff),
        );
    const first = items[0] ? formatZoned(timeZone, items[0][0]) : "-";
    const today = todayIn(timeZone, nowMs);
    const service = { id: template.id, name: template.name, durationMinutes: template.duration };
    const where =
      args.from === undefined
        ? "on the earliest day with free time"
        : `from ${args.from}${args.to ? ` to ${args.to}` : ""}`;
    if (paging.total === 0) {
      const organization = await ctx.api.showOrganization(organizationId);
      const why = range
        ? explainEmpty(organization, timeZone, nowMs, range)
        : {
            reason: "fully_booked" as const,
            bookingWindow: bookingWindow(organization, timeZone, nowMs).view,
            // "earliest" answers one day for the service; the staff member may be free later.
            text: staffId
              ? "Nothing with this staff member on the service's earliest free day; search a from/to range."
              : "No free time in the whole booking window.",
          };
      const { text, ...reason } = why;
      return {
        data: { service, timeZone, today, ...listed, ...paging, ...reason, ...extra },
        summary: `No free ${q(template.name)} slots ${where} (${plain(timeZone)}; today is ${today}). ${text}${extraText}`,
      };
    }
    return {
      data: {
        service,
        timeZone,
        today,
        ...listed,
        ...paging,
        ...(args.detail ? { note: DETAIL_NOTE } : {}),
        ...extra,
      },
      summary: `${paging.total} free ${q(template.name)} time(s) ${where} (${plain(timeZone)}; today is ${today}); first ${first}. ${args.detail ? DETAIL_NOTE : NOTE}${extraText}`,
    };
  },
});
