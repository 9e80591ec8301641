import { z } from "zod";
import { idInput, optionalIdInput } from "../booking/booking-inputs.js";
import { KeyReusedError } from "../booking/booking-memory.js";
import { holdsTime } from "../booking/booking-outcome.js";
import { UserInputError } from "../bookingtime/errors.js";
import { cleanText, limitFor } from "../bookingtime/untrusted-text.js";
import { CallCancelledError, isCancelled } from "../upstream/cancellation.js";
import { defineTool, writes } from "./define.js";
import { bookingSteps, type Planned, planBooking } from "./support/booking-plan.js";
import {
  type AppointmentView,
  appointmentOutput,
  appointmentView,
  describeAppointment,
  zoneOf,
} from "./support/booking-views.js";
import { organizationIdInput } from "./support/common.js";
import { compactTimesOutput } from "./support/output-shapes.js";
import { Steps } from "./support/progress.js";

const input = z.strictObject({
  organizationId: organizationIdInput,
  slotId: optionalIdInput("bookingSlot", "slotId", "find_free_slots"),
  serviceId: optionalIdInput("bookingTemplate", "serviceId", "list_services"),
  date: z.string().optional().describe("YYYY-MM-DD, with start HH:MM"),
  start: z
    .string()
    .optional()
    .describe("HH:MM (organization's zone) or date-time with offset; with serviceId"),
  staffId: z.string().trim().min(1).max(40).optional().describe("Staff key or id; default anyone"),
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

function headline(
  repeated: boolean,
  result: Planned,
  idempotencyKey: string | undefined,
  way: "slot" | "time" = "slot",
): string {
  if (repeated || result.existed) {
    const same = idempotencyKey ? "the same idempotencyKey" : `the same ${way} and customer`;
    return `Already booked by an earlier call with ${same}, nothing new was booked`;
  }
  if (result.alreadyHeld) return "This customer already holds this booking, nothing new was booked";
  if (result.recovered) return "Booked (found after a lost or refused answer)";
  return result.appointment ? "Booked" : "Booked (bookingtime confirmed it; details unavailable)";
}

/** What happened to a repeated booking since it was made. */
function sinceThen(view: AppointmentView, idempotencyKey: string | undefined): string {
  if (view.status === "canceled") {
    return idempotencyKey
      ? " It has been canceled since; this idempotencyKey always names it, so to book again call with a new idempotencyKey."
      : " It has been canceled since; book a new slot if still wanted.";
  }
  return view.moved ? " It has been moved since; the times shown are current." : "";
}

/** Notes are not part of a repeat's identity, so new ones are not written: say so. */
function notesNotApplied(asked: string | undefined, stored: string | null | undefined) {
  // The stored notes come back cleaned (and cut): the same notes read the same way.
  if (!asked || cleanText(asked, limitFor("notes")) === (stored ?? "")) return undefined;
  return "The notes in this call were not applied: a repeat returns the earlier booking unchanged.";
}

export const bookAppointment = defineTool({
  name: "book_appointment",
  title: "Book appointment",
  toolset: "appointments",
  description:
    "Book for a customer by serviceId + date + start (+ staffId key) from find_free_slots, or by " +
    "slotId. If the time is gone, the nearest free times come back. A repeat returns the first booking.",
  input,
  // appointment is absent only when bookingtime confirmed a booking without saying which.
  output: z.object({
    appointment: appointmentOutput.optional(),
    customId: z.string().optional(),
    repeated: z.boolean().optional(),
    recovered: z.boolean().optional(),
    alreadyHeld: z.boolean().optional(),
    warning: z.string().optional(),
    booked: z.boolean().optional(),
    detailsUnavailable: z.boolean().optional(),
    // A time that is not free (an isError result, booked: false): the nearest free times.
    reason: z.enum(["taken", "not_free"]).optional(),
    wanted: z.string().optional(),
    timeZone: z.string().optional(),
    today: z.string().optional(),
    alternatives: z.object(compactTimesOutput).optional(),
  }),
  annotations: writes({ destructiveHint: false, idempotentHint: true }),
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const steps = new Steps(ctx.progress, bookingSteps(args));
    const plan = await planBooking(args, ctx, organizationId, steps);
    const { key, fingerprint, run } = plan;
    const way = args.slotId ? "slot" : "time";
    let outcome: { result: Planned; repeated: boolean };
    try {
      // The in-process memory is only a fast path (and joins concurrent repeats); bookingtime's
      // customId is what makes a repeat safe across processes and restarts.
      outcome = await ctx.bookings.once(key, fingerprint, run).catch((error: unknown) => {
        // A repeat that joined a booking whose own caller cancelled it before anything was sent
        // books for itself (a cancelled run is not remembered).
        if (!(error instanceof CallCancelledError) || isCancelled()) throw error;
        return ctx.bookings.once(key, fingerprint, run);
      });
    } catch (error) {
      if (!(error instanceof KeyReusedError)) throw error;
      throw new UserInputError("This idempotencyKey was used for a different booking.", {
        hint: "Use a new idempotencyKey for a new booking.",
      });
    }
    // A repeat reports the appointment as it is now: it may have been moved or canceled since.
    const remembered = outcome.result.appointment;
    let current =
      outcome.repeated && remembered
        ? await ctx.api.showAppointment(organizationId, remembered.id)
        : remembered;
    if (
      outcome.repeated &&
      args.idempotencyKey === undefined &&
      plan.at &&
      current &&
      !holdsTime(current, plan.at)
    ) {
      // Remembered here, but canceled or moved away since: without a caller's key the same
      // call books anew (the durable lookup in run() finds or makes the next generation).
      outcome = { result: await run(), repeated: false };
      current = outcome.result.appointment;
    }
    const { result } = outcome;
    const customId = result.customId ?? plan.customId;
    const repeated = outcome.repeated || result.existed === true;
    if (result.appointment === undefined) {
      steps.finish("booked; bookingtime gave no details");
      const id = result.confirmedId;
      return {
        data: {
          booked: true,
          detailsUnavailable: true,
          customId,
          ...(id ? { appointment: { id } } : {}),
        },
        summary:
          `${headline(false, result, args.idempotencyKey, way)}${id ? `: appointment id ${id}` : ""}; its customId is ${customId}. ` +
          "Do not book again; get_appointment or list_appointments show the details.",
      };
    }
    const appointment = current ?? result.appointment;
    const view = appointmentView(appointment, await zoneOf(ctx.api, organizationId, appointment));
    // Whatever was skipped (a repeat books nothing), progress ends at its total.
    steps.finish(repeated ? "found the earlier booking" : "confirmed the booking");
    // Records may carry no customer (`customer: []`): the booking is for the one the call named.
    if (!view.customer) view.customer = { id: args.customerId };
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
      summary: `${headline(repeated, result, args.idempotencyKey, way)}: ${describeAppointment(view)}, id ${view.id}.${repeated ? sinceThen(view, args.idempotencyKey) : ""}${warning ? ` ${warning}` : ""}`,
    };
  },
});
