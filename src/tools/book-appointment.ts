import { z } from "zod";
import type { BookingtimeApi } from "../bookingtime/api.js";
import type { BookingMemory } from "../bookingtime/booking-memory.js";
import { KeyReusedError } from "../bookingtime/booking-memory.js";
import {
  ApiClientError,
  BookingtimeError,
  UpstreamUnavailableError,
  UserInputError,
} from "../bookingtime/errors.js";
import type { Appointment } from "../bookingtime/schemas.js";
import { instantOf } from "../bookingtime/wire-time.js";
import { idInput } from "./booking-inputs.js";
import { bookingCustomId, findOutcome, sentNothing, slotTimeStillFree } from "./booking-outcome.js";
import {
  type AppointmentView,
  appointmentOutput,
  appointmentView,
  describeAppointment,
  refusal,
  zoneOf,
} from "./booking-views.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";
import { OTHER_ORGANIZATION_HINT } from "./errors.js";

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

interface Booked {
  /** Undefined only when bookingtime confirmed (2xx) but neither the answer nor a read-back gave details. */
  appointment: Appointment | undefined;
  /** The id of a confirmed booking without details, when bookingtime gave one. */
  confirmedId?: string | undefined;
  /** An earlier attempt whose answer was lost had already booked it. */
  recovered: boolean;
  /** bookingtime already had this booking (same customId) before this call sent anything. */
  existed?: boolean;
  /** The slot was refused because this customer already holds it. */
  alreadyHeld?: boolean;
  warning?: string;
}

async function book(
  api: BookingtimeApi,
  memory: BookingMemory,
  organizationId: string,
  args: z.output<typeof input>,
  customId: string,
): Promise<Booked> {
  const attempt = {
    api,
    memory,
    organizationId,
    slotId: args.slotId,
    customerId: args.customerId,
    customId,
  };
  // Durable idempotency: bookingtime itself remembers the booking under its customId.
  const existing = await api.findAppointmentByCustomId(organizationId, customId);
  if (existing) {
    checkSameBooking(existing, args, memory);
    return { appointment: existing, recovered: false, existed: true };
  }
  let appointment: Appointment | undefined;
  let confirmedId: string | undefined;
  let recovered = false;
  try {
    const written = await api.addAppointment(organizationId, {
      bookingSlotId: args.slotId,
      customerId: args.customerId,
      customId,
    });
    appointment = written.record;
    if (written.record === undefined) confirmedId = written.id;
  } catch (error) {
    if (sentNothing(error)) throw error;
    const failure = error as BookingtimeError;
    // A refusal (any 4xx) or no answer: look before saying anything.
    const outcome = await findOutcome(attempt);
    const refused = failure instanceof ApiClientError;
    if (outcome.appointment) {
      appointment = outcome.appointment;
      // Found by time, not by this booking's customId: an earlier booking, not this one.
      if (refused && !outcome.byCustomId) {
        return { appointment, recovered: false, alreadyHeld: true };
      }
      recovered = true;
    } else if (!outcome.checked && !(refused && outcome.customIdChecked)) {
      // A refusal whose customId bookingtime does not know booked nothing, even when the
      // customer's own list could not be read (an unknown customer id is refused that way too).
      throw new UpstreamUnavailableError(
        `${failure.message} Checking whether the booking was made also failed, so it may or may not have been made.`,
        {
          upstreamMessages: failure.upstreamMessages,
          hint: "Wait a moment, then call book_appointment again with the same arguments: it looks the booking up by its customId first and will not double-book. Or check with list_appointments (customerId).",
        },
      );
    } else if (!refused) {
      throw new UpstreamUnavailableError(
        `${failure.message} bookingtime has no appointment with this booking's customId (${customId}), so nothing was booked.`,
        {
          upstreamMessages: failure.upstreamMessages,
          hint: "Call book_appointment again with the same arguments; if the slot has expired, get a fresh one from find_free_slots.",
        },
      );
    } else {
      const free = await slotTimeStillFree(api, memory, organizationId, args.slotId);
      const listedElsewhere = memory.slot(args.slotId);
      throw refusal(
        failure,
        "booked",
        free,
        listedElsewhere && listedElsewhere.organizationId !== organizationId
          ? OTHER_ORGANIZATION_HINT
          : undefined,
      );
    }
  }
  if (!args.notes) return { appointment, confirmedId, recovered };
  const id = appointment?.id ?? confirmedId;
  if (id === undefined) {
    return {
      appointment,
      recovered,
      warning:
        "Booked, but bookingtime gave no id, so the notes were not saved. Do not book again.",
    };
  }
  try {
    const noted = await api.editAppointmentNotes(organizationId, id, args.notes);
    return { appointment: noted.record ?? appointment, confirmedId, recovered };
  } catch (error) {
    const why = error instanceof BookingtimeError ? error.message : "unexpected error";
    return {
      appointment,
      confirmedId,
      recovered,
      warning: `Booked, but the notes were not saved (${why}). Do not book again.`,
    };
  }
}

