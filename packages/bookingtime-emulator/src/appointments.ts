import type { RouteContext } from "./api.js";
import { renderAppointment } from "./booking-render.js";
import type { Params } from "./booking-routes.js";
import { type AppointmentRow, newId } from "./booking-store.js";
import {
  failure,
  type Message,
  readJsonObject,
  sendEnvelope,
  sendFailure,
  success,
} from "./http.js";
import { bookingRules, withinWindow } from "./slots.js";

const SLOT_ID = /^4f[A-Za-z0-9]{30}$/;
const CUSTOMER_ID = /^d3[A-Za-z0-9]{30}$/;

export function render(ctx: RouteContext, row: AppointmentRow) {
  const customer = ctx.state.customers(row.organizationId).find((c) => c.id === row.customerId);
  return renderAppointment(
    ctx.state.booking,
    row,
    bookingRules(ctx.organization).timeZone,
    customer,
    ctx.state.shapes,
  );
}

/** The JSON object body with exactly the allowed fields, or undefined after answering the failure. */
function readBody(
  ctx: RouteContext,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> | undefined {
  const { ex } = ctx;
  const input = readJsonObject(ex);
  if (input === undefined) return undefined;
  const messages: Message[] = [];
  for (const field of required) {
    if (!Object.hasOwn(input, field)) messages.push(failure("This parameter is missing.", field));
  }
  for (const field of [...required, ...optional]) {
    if (Object.hasOwn(input, field) && typeof input[field] !== "string") {
      messages.push(failure("This value should be of type string.", field));
    }
  }
  for (const field of ["notes", "customId"]) {
    const limit = field === "notes" ? 5000 : 100;
    const value = input[field];
    if (typeof value === "string" && value.length > limit) {
      messages.push(failure(tooLong(limit), field));
    }
  }
  for (const field of Object.keys(input)) {
    if (!required.includes(field) && !optional.includes(field)) {
      messages.push(failure("This field was not expected.", field));
    }
  }
  if (messages.length > 0) {
    sendEnvelope(ex, 422, messages, null);
    return undefined;
  }
  return input;
}

const tooLong = (limit: number) =>
  `This value is too long. It should have ${limit} characters or less.`;

function findAppointment(ctx: RouteContext, params: Params): AppointmentRow | undefined {
  const row = ctx.state.booking.appointment(ctx.organization.id, params.appointmentId ?? "");
  if (!row) sendFailure(ctx.ex, 404, "Appointment not found.");
  return row;
}

/**
 * The slot a request names, still bookable for this template, or undefined after answering why
 * not. `movingId` ignores the appointment being moved when checking that the staff is free.
 */
function claimSlot(ctx: RouteContext, slotId: string, templateId?: string, movingId?: string) {
  const { ex, state, organization } = ctx;
  const refuse = (status: number, text: string) => {
    sendEnvelope(ex, status, [failure(text, "bookingSlotId")], null);
    return undefined;
  };
  const slot = SLOT_ID.test(slotId) ? state.booking.slot(slotId) : undefined;
  if (!slot || slot.organizationId !== organization.id) {
    return refuse(422, "This booking slot does not exist. Fetch free booking slots again.");
  }
  const now = state.clock.now();
  if (slot.expiresMs <= now) {
    return refuse(422, "This booking slot has expired. Fetch free booking slots again.");
  }
  if (templateId !== undefined && slot.templateId !== templateId) {
    return refuse(422, "This booking slot belongs to another booking template.");
  }
  const template = state.booking.template(organization.id, slot.templateId);
  if (!template || !withinWindow(bookingRules(organization), slot.startMs, now)) {
    return refuse(
      422,
      "This booking slot can no longer be booked. Fetch free booking slots again.",
    );
  }
  const endMs = slot.startMs + template.duration * 60_000;
  if (state.booking.busy(organization.id, slot.resourceIds, slot.startMs, endMs, movingId)) {
    return refuse(409, "This booking slot is no longer available. Fetch free booking slots again.");
  }
  return { ...slot, endMs };
}

export function addAppointment(ctx: RouteContext): void {
  const body = readBody(ctx, ["bookingSlotId", "customerId"], ["customId", "notes"]);
  if (!body) return;
  const customId = typeof body.customId === "string" ? body.customId : "";
  // Checked first: a repeat of a booking that went through must not look like a taken slot.
  if (ctx.state.booking.appointmentByCustomId(ctx.organization.id, customId)) {
    const text = "An appointment with this customId already exists.";
    sendEnvelope(ctx.ex, 409, [failure(text, "customId")], null);
    return;
  }
  const customerId = String(body.customerId);
  const customer = CUSTOMER_ID.test(customerId)
    ? ctx.state.customers(ctx.organization.id).find((c) => c.id === customerId)
    : undefined;
  if (!customer) {
    sendEnvelope(ctx.ex, 422, [failure("Customer not found.", "customerId")], null);
    return;
  }
  const slotId = String(body.bookingSlotId);
  const slot = claimSlot(ctx, slotId);
  if (!slot) return;
  ctx.state.booking.spendSlot(slotId);
  const row: AppointmentRow = {
    id: newId("ed"),
    organizationId: ctx.organization.id,
    templateId: slot.templateId,
    customerId,
    customId,
    startMs: slot.startMs,
    endMs: slot.endMs,
    resourceIds: slot.resourceIds,
    canceled: false,
    moved: false,
    notes: typeof body.notes === "string" ? body.notes : "",
  };
  ctx.state.booking.appointments(ctx.organization.id).push(row);
  sendEnvelope(ctx.ex, 201, [success("Appointment successfully booked.")], render(ctx, row));
}

export function showAppointment(ctx: RouteContext, params: Params): void {
  const row = findAppointment(ctx, params);
  if (row) sendEnvelope(ctx.ex, 200, [], render(ctx, row));
}

export function editAppointment(ctx: RouteContext, params: Params): void {
  const row = findAppointment(ctx, params);
  if (!row) return;
  const body = readBody(ctx, ["notes"]);
  if (!body) return;
  row.notes = String(body.notes);
  sendEnvelope(ctx.ex, 200, [success("Appointment successfully edited.")], render(ctx, row));
}

function refuseChange(ctx: RouteContext, row: AppointmentRow, verb: string): boolean {
  if (row.canceled) {
    const text =
      verb === "cancel"
        ? "The appointment has already been canceled."
        : "A canceled appointment cannot be moved.";
    sendFailure(ctx.ex, 409, text);
    return true;
  }
  if (row.startMs <= ctx.state.clock.now()) {
    sendFailure(ctx.ex, 409, `An appointment that has started cannot be ${verb}ed.`);
    return true;
  }
  return false;
}

export function moveAppointment(ctx: RouteContext, params: Params): void {
  const row = findAppointment(ctx, params);
  if (!row || refuseChange(ctx, row, "mov")) return;
  const body = readBody(ctx, ["bookingSlotId"]);
  if (!body) return;
  const slotId = String(body.bookingSlotId);
  const slot = claimSlot(ctx, slotId, row.templateId, row.id);
  if (!slot) return;
  ctx.state.booking.spendSlot(slotId);
  row.startMs = slot.startMs;
  row.endMs = slot.endMs;
  row.resourceIds = slot.resourceIds;
  row.moved = true;
  sendEnvelope(ctx.ex, 200, [success("Appointment successfully moved.")], render(ctx, row));
}

export function cancelAppointment(ctx: RouteContext, params: Params): void {
  const row = findAppointment(ctx, params);
  if (!row) return;
  if (ctx.ex.body.length > 0) {
    sendFailure(ctx.ex, 400, "This request takes no body.");
    return;
  }
  if (refuseChange(ctx, row, "cancel")) return;
  row.canceled = true;
  sendEnvelope(ctx.ex, 200, [success("Appointment successfully canceled.")], render(ctx, row));
}
