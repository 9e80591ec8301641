import { z } from "zod";
import { idInput } from "./booking-inputs.js";
import {
  appointmentOutput,
  appointmentView,
  describeAppointment,
  isSlotRefusal,
  slotRefused,
  zoneOf,
} from "./booking-views.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";

export const moveAppointment = defineTool({
  name: "move_appointment",
  title: "Move appointment",
  toolset: "appointments",
  description: "Move an appointment to another free slot of the same service.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: idInput("appointment", "appointmentId", "book_appointment/list_appointments"),
    slotId: idInput("bookingSlot", "slotId", "find_free_slots"),
  }),
  output: z.object({ appointment: appointmentOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    let moved: Awaited<ReturnType<typeof ctx.api.moveAppointment>>;
    try {
      moved = await ctx.api.moveAppointment(organizationId, args.appointmentId, args.slotId);
    } catch (error) {
      throw isSlotRefusal(error) ? slotRefused(error) : error;
    }
    const view = appointmentView(moved, await zoneOf(ctx.api, organizationId, moved));
    return { data: { appointment: view }, summary: `Moved: ${describeAppointment(view)}.` };
  },
});
