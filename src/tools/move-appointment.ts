import { z } from "zod";
import { idInput } from "../booking/booking-inputs.js";
import { sentNothing, slotTimeStillFree } from "../booking/booking-outcome.js";
import {
  ApiClientError,
  type BookingtimeError,
  UpstreamUnavailableError,
} from "../bookingtime/errors.js";
import type { Appointment } from "../bookingtime/schemas.js";
import { formatZoned } from "../bookingtime/time.js";
import { instantOf } from "../bookingtime/wire-time.js";
import { defineTool, type ToolContext, writes } from "./define.js";
import {
  appointmentOutput,
  appointmentView,
  currentAppointment,
  describeAppointment,
  describeForPerson,
  humanStart,
  refusal,
  zoneOf,
} from "./support/booking-views.js";
import { appointmentIdInput, organizationIdInput } from "./support/common.js";
import { confirmChange, confirmInput } from "./support/confirmation.js";
import { reasonOutput } from "./support/output-shapes.js";

/**
 * A move refused or unanswered: read the appointment and see whether it is at the slot's time
 * now. Returns it when it moved; throws what happened otherwise.
 */
async function findOutMove(
  ctx: ToolContext,
  organizationId: string,
  appointmentId: string,
  slotId: string,
  failure: BookingtimeError,
): Promise<Appointment> {
  const slot = ctx.bookings.slot(slotId);
  const current = await ctx.api
    .showAppointment(organizationId, appointmentId)
    .catch(() => undefined);
  const zone = current ? await zoneOf(ctx.api, organizationId, current) : undefined;
  if (current && zone && slot && slot.organizationId === organizationId) {
    const at = instantOf(current.start, zone);
    if (at === slot.startMs && !current.canceled) return current;
  }
  if (failure instanceof ApiClientError) {
    const free = await slotTimeStillFree(ctx.api, ctx.bookings, organizationId, slotId);
    throw refusal(failure, "moved", free);
  }
  if (!current || !zone || !slot) {
    throw new UpstreamUnavailableError(
      `${failure.message} Whether the appointment moved could not be checked.`,
      {
        upstreamMessages: failure.upstreamMessages,
        hint: "Check with get_appointment before moving it again.",
      },
    );
  }
  throw new UpstreamUnavailableError(
    `${failure.message} The appointment is still at its old time (${formatZoned(zone, instantOf(current.start, zone))}): it was not moved.`,
    {
      upstreamMessages: failure.upstreamMessages,
      hint: "Call move_appointment again; if the slot has expired, get a fresh one from find_free_slots.",
    },
  );
}

export const moveAppointment = defineTool({
  name: "move_appointment",
  title: "Move appointment",
  toolset: "appointments",
  description: "Move an appointment to a free slot of its service.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: appointmentIdInput,
    slotId: idInput("bookingSlot", "slotId", "find_free_slots detail"),
    confirm: confirmInput,
  }),
  output: z.object({
    moved: z.boolean(),
    appointment: appointmentOutput,
    reason: reasonOutput,
    detailsUnavailable: z.boolean().optional(),
  }),
  // It gives up the current time, which someone else may book at once.
  annotations: writes({ destructiveHint: true, idempotentHint: false }),
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const before = await currentAppointment(ctx.api, organizationId, args.appointmentId);
    // find_free_slots remembers what it showed; a slot from elsewhere is named by its id.
    const slot = ctx.bookings.slot(args.slotId);
    const target = slot ? humanStart(slot.timeZone, slot.startMs) : `the slot ${args.slotId}`;
    const question = `Move ${describeForPerson(before)} to ${target}?`;
    const verdict = await confirmChange(ctx, args.confirm, question, "moved");
    if (!verdict.go) {
      return {
        data: { moved: false, appointment: before, reason: verdict.reason },
        summary: `Not moved: ${verdict.reason} Appointment: ${describeAppointment(before)}.`,
      };
    }
    let moved: Appointment | undefined;
    let found = false;
    try {
      const written = await ctx.api.moveAppointment(
        organizationId,
        args.appointmentId,
        args.slotId,
      );
      moved = written.record;
    } catch (error) {
      if (sentNothing(error)) throw error;
      moved = await findOutMove(
        ctx,
        organizationId,
        args.appointmentId,
        args.slotId,
        error as BookingtimeError,
      );
      found = true;
    }
    if (moved === undefined) {
      return {
        data: { moved: true, appointment: { id: args.appointmentId }, detailsUnavailable: true },
        summary: `Moved (bookingtime confirmed it; details unavailable): appointment ${args.appointmentId}. Do not move it again; get_appointment shows it.`,
      };
    }
    const view = appointmentView(moved, await zoneOf(ctx.api, organizationId, moved));
    const how = found
      ? "Moved (confirmed by reading it back after a refused or lost answer)"
      : "Moved";
    return {
      data: { moved: true, appointment: view },
      summary: `${how}: ${describeAppointment(view)}.`,
    };
  },
});
