import type { BookingtimeApi } from "../../bookingtime/api.js";
import { ApiClientError, type BookingtimeError } from "../../bookingtime/errors.js";
import type { Appointment } from "../../bookingtime/schemas.js";
import { formatZoned, isTimeZone } from "../../bookingtime/time.js";
import { instantOf } from "../../bookingtime/wire-time.js";
import { advice } from "../../error-text.js";
import { plain, q } from "./quote.js";

export type AppointmentView = {
  id: string;
  service?: string;
  start: string;
  end: string;
  timeZone: string;
  durationMinutes?: number;
  staff: Array<{ id: string; name?: string }>;
  customer?: { id: string; name?: string };
  price?: number;
  currency?: string;
  status: "booked" | "canceled";
  moved: boolean;
  notes?: string;
};

// The output shape lives with the other result shapes.
export { appointmentOutput } from "./output-shapes.js";

function customerOf(value: unknown): { id: string; name?: string } | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  if (typeof c.id !== "string") return undefined;
  const name = [c.firstName, c.lastName].filter((p) => typeof p === "string" && p).join(" ");
  return name ? { id: c.id, name } : { id: c.id };
}

/** The organization's zone for an appointment: its own field when usable, else one lookup. */
export async function zoneOf(
  api: BookingtimeApi,
  organizationId: string,
  appointment: Pick<Appointment, "timeZone">,
): Promise<string> {
  const own = appointment.timeZone;
  return own && isTimeZone(own) ? own : api.timeZone(organizationId);
}

/** The appointment as bookingtime has it now, in its own time zone (else the organization's). */
export async function currentAppointment(
  api: BookingtimeApi,
  organizationId: string,
  appointmentId: string,
): Promise<AppointmentView> {
  const found = await api.showAppointment(organizationId, appointmentId);
  return appointmentView(found, await zoneOf(api, organizationId, found));
}

export function appointmentView(a: Appointment, timeZone: string): AppointmentView {
  const customer = customerOf(a.customer);
  return {
    id: a.id,
    ...(a.name ? { service: a.name } : {}),
    start: formatZoned(timeZone, instantOf(a.start, timeZone)),
    end: formatZoned(timeZone, instantOf(a.end, timeZone)),
    timeZone,
    ...(typeof a.duration === "number" ? { durationMinutes: a.duration } : {}),
    staff: (a.bookingResourceList ?? []).map((r) =>
      r.name ? { id: r.id, name: r.name } : { id: r.id },
    ),
    ...(customer ? { customer } : {}),
    ...(typeof a.priceGross === "number" ? { price: a.priceGross } : {}),
    ...(a.currency ? { currency: a.currency } : {}),
    status: a.canceled ? "canceled" : "booked",
    moved: a.moved === true,
    ...(a.notes ? { notes: a.notes } : {}),
  };
}

/** Upstream names are quoted (see quote.ts): a name cannot end the line and speak for us. */
function parties(v: AppointmentView) {
  const who = v.customer?.name
    ? q(v.customer.name)
    : v.customer?.id
      ? plain(v.customer.id)
      : "unknown customer";
  const staff = v.staff.map((s) => (s.name ? q(s.name) : plain(s.id))).join(", ");
  return { who, staff, service: v.service ? q(v.service) : undefined };
}

export function describeAppointment(v: AppointmentView): string {
  const { who, staff, service } = parties(v);
  return `${service ?? "Appointment"} for ${who} on ${plain(v.start)} (${plain(v.timeZone)})${staff ? ` with ${staff}` : ""}`;
}

/** For a person's confirmation: who, what, with whom and a readable time, then the exact ISO value. */
export function describeForPerson(v: AppointmentView): string {
  const { who, staff, service } = parties(v);
  return (
    `the ${service ? `${service} ` : ""}appointment of ${who}${staff ? ` with ${staff}` : ""} ` +
    `on ${humanTime(v)} (${plain(v.start)})`
  );
}

const RETRY_SLOT =
  "Call find_free_slots again and use a fresh slot id right away; slot ids are short-lived.";

/**
 * A refused booking or move, after checking what happened: `stillFree` says whether that time
 * (same staff) is still offered; undefined when it could not be checked.
 */
export function refusal(
  error: BookingtimeError,
  what: "booked" | "moved",
  stillFree: boolean | undefined,
  extraHint?: string,
): BookingtimeError {
  const status = error.status === undefined ? "" : ` (${error.status})`;
  const head =
    stillFree === false
      ? `Not ${what}${status}. That slot cannot be used: it was taken, has expired or is not for this service; that time is no longer free.`
      : stillFree === true
        ? `Not ${what}: bookingtime refused the request${status}. That time is still free, so the slot id itself (slot ids expire within minutes) or another value was refused; see bookingtime's messages.`
        : `Not ${what}: bookingtime refused the request${status}. The slot may be taken or expired, or another value is wrong; see bookingtime's messages.`;
  // A rate limit refused nothing in particular: its own hint says how long to wait.
  const hint =
    error.status === 429 && advice(error)
      ? advice(error)
      : stillFree === false
        ? RETRY_SLOT
        : `Correct any value bookingtime's messages name; otherwise ${RETRY_SLOT[0]?.toLowerCase()}${RETRY_SLOT.slice(1)}`;
  return new ApiClientError(head, {
    status: error.status,
    upstreamMessages: error.upstreamMessages,
    hint: extraHint ? `${extraHint} ${hint}` : hint,
  });
}

/**
 * A refused booking by service and time: we looked the slot up ourselves just before, so the
 * advice is about the time (taken, or not bookable this way), not about slot ids.
 */
export function timeRefusal(error: BookingtimeError, stillOffered: boolean | undefined) {
  const status = error.status === undefined ? "" : ` (${error.status})`;
  const why = stillOffered
    ? "That time is still offered, so another value (e.g. the customer) may be wrong, or bookingtime does not allow booking it this way; see bookingtime's messages."
    : "The time may have just been taken or may not be bookable for this service and staff; see bookingtime's messages.";
  const hint =
    error.status === 429 && error.hint
      ? error.hint
      : "Correct any value bookingtime's messages name; otherwise call book_appointment again with the same arguments to get the nearest free times, or use find_free_slots for that day and book a listed time.";
  return new ApiClientError(`Not booked: bookingtime refused the request${status}. ${why}`, {
    status: error.status,
    upstreamMessages: error.upstreamMessages,
    hint,
  });
}

/** For people, e.g. "Mon 7 Dec 2026, 09:00–09:30 (Europe/Berlin)". */
export function humanTime(v: Pick<AppointmentView, "start" | "end" | "timeZone">): string {
  const part = (options: Intl.DateTimeFormatOptions, iso: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: v.timeZone, ...options }).format(Date.parse(iso));
  const day = part({ weekday: "short", day: "numeric", month: "short", year: "numeric" }, v.start);
  const time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;
  return `${day.replace(/,/g, "")}, ${part(time, v.start)}–${part(time, v.end)} (${plain(v.timeZone)})`;
}

/** A remembered slot's start for people, e.g. "Mon 7 Dec 2026, 09:00 (Europe/Berlin)". */
export function humanStart(timeZone: string, startMs: number): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(startMs);
  return `${text.replace(/,/g, "").replace(/ (\d\d:\d\d)$/, ", $1")} (${plain(timeZone)})`;
}
