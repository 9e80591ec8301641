import { z } from "zod";
import { idInput } from "./booking-inputs.js";
import {
  appointmentOutput,
  appointmentView,
  describeAppointment,
  humanTime,
  zoneOf,
} from "./booking-views.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";

export const cancelAppointment = defineTool({
  name: "cancel_appointment",
  title: "Cancel appointment",
  toolset: "appointments",
  description:
    "Cancel an appointment. The user confirms when asked; a client that cannot ask needs confirm: true.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: idInput("appointment", "appointmentId", "book_appointment/list_appointments"),
    confirm: z.boolean().default(false).describe("true once the user agreed"),
  }),
  output: z.looseObject({ canceled: z.boolean(), appointment: appointmentOutput }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const current = await ctx.api.showAppointment(organizationId, args.appointmentId);
    const timeZone = await zoneOf(ctx.api, organizationId, current);
    const before = appointmentView(current, timeZone);
    const what = describeAppointment(before);
    if (before.status === "canceled") {
      // Idempotent: the goal is reached, so no question, no write, no error.
      return {
        data: { canceled: true, alreadyCanceled: true, appointment: before },
        summary: `Already canceled: ${what}. Nothing was changed.`,
      };
    }
    // The user reads this one: who, what and a readable time, then the exact ISO value.
    const who = before.customer?.name ?? before.customer?.id ?? "an unknown customer";
    const staff = before.staff.map((s) => s.name ?? s.id).join(", ");
    const question =
      `Cancel ${who}'s ${before.service ?? "appointment"}${staff ? ` with ${staff}` : ""} ` +
      `on ${humanTime(before)} (${before.start})?`;
    const answer = ctx.confirm ? await ctx.confirm(question) : "unsupported";
    const notDone = (reason: string) => ({
      data: { canceled: false, appointment: before, reason },
      summary: `Not canceled: ${reason} Appointment: ${what}.`,
    });
    if (answer === "declined") return notDone("the user did not confirm.");
    if (answer === "unsupported" && !args.confirm) {
      return notDone("confirm is not true. Ask the user, then call again with confirm: true.");
    }
    const canceled = await ctx.api.cancelAppointment(organizationId, args.appointmentId);
    if (canceled.record === undefined) {
      // 2xx: done, even though neither the answer nor a read-back said more.
      return {
        data: {
          canceled: true,
          detailsUnavailable: true,
          appointment: { ...before, status: "canceled" },
        },
        summary: `Canceled (bookingtime confirmed it; details unavailable): ${what}.`,
      };
    }
    const view = appointmentView(canceled.record, timeZone);
    return { data: { canceled: true, appointment: view }, summary: `Canceled: ${what}.` };
  },
});
