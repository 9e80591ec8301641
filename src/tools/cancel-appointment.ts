import { z } from "zod";
import { ApiClientError } from "../bookingtime/errors.js";
import { defineTool, writes } from "./define.js";
import {
  appointmentOutput,
  appointmentView,
  currentAppointment,
  describeAppointment,
  describeForPerson,
} from "./support/booking-views.js";
import { appointmentIdInput, organizationIdInput } from "./support/common.js";
import { confirmChange, confirmInput } from "./support/confirmation.js";
import { reasonOutput } from "./support/output-shapes.js";

export const cancelAppointment = defineTool({
  name: "cancel_appointment",
  title: "Cancel appointment",
  toolset: "appointments",
  description: "Cancel an appointment; asks the user first.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    appointmentId: appointmentIdInput,
    confirm: confirmInput,
  }),
  output: z.object({
    canceled: z.boolean(),
    appointment: appointmentOutput,
    alreadyCanceled: z.boolean().optional(),
    reason: reasonOutput,
    detailsUnavailable: z.boolean().optional(),
  }),
  annotations: writes({ destructiveHint: true, idempotentHint: true }),
  async handler(args, ctx) {
    const organizationId = ctx.organizationId(args.organizationId);
    const before = await currentAppointment(ctx.api, organizationId, args.appointmentId);
    const { timeZone } = before;
    const what = describeAppointment(before);
    if (before.status === "canceled") {
      // Idempotent: the goal is reached, so no question, no write, no error.
      return {
        data: { canceled: true, alreadyCanceled: true, appointment: before },
        summary: `Already canceled: ${what}. Nothing was changed.`,
      };
    }
    const question = `Cancel ${describeForPerson(before)}?`;
    const verdict = await confirmChange(ctx, args.confirm, question, "canceled");
    if (!verdict.go) {
      return {
        data: { canceled: false, appointment: before, reason: verdict.reason },
        summary: `Not canceled: ${verdict.reason} Appointment: ${what}.`,
      };
    }
    const canceled = await ctx.api
      .cancelAppointment(organizationId, args.appointmentId)
      .catch(async (error: unknown) => {
        // A 2xx with an error message and no record: read it back to find out what happened.
        if (!(error instanceof ApiClientError) || (error.status ?? 0) >= 300) throw error;
        const after = await ctx.api
          .showAppointment(organizationId, args.appointmentId)
          .catch(() => undefined);
        if (after && appointmentView(after, timeZone).status === "canceled") {
          return { record: after, readBack: true };
        }
        const verdict = after ? "Not canceled" : "Maybe not canceled (reading it back failed)";
        throw new ApiClientError(`${verdict}: ${error.message}`, {
          status: error.status,
          upstreamMessages: error.upstreamMessages,
          code: error.code,
          retryAfterMs: error.retryAfterMs,
          hint: error.hint,
        });
      });
    if (canceled.record === undefined) {
      // 2xx: done, even though neither the answer nor a read-back said more.
      return {
        data: {
          canceled: true,
          detailsUnavailable: true,
          appointment: { ...before, status: "canceled" as const },
        },
        summary: `Canceled (bookingtime confirmed it; details unavailable): ${what}.`,
      };
    }
    const view = appointmentView(canceled.record, timeZone);
    return { data: { canceled: true, appointment: view }, summary: `Canceled: ${what}.` };
  },
});
