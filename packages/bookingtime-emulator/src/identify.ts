import type { RouteContext } from "./api.js";
import { render } from "./appointments.js";
import { errorMessage, failure, sendEnvelope, sendEnvelopeWithStatus, success } from "./http.js";

/**
 * What bookingtime answers when no record has the customId is unknown (no sample exists), so the
 * sandbox's `identifyMiss` option picks one of the three plausible forms.
 */
function sendMiss({ ex, state }: RouteContext, text: string): void {
  switch (state.identifyMiss) {
    case "404":
      // Exactly 404, also in sdk mode: a test that asks for it wants it.
      sendEnvelopeWithStatus(ex, 404, [failure(text, "customId")], null);
      return;
    case "empty":
      sendEnvelope(ex, 200, [success("")], null);
      return;
    case "message":
      sendEnvelope(ex, 200, [errorMessage(text, "customId")], null);
      return;
  }
}

/** GET customer/{customId}/identify: the segment arrives URL-decoded (it may hold `/`, `&`, spaces). */
export function identifyCustomer(ctx: RouteContext): void {
  const { ex, state, organization, params } = ctx;
  const customer = state.customerByCustomId(organization.id, params.customId ?? "");
  if (customer === undefined) {
    sendMiss(ctx, "No customer with this customId.");
    return;
  }
  sendEnvelope(ex, 200, [], customer);
}

/** GET appointment/{customId}/identify: the appointment booked with that customId. */
export function identifyAppointment(ctx: RouteContext): void {
  const row = ctx.state.booking.appointmentByCustomId(
    ctx.organization.id,
    ctx.params.customId ?? "",
  );
  if (row === undefined) {
    sendMiss(ctx, "No appointment with this customId.");
    return;
  }
  sendEnvelope(ctx.ex, 200, [], render(ctx, row));
}
