import type { RouteContext } from "./api.js";
import { customerAppointments, listAppointments } from "./appointment-lists.js";
import {
  addAppointment,
  cancelAppointment,
  editAppointment,
  moveAppointment,
  showAppointment,
} from "./appointments.js";
import { parseRange, rangeList, renderResource, renderTemplate } from "./booking-render.js";
import { errorMessage, sendEnvelope, sendFailure } from "./http.js";
import { identifyAppointment } from "./identify.js";
import { listContent } from "./shapes.js";
import { bookingRules, earliestDay, type FreeSlot, freeSlots } from "./slots.js";
import { addDays, formatZoned, localDateOf } from "./time.js";

export type Params = Readonly<Record<string, string>>;
type ParamHandler = (ctx: RouteContext, params: Params) => void;

/** Paths below /organization/{id}/ with `:name` segments, for the booking workflow. */
const ROUTES: Array<[string, Record<string, ParamHandler>]> = [
  ["bookingTemplate/list", { GET: listTemplates }],
  ["bookingTemplate/:templateId/show", { GET: showTemplate }],
  ["bookingTemplate/:templateId/bookingSlot/earliest", { GET: earliestSlots }],
  [
    "bookingTemplate/:templateId/bookingSlot/year/:year/month/:month/day/:day/listDay",
    { GET: (ctx, p) => listSlots(ctx, p, "day") },
  ],
  [
    "bookingTemplate/:templateId/bookingSlot/year/:year/week/:week/listWeek",
    { GET: (ctx, p) => listSlots(ctx, p, "week") },
  ],
  [
    "bookingTemplate/:templateId/bookingSlot/year/:year/month/:month/listMonth",
    { GET: (ctx, p) => listSlots(ctx, p, "month") },
  ],
  ["bookingResource/list", { GET: listResources }],
  ["appointment/add", { POST: addAppointment }],
  ["appointment/:customId/identify", { GET: identifyAppointment }],
  ["appointment/:appointmentId/show", { GET: showAppointment }],
  ["appointment/:appointmentId/edit", { PUT: editAppointment }],
  ["appointment/:appointmentId/move", { PUT: moveAppointment }],
  ["appointment/:appointmentId/cancel", { PUT: cancelAppointment }],
  [
    "appointment/year/:year/month/:month/day/:day/listDay",
    { GET: (ctx, p) => listAppointments(ctx, p, "day") },
  ],
  [
    "appointment/year/:year/week/:week/listWeek",
    { GET: (ctx, p) => listAppointments(ctx, p, "week") },
  ],
  [
    "appointment/year/:year/month/:month/listMonth",
    { GET: (ctx, p) => listAppointments(ctx, p, "month") },
  ],
  ["customer/:customerId/appointment/index/:page", { GET: customerAppointments }],
];

/** The booking routes in the router's `{name}` form; each handler gets the matched segments. */
export const BOOKING_ROUTES: Record<
  string,
  Record<string, (ctx: RouteContext) => void>
> = Object.fromEntries(
  ROUTES.map(([pattern, byMethod]) => [
    pattern.replace(/:(\w+)/g, "{$1}"),
    Object.fromEntries(
      Object.entries(byMethod).map(([method, h]) => [
        method,
        (ctx: RouteContext) => h(ctx, ctx.params),
      ]),
    ),
  ]),
);

function listTemplates({ ex, state, organization }: RouteContext): void {
  const list = state.booking
    .templates(organization.id)
    .map((t) => renderTemplate(state.booking, organization.id, t, state.shapes));
  sendEnvelope(ex, 200, [], listContent(state.shapes, list));
}

function findTemplate({ ex, state, organization }: RouteContext, params: Params) {
  const template = state.booking.template(organization.id, params.templateId ?? "");
  if (!template) sendFailure(ex, 404, "Booking template not found.");
  return template;
}

function showTemplate(ctx: RouteContext, params: Params): void {
  const template = findTemplate(ctx, params);
  if (template) {
    const { booking, shapes } = ctx.state;
    sendEnvelope(ctx.ex, 200, [], renderTemplate(booking, ctx.organization.id, template, shapes));
  }
}

function listResources({ ex, state, organization }: RouteContext): void {
  const list = state.booking.resources(organization.id).map(renderResource);
  sendEnvelope(ex, 200, [], listContent(state.shapes, list));
}

/** Slot times as the mode writes them: in the organization's zone, or in UTC as the SDK mocks. */
function stampZone(ctx: RouteContext, timeZone: string): string {
  return ctx.state.shapes === "sdk" ? "UTC" : timeZone;
}

/** Each listing issues fresh, short-lived ids: a slot id is a reservation ticket, not a name. */
function issue(ctx: RouteContext, templateId: string, slots: FreeSlot[], timeZone: string) {
  const now = ctx.state.clock.now();
  return slots.map((slot) => ({
    class: "BOOKING_SLOT",
    id: ctx.state.booking.issueSlot(
      {
        organizationId: ctx.organization.id,
        templateId,
        startMs: slot.startMs,
        resourceIds: slot.resourceIds,
      },
      now,
    ),
    timestamp: formatZoned(stampZone(ctx, timeZone), slot.startMs),
    bookingResourceCombination: slot.resourceIds,
  }));
}

function listSlots(ctx: RouteContext, params: Params, kind: "day" | "week" | "month"): void {
  const template = findTemplate(ctx, params);
  if (!template) return;
  const range = parseRange(kind, params);
  if (Array.isArray(range)) {
    sendEnvelope(ctx.ex, 400, range, null);
    return;
  }
  const rules = bookingRules(ctx.organization);
  const slots = freeSlots(
    ctx.state.booking,
    ctx.organization.id,
    rules,
    template,
    range.from,
    range.to,
    ctx.state.clock.now(),
  );
  const list = issue(ctx, template.id, slots, rules.timeZone);
  const content = rangeList(rules.timeZone, range, list, stampZone(ctx, rules.timeZone));
  sendEnvelope(ctx.ex, 200, [], content);
}

function earliestSlots(ctx: RouteContext, params: Params): void {
  const template = findTemplate(ctx, params);
  if (!template) return;
  const rules = bookingRules(ctx.organization);
  const found = earliestDay(
    ctx.state.booking,
    ctx.organization.id,
    rules,
    template,
    ctx.state.clock.now(),
  );
  const sdk = ctx.state.shapes === "sdk";
  if (!found) {
    if (sdk) {
      // No sample of this answer exists; one plausible form: no slot, and a message why.
      const text = "No free booking slot in the booking window.";
      sendEnvelope(ctx.ex, 200, [errorMessage(text)], null);
      return;
    }
    // Nothing bookable in the whole window: an empty list over it, not an error.
    const today = localDateOf(rules.timeZone, ctx.state.clock.now());
    const window = { from: today, to: addDays(today, rules.dayLatest) };
    sendEnvelope(ctx.ex, 200, [], rangeList(rules.timeZone, window, []));
    return;
  }
  // The SDK documents this route as "show earliest bookingSlot": one slot, not a list.
  const slots = sdk ? found.slots.slice(0, 1) : found.slots;
  const list = issue(ctx, template.id, slots, rules.timeZone);
  if (sdk) {
    sendEnvelope(ctx.ex, 200, [], list[0] ?? null);
    return;
  }
  const day = { from: found.date, to: found.date };
  sendEnvelope(ctx.ex, 200, [], rangeList(rules.timeZone, day, list));
}
