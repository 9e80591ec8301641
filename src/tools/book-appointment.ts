import { z } from "zod";
import type { BookingtimeApi } from "../bookingtime/api.js";
import type { BookingMemory } from "../bookingtime/booking-memory.js";
import { KeyReusedError } from "../bookingtime/booking-memory.js";
import {
  ApiClientError,
  ApiServerError,
  BookingtimeError,
  UpstreamUnavailableError,
  UserInputError,
} from "../bookingtime/errors.js";
import type { Appointment } from "../bookingtime/schemas.js";
import { localDateOf } from "../bookingtime/time.js";
import { idInput } from "./booking-inputs.js";
import {
  type AppointmentView,
  appointmentOutput,
  appointmentView,
  describeAppointment,
  isSlotRefusal,
  slotRefused,
  zoneOf,
} from "./booking-views.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";

const input = z.strictObject({
  organizationId: organizationIdInput,
  slotId: idInput("bookingSlot", "slotId", "find_free_slots"),
  customerId: idInput("customer", "customerId", "find_customers/add_customer"),
  notes: z.string().trim().min(1).max(5000).optional().describe("Note for the staff"),
  idempotencyKey: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Your key for this booking"),
});

const CHECK_FIRST =
  "If an earlier attempt to book this slot for this customer got no answer, call list_appointments " +
  "with this customerId first: it may have gone through.";

interface Booked {
  appointment: Appointment;
  /** An earlier attempt whose answer was lost had already booked it. */
  recovered: boolean;
  /** The slot was refused because this customer already holds it. */
  alreadyHeld?: boolean;
  warning?: string;
}

/**
 * The customer's live appointment at the remembered slot's time, if any. Undefined when the
 * slot was never shown by find_free_slots in this process: then nothing can be matched.
 */
async function findBooking(
  api: BookingtimeApi,
  memory: BookingMemory,
  organizationId: string,
  slotId: string,
  customerId: string,
): Promise<Appointment | undefined> {
  const slot = memory.slot(slotId);
  if (!slot || slot.organizationId !== organizationId) return undefined;
  const day = localDateOf(slot.timeZone, slot.startMs);
  const { list } = await api.listAppointments(organizationId, { unit: "day", ...day });
  return list.find((a) => {
    const customer = a.customer as { id?: unknown } | null | undefined;
    return (
      !a.canceled &&
      Date.parse(a.start) === slot.startMs &&
      customer?.id === customerId &&
      (!a.name || a.name === slot.serviceName)
    );
  });
}

async function book(
  api: BookingtimeApi,
  memory: BookingMemory,
  organizationId: string,
  args: z.output<typeof input>,
  key: string,
): Promise<Booked> {
  const lookup = () => findBooking(api, memory, organizationId, args.slotId, args.customerId);
  let appointment: Appointment;
  let recovered = false;
  try {
    appointment = await api.addAppointment(organizationId, args.slotId, args.customerId);
  } catch (error) {
    if (isSlotRefusal(error)) {
      // Taken, perhaps by our own earlier attempt whose answer never arrived.
      const mine = await lookup().catch(() => undefined);
      if (!mine && memory.wasUncertain(key)) throw probablyBookedEarlier(error);
      // A slot this process never listed may have been booked through another replica (or
      // before a restart) by an attempt whose answer was lost: look before booking another.
      if (!mine) throw slotRefused(error, memory.slot(args.slotId) ? undefined : CHECK_FIRST);
      appointment = mine;
      // Without a lost answer on record this is an earlier booking, not a recovery.
      if (!memory.wasUncertain(key)) return { appointment, recovered: false, alreadyHeld: true };
      recovered = true;
    } else if (error instanceof UpstreamUnavailableError || error instanceof ApiServerError) {
      const slotKnown = memory.slot(args.slotId) !== undefined;
      if (!slotKnown) memory.markUncertain(key);
      appointment = await recoverAfterAmbiguousFailure(error, lookup, slotKnown);
      recovered = true;
    } else {
      throw error;
    }
  }
  if (!args.notes) return { appointment, recovered };
  try {
    appointment = await api.editAppointmentNotes(organizationId, appointment.id, args.notes);
    return { appointment, recovered };
  } catch (error) {
    const why = error instanceof BookingtimeError ? error.message : "unexpected error";
    return {
      appointment,
      recovered,
      warning: `Booked, but the notes were not saved (${why}). Do not book again.`,
    };
  }
}

