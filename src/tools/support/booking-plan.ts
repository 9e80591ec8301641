import { bookingCustomId, liveGeneration, type WantedAt } from "../../booking/booking-outcome.js";
import { todayIn } from "../../booking/slot-window.js";
import { UserInputError } from "../../bookingtime/errors.js";
import type { ToolContext } from "../define.js";
import {
  currentSlot,
  resolveStaff,
  startOf,
  timeNotFree,
  type WantedTime,
} from "./book-by-time.js";
import { timeRefusal } from "./booking-views.js";
import { type Booked, book, checkSameBooking } from "./booking-write.js";
import type { Steps } from "./progress.js";
import { serviceZone } from "./zoned-lists.js";

/** A booking's result with the customId it was found or made under (a later generation, maybe). */
export type Planned = Booked & { customId?: string };

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
  /** Booked by time: a remembered booking canceled or moved away from it is booked anew. */
  at: WantedAt | undefined;
  run(): Promise<Planned>;
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

/** The steps a booking takes, for progress: see `planBooking`. */
export function bookingSteps(args: BookingArgs): number {
  // By time: the service, the earlier-booking lookup, the slot, the add, the confirmation; by
  // slot id: the lookup, the add, the confirmation. Notes are one more.
  return (args.slotId === undefined ? 5 : 3) + (args.notes ? 1 : 0);
}

export async function planBooking(
  args: BookingArgs,
  ctx: ToolContext,
  organizationId: string,
  steps?: Steps,
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
      // A slot id names one slot: a repeat returns its booking as it is now, moved or canceled.
      at: undefined,
      run: () => book(api, bookings, organizationId, { ...request, slotId }, customId, { steps }),
    };
  }
  const serviceId = args.serviceId as string;
  const [timeZone, template] = await Promise.all([
    serviceZone(api, organizationId, serviceId, args.date),
    api.showBookingTemplate(organizationId, serviceId),
  ]);
  steps?.step("checked the service");
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
    at,
    async run(): Promise<Planned> {
      // The customId first: a repeat finds its booking even though the time is no longer free.
      let current = customId;
      if (args.idempotencyKey !== undefined) {
        const existing = await api.findAppointmentByCustomId(organizationId, customId);
        if (existing) {
          checkSameBooking(existing, { ...request, slotId: "", at }, bookings);
          return { appointment: existing, recovered: false, existed: true };
        }
      } else {
        const gen = await liveGeneration(api, organizationId, customId, at);
        if (gen.existing) {
          return {
            appointment: gen.existing,
            recovered: false,
            existed: true,
            customId: gen.customId,
          };
        }
        current = gen.customId;
      }
      steps?.step("checked for an earlier booking");
      const nowMs = ctx.now();
      if (startMs < nowMs) {
        throw new UserInputError(
          `Not booked: ${args.date ? `${args.date} ` : ""}${args.start} is in the past (today is ${todayIn(timeZone, nowMs)}, ${timeZone}).`,
          { hint: "Ask for a time from now on; find_free_slots lists the free ones." },
        );
      }
      // The slot as it is now (one listDay call): an id seen in a search may have expired.
      const { slot, starts } = await currentSlot(api, organizationId, want);
      if (!slot) throw await timeNotFree(api, organizationId, want, starts, ctx.now(), false);
      steps?.step("checked that the time is free");
      bookings.rememberSlot(slot.id, {
        organizationId,
        serviceName: template.name,
        startMs,
        timeZone,
        serviceId,
        staffIds: slot.bookingResourceCombination ?? [],
      });
      const booked = await book(
        api,
        bookings,
        organizationId,
        { ...request, slotId: slot.id, at },
        current,
        {
          existingChecked: true,
          steps,
          async refused(failure) {
            const now = await currentSlot(api, organizationId, want).catch(() => undefined);
            if (now && !now.slot) {
              return timeNotFree(api, organizationId, want, now.starts, ctx.now(), true);
            }
            return timeRefusal(failure, now ? true : undefined);
          },
        },
      );
      return { ...booked, customId: current };
    },
  };
}