/**
 * An idempotencyKey names one booking: the one found under it must be for this customer and,
 * when this process listed the slot, at its time (unless it was moved since).
 */
function checkSameBooking(
  existing: Appointment,
  args: z.output<typeof input>,
  memory: BookingMemory,
) {
  const customer = (existing.customer as { id?: unknown } | null | undefined)?.id;
  const slot = memory.slot(args.slotId);
  const otherCustomer = typeof customer === "string" && customer !== args.customerId;
  const otherTime =
    slot !== undefined &&
    !existing.moved &&
    instantOf(existing.start, slot.timeZone) !== slot.startMs;
  if (args.idempotencyKey !== undefined && (otherCustomer || otherTime)) throw new KeyReusedError();
}

function headline(repeated: boolean, result: Booked, idempotencyKey: string | undefined): string {
  if (repeated || result.existed) {
    const same = idempotencyKey ? "the same idempotencyKey" : "the same slot and customer";
    return `Already booked by an earlier call with ${same}, nothing new was booked`;
  }
  if (result.alreadyHeld) return "This customer already holds this booking, nothing new was booked";
  if (result.recovered) return "Booked (found after a lost or refused answer)";
  return result.appointment ? "Booked" : "Booked (bookingtime confirmed it; details unavailable)";
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
    "Book a slot for a customer. A repeat (same idempotencyKey, or slot + customer) returns the " +
    "first booking.",
  input,
  // appointment is absent only when bookingtime confirmed a booking without saying which.
  output: z.looseObject({ appointment: appointmentOutput.optional() }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const key = `${organizationId}|${args.idempotencyKey ?? `${args.slotId}|${args.customerId}`}`;
    const customId = bookingCustomId(
      organizationId,
      args.idempotencyKey,
      args.slotId,
      args.customerId,
    );
    // Notes are left out: a repeat that only rewords them is still the same booking.
    const fingerprint = `${args.slotId}|${args.customerId}`;
    let outcome: { result: Booked; repeated: boolean };
    try {
      // The in-process memory is only a fast path (and joins concurrent repeats); bookingtime's
      // customId is what makes a repeat safe across processes and restarts.
      outcome = await ctx.bookings.once(key, fingerprint, () =>
        book(ctx.api, ctx.bookings, organizationId, args, customId),
      );
    } catch (error) {
      if (!(error instanceof KeyReusedError)) throw error;
      throw new UserInputError("This idempotencyKey was used for a different booking.", {
        hint: "Use a new idempotencyKey for a new booking.",
      });
    }
    const { result } = outcome;
    const repeated = outcome.repeated || result.existed === true;
    if (result.appointment === undefined) {
      const id = result.confirmedId;
      return {
        data: {
          booked: true,
          detailsUnavailable: true,
          customId,
          ...(id ? { appointment: { id } } : {}),
        },
        summary:
          `${headline(false, result, args.idempotencyKey)}${id ? `: appointment id ${id}` : ""}; its customId is ${customId}. ` +
          "Do not book again; get_appointment or list_appointments show the details.",
      };
    }
    // A repeat reports the appointment as it is now: it may have been moved or canceled since.
    const appointment = outcome.repeated
      ? await ctx.api.showAppointment(organizationId, result.appointment.id)
      : result.appointment;
    const view = appointmentView(appointment, await zoneOf(ctx.api, organizationId, appointment));
    const notes = repeated ? notesNotApplied(args.notes, appointment.notes) : undefined;
    const warning = [result.warning, notes].filter(Boolean).join(" ") || undefined;
    return {
      data: {
        appointment: view,
        customId,
        repeated,
        recovered: result.recovered,
        ...(result.alreadyHeld ? { alreadyHeld: true } : {}),
        ...(warning ? { warning } : {}),
      },
      summary: `${headline(repeated, result, args.idempotencyKey)}: ${describeAppointment(view)}, id ${view.id}.${repeated ? sinceThen(view) : ""}${warning ? ` ${warning}` : ""}`,
    };
  },
});
