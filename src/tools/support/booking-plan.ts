import { bookingCustomId } from "../../booking/booking-outcome.js";
import { UserInputError } from "../../bookingtime/errors.js";
import type { ToolContext } from "../define.js";
import {
  currentSlot,
  resolveStaff,
  startOf,
  timeNotFree,
  type WantedTime,
} from "./book-by-time.js";
import { refusal } from "./booking-views.js";
import { type Booked, book, checkSameBooking } from "./booking-write.js";

export interface BookingArgs {
  slotId?: string | undefined;
  serviceId?: string | undefined;
  date?: string | undefined;
  start?: string | undefined;
  staffId?: string | undefined;
  customerId: string;
  notes?: string | undefined;
  idempotencyKey?: string | undefined;
}

/** What book_appointment will do: its memory key, durable customId, and the booking itself. */
export interface BookingPlan {
  key: string;
  /** Notes are left out: a repeat that only rewords them is still the same booking. */
  fingerprint: string;
  customId: string;
  run(): Promise<Booked>;
}

/** A slot id, or a service and a time: exactly one of the two ways. */
function checkWay(args: BookingArgs): void {
  const byTime = args.serviceId !== undefined || args.start !== undefined;
  if (args.slotId !== undefined && byTime) {
    throw new UserInputError("Pass either slotId or serviceId + start, not both.");
  }
  if (args.slotId === undefined && (args.serviceId === undefined || args.start === undefined)) {
    throw new UserInputError("Say what to book: serviceId + start (+ date), or a slotId.", {
      hint: "Use serviceId, date, start (HH:MM) and staffId (key) from find_free_slots.",
    });
  }
  if (args.slotId !== undefined && (args.date !== undefined || args.staffId !== undefined)) {
    throw new UserInputError("date and staffId go with serviceId + start, not with slotId.");
  }
}

export async function planBooking(
  args: BookingArgs,
  ctx: ToolContext,
  organizationId: string,
): Promise<BookingPlan> {
  checkWay(args);
  const { api, bookings } = ctx;
  const request = {
    customerId: args.customerId,
    notes: args.notes,
    idempotencyKey: args.idempotencyKey,
  };
  if (args.slotId !== undefined) {
    const slotId = args.slotId;
    const customId = bookingCustomId(
      organizationId,
      args.idempotencyKey,
      `slot|${slotId}|${args.customerId}`,
    );
    return {
      key: `${organizationId}|${args.idempotencyKey ?? `${slotId}|${args.customerId}`}`,
      fingerprint: `${slotId}|${args.customerId}`,
      customId,
      run: () => book(api, bookings, organizationId, { ...request, slotId }, customId),
    };
  }
  const serviceId = args.serviceId as string;
  const [timeZone, template] = await Promise.all([
    api.timeZone(organizationId),
    api.showBookingTemplate(organizationId, serviceId),
  ]);
  const startMs = startOf(args.start as string, args.date, timeZone);
  const staffId = resolveStaff(template, args.staffId);
  const want: WantedTime = { serviceId, startMs, timeZone, template, staffId };
  const what = `time|${serviceId}|${startMs}|${staffId ?? "any"}|${args.customerId}`;
  const customId = bookingCustomId(organizationId, args.idempotencyKey, what);
  const at = { startMs, timeZone };
  return {
    key: `${organizationId}|${args.idempotencyKey ?? what}`,
    fingerprint: what,
    customId,
    async run() {
      // The customId first: a repeat finds its booking even though the time is no longer free.
      const existing = await api.findAppointmentByCustomId(organizationId, customId);
      if (existing) {
        checkSameBooking(existing, { ...request, slotId: "", at }, bookings);
        return { appointment: existing, recovered: false, existed: true };
      }
      // The slot as it is now (one listDay call): an id seen in a search may have expired.
      const { slot, starts } = await currentSlot(api, organizationId, want);
      if (!slot) throw await timeNotFree(api, organizationId, want, starts, ctx.now(), false);
      bookings.rememberSlot(slot.id, {
        organizationId,
        serviceName: template.name,
        startMs,
        timeZone,
        serviceId,
        staffIds: slot.bookingResourceCombination ?? [],
      });
      return book(api, bookings, organizationId, { ...request, slotId: slot.id, at }, customId, {
        existingChecked: true,
        async refused(failure) {
          const now = await currentSlot(api, organizationId, want).catch(() => undefined);
          if (now && !now.slot) {
            return timeNotFree(api, organizationId, want, now.starts, ctx.now(), true);
          }
          return refusal(failure, "booked", now ? true : undefined);
        },
      });
    },
  };
}