/** A repeat of a booking whose answer was lost finds its slot taken: most likely by that booking. */
function probablyBookedEarlier(error: ApiClientError): BookingtimeError {
  return new ApiClientError(
    "That slot is taken, most likely by the earlier attempt whose answer was lost.",
    {
      status: error.status,
      upstreamMessages: error.upstreamMessages,
      hint: "Do not book another slot yet: call list_appointments with this customerId to find the booking.",
    },
  );
}

/** The request may have been carried out: look before saying anything, so a retry cannot double-book. */
async function recoverAfterAmbiguousFailure(
  error: BookingtimeError,
  lookup: () => Promise<Appointment | undefined>,
  slotKnown: boolean,
): Promise<Appointment> {
  if (!slotKnown) {
    throw new UpstreamUnavailableError(
      `${error.message} The booking may or may not have been made.`,
      {
        hint:
          "Check with list_appointments (customerId) before booking again. Retrying this same slot is safe: " +
          "bookingtime refuses a slot that is already taken.",
        upstreamMessages: error.upstreamMessages,
      },
    );
  }
  let found: Appointment | undefined;
  try {
    found = await lookup();
  } catch {
    throw new UpstreamUnavailableError(
      `${error.message} Checking whether the booking was made also failed.`,
      {
        hint: "Wait a moment, then call book_appointment again with the same arguments: it checks first and will not double-book.",
      },
    );
  }
  if (found) return found;
  throw new UpstreamUnavailableError(
    `${error.message} No appointment for this customer at that slot's time exists, so nothing was booked.`,
    {
      hint: "Call book_appointment again; if the slot has expired, get a fresh one from find_free_slots.",
    },
  );
}

function headline(repeated: boolean, result: Booked, idempotencyKey: string | undefined): string {
  if (repeated) {
    const same = idempotencyKey ? "the same idempotencyKey" : "the same slot and customer";
    return `Already booked by an earlier call with ${same}, nothing new was booked`;
  }
  if (result.alreadyHeld) return "This customer already holds this booking, nothing new was booked";
  return result.recovered ? "Booked (found after a lost answer)" : "Booked";
}

/** What happened to a repeated booking since it was made. */
function sinceThen(view: AppointmentView): string {
  if (view.status === "canceled")
    return " It has been canceled since; book a new slot if still wanted.";
  return view.moved ? " It has been moved since; the times shown are current." : "";
}

/** Notes are not part of a repeat's identity, so new ones are not written: say so. */
function notesNotApplied(asked: string | undefined, stored: string | null | undefined) {
  if (!asked || asked === (stored ?? "")) return undefined;
  return "The notes in this call were not applied: a repeat returns the earlier booking unchanged.";
}

export const bookAppointment = defineTool({
  name: "book_appointment",
  title: "Book appointment",
  toolset: "appointments",
  description:
    "Book a slot for a customer. Repeats within 10 min (same idempotencyKey, or slot + customer) " +
    "return the first booking.",
  input,
  output: z.looseObject({ appointment: appointmentOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const key = `${organizationId}|${args.idempotencyKey ?? `${args.slotId}|${args.customerId}`}`;
    // Notes are left out: a repeat that only rewords them is still the same booking.
    const fingerprint = `${args.slotId}|${args.customerId}`;
    let outcome: { result: Booked; repeated: boolean };
    try {
      outcome = await ctx.bookings.once(key, fingerprint, () =>
        book(ctx.api, ctx.bookings, organizationId, args, key),
      );
    } catch (error) {
      if (!(error instanceof KeyReusedError)) throw error;
      throw new UserInputError(
        "This idempotencyKey was used for a different booking in the last 10 minutes.",
        {
          hint: "Use a new idempotencyKey for a new booking.",
        },
      );
    }
    const { result, repeated } = outcome;
    // A repeat reports the appointment as it is now: it may have been moved or canceled since.
    const appointment = repeated
      ? await ctx.api.showAppointment(organizationId, result.appointment.id)
      : result.appointment;
    const view = appointmentView(appointment, await zoneOf(ctx.api, organizationId, appointment));
    const notes = repeated ? notesNotApplied(args.notes, appointment.notes) : undefined;
    const warning = [result.warning, notes].filter(Boolean).join(" ") || undefined;
    return {
      data: {
        appointment: view,
        repeated,
        recovered: result.recovered,
        ...(result.alreadyHeld ? { alreadyHeld: true } : {}),
        ...(warning ? { warning } : {}),
      },
      summary: `${headline(repeated, result, args.idempotencyKey)}: ${describeAppointment(view)}, id ${view.id}.${repeated ? sinceThen(view) : ""}${warning ? ` ${warning}` : ""}`,
    };
  },
});
