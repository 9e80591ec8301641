import type { BookingMemory } from "../../booking/booking-memory.js";
import { KeyReusedError } from "../../booking/booking-memory.js";
import { findOutcome, sentNothing, slotTimeStillFree } from "../../booking/booking-outcome.js";
import type { BookingtimeApi } from "../../bookingtime/api.js";
import {
  ApiClientError,
  BookingtimeError,
  UpstreamUnavailableError,
} from "../../bookingtime/errors.js";
import type { Appointment } from "../../bookingtime/schemas.js";
import { instantOf } from "../../bookingtime/wire-time.js";
import { OTHER_ORGANIZATION_HINT } from "../errors.js";
import { refusal } from "./booking-views.js";
import type { Steps } from "./progress.js";

/** One booking attempt with a concrete slot id (given, or looked up for a wanted time). */
export interface BookingRequest {
  slotId: string;
  customerId: string;
  notes?: string | undefined;
  idempotencyKey?: string | undefined;
  /** Booked by time: the wanted start, against which a booking found under the key is checked. */
  at?: { startMs: number; timeZone: string } | undefined;
}

export interface BookOptions {
  /** The caller already looked the customId up and found nothing. */
  existingChecked?: boolean;
  /** Builds the error for a refused add that booked nothing (default: is the slot's time still free?). */
  refused?: (failure: BookingtimeError) => Promise<BookingtimeError>;
  /** The call's progress: the lookup, the add and the notes are a step each. */
  steps?: Steps | undefined;
}

export interface Booked {
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

export async function book(
  api: BookingtimeApi,
  memory: BookingMemory,
  organizationId: string,
  args: BookingRequest,
  customId: string,
  options: BookOptions = {},
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
  const { steps } = options;
  const existing = options.existingChecked
    ? undefined
    : await api.findAppointmentByCustomId(organizationId, customId);
  if (!options.existingChecked) steps?.step("checked for an earlier booking");
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
    steps?.step("booked");
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
    } else if (options.refused) {
      throw await options.refused(failure);
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
    steps?.step("saved the notes");
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
export function checkSameBooking(
  existing: Appointment,
  args: Pick<BookingRequest, "slotId" | "customerId" | "idempotencyKey" | "at">,
  memory: BookingMemory,
) {
  const customer = (existing.customer as { id?: unknown } | null | undefined)?.id;
  const slot = args.at ?? memory.slot(args.slotId);
  const otherCustomer = typeof customer === "string" && customer !== args.customerId;
  const otherTime =
    slot !== undefined &&
    !existing.moved &&
    instantOf(existing.start, slot.timeZone) !== slot.startMs;
  if (args.idempotencyKey !== undefined && (otherCustomer || otherTime)) throw new KeyReusedError();
}
