import { z } from "zod";
import { idInput } from "./booking-inputs.js";
import {
  appointmentOutput,
  appointmentView,
  describeAppointment,
  describeForPerson,
  humanStart,
  isSlotRefusal,
  slotRefused,
  zoneOf,
} from "./booking-views.js";
import { organizationIdInput } from "./common.js";
import { confirmChange, confirmInput } from "./confirmation.js";
import { defineTool } from "./define.js";

export const moveAppointment = defineTool({
  name: "move_appointment",
  title: "Move appointment",
  toolset: "appointments",
  description: "Move an appointment to a free slot of its service.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: idInput("appointment", "appointmentId", "book_appointment/list_appointments"),
    slotId: idInput("bookingSlot", "slotId", "find_free_slots"),
    confirm: confirmInput,
  }),
  output: z.looseObject({ moved: z.boolean(), appointment: appointmentOutput }),
  annotations: {
    readOnlyHint: false,
    // It gives up the current time, which someone else may book at once.
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const current = await ctx.api.showAppointment(organizationId, args.appointmentId);
    const before = appointmentView(current, await zoneOf(ctx.api, organizationId, current));
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
    let moved: Awaited<ReturnType<typeof ctx.api.moveAppointment>>;
    try {
      moved = await ctx.api.moveAppointment(organizationId, args.appointmentId, args.slotId);
    } catch (error) {
      throw isSlotRefusal(error) ? slotRefused(error) : error;
    }
    const view = appointmentView(moved, await zoneOf(ctx.api, organizationId, moved));
    return {
      data: { moved: true, appointment: view },
      summary: `Moved: ${describeAppointment(view)}.`,
    };
  },
});
