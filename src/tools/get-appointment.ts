import { z } from "zod";
import { defineTool, READ_ONLY } from "./define.js";
import {
  appointmentOutput,
  currentAppointment,
  describeAppointment,
} from "./support/booking-views.js";
import { appointmentIdInput, organizationIdInput } from "./support/common.js";

export const getAppointment = defineTool({
  name: "get_appointment",
  title: "Get appointment",
  toolset: "appointments",
  description: "One appointment: service, start/end, staff, customer, price, status.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: appointmentIdInput,
  }),
  output: z.object({ appointment: appointmentOutput }),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const view = await currentAppointment(ctx.api, organizationId, args.appointmentId);
    return {
      data: { appointment: view },
      summary: `${describeAppointment(view)}; ${view.status}${view.moved ? ", moved" : ""}.`,
    };
  },
});
