import { z } from "zod";
import { idInput } from "../booking/booking-inputs.js";
import { defineTool, READ_ONLY } from "./define.js";
import {
  appointmentOutput,
  appointmentView,
  describeAppointment,
  zoneOf,
} from "./support/booking-views.js";
import { organizationIdInput } from "./support/common.js";

export const getAppointment = defineTool({
  name: "get_appointment",
  title: "Get appointment",
  toolset: "appointments",
  description: "One appointment: service, start/end, staff, customer, price, status.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: idInput("appointment", "appointmentId", "book_appointment/list_appointments"),
  }),
  output: z.object({ appointment: appointmentOutput }),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const found = await ctx.api.showAppointment(organizationId, args.appointmentId);
    const view = appointmentView(found, await zoneOf(ctx.api, organizationId, found));
    return {
      data: { appointment: view },
      summary: `${describeAppointment(view)}; ${view.status}${view.moved ? ", moved" : ""}.`,
    };
  },
});
