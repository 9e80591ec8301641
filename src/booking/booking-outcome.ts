import { createHash } from "node:crypto";
import type { BookingtimeApi } from "../bookingtime/api.js";
import {
  AuthError,
  BookingtimeError,
  OrganizationAccessError,
  UserInputError,
} from "../bookingtime/errors.js";
import type { Appointment } from "../bookingtime/schemas.js";
import { localDateOf } from "../bookingtime/time.js";
import { instantOf, listZone } from "../bookingtime/wire-time.js";
import type { BookingMemory } from "./booking-memory.js";

/**
 * The customId a booking carries in bookingtime: from the caller's idempotencyKey, else from
 * organization + slot + customer (or service + start + staff + customer when booked by time). bookingtime keeps it, so any process (another replica, this
 * one after a restart) finds the booking again with appointment/{customId}/identify.
 * Hashed: short, path-safe, and the caller's key is not stored as is.
 */
export function bookingCustomId(
  organizationId: string,
  idempotencyKey: string | undefined,
  /** `slot|{slotId}|{customerId}`, or `time|{serviceId}|{startMs}|{staffId or any}|{customerId}`. */
  what: string,
): string {
  const basis =
    idempotencyKey === undefined
      ? `${organizationId}|${what}`
      : `${organizationId}|key|${idempotencyKey}`;
  return `mcp-${createHash("sha256").update(basis).digest("base64url").slice(0, 24)}`;
}

// Derived customIds past this many generations (bookings canceled or moved away) are refused.
const MAX_GENERATIONS = 10;

/** A booking by time's wanted start, against which a booking found under its customId is checked. */
export type WantedAt = { startMs: number; timeZone: string };

/** Whether a booking found under a derived customId still is the booking asked for now. */
export function holdsTime(a: Appointment, at: WantedAt): boolean {
  return !a.canceled && instantOf(a.start, at.timeZone) === at.startMs;
}

/**
 * The generation of a derived customId (base, base-2, base-3 …) this booking uses: the first
 * whose booking is live at the wanted time (a repeat), else the first bookingtime does not know
 * (a new booking). A canceled or moved-away booking frees the time for a new one, and every
 * process walks the same sequence, so repeats still converge on one live booking.
 */
export async function liveGeneration(
  api: BookingtimeApi,
  organizationId: string,
  base: string,
  at: WantedAt,
): Promise<{ customId: string; existing?: Appointment }> {
  for (let n = 1; n <= MAX_GENERATIONS; n++) {
    const customId = n === 1 ? base : `${base}-${n}`;
    const found = await api.findAppointmentByCustomId(organizationId, customId);
    if (!found) return { customId };
    if (holdsTime(found, at)) return { customId, existing: found };
  }
  throw new UserInputError(
    `This customer's booking of this time was canceled or moved ${MAX_GENERATIONS} times; not booked again.`,
    { hint: "To book it once more, pass a new idempotencyKey." },
  );
}

export interface Attempt {
  api: BookingtimeApi;
  memory: BookingMemory;
  organizationId: string;
  slotId: string;
  customerId: string;
  customId: string;
}

export interface Outcome {
  appointment?: Appointment;
  /** Found by this booking's customId: certainly this booking (or an earlier one with the key). */
  byCustomId?: boolean;
  /** Every lookup answered, so "nothing found" means nothing was booked. */
  checked: boolean;
  /** The customId lookup answered: "not found" there means this booking's add did not happen. */
  customIdChecked: boolean;
}

/**
 * What an add whose answer was a refusal or never came actually did: the appointment with this
 * booking's customId, else this customer's live appointment at the slot's time (when this
 * process listed the slot).
 */
export async function findOutcome(a: Attempt): Promise<Outcome> {
  let customIdChecked = true;
  try {
    const mine = await a.api.findAppointmentByCustomId(a.organizationId, a.customId);
    if (mine) return { appointment: mine, byCustomId: true, checked: true, customIdChecked };
  } catch {
    customIdChecked = false;
  }
  let checked = customIdChecked;
  try {
    const held = await heldAtSlotTime(a);
    if (held) return { appointment: held, byCustomId: false, checked: true, customIdChecked };
  } catch {
    checked = false;
  }
  return { checked, customIdChecked };
}

// A customer's appointments are read at most this many pages deep when looking for one.
const MAX_CUSTOMER_PAGES = 20;

/**
 * The customer's live appointment at the remembered slot's time, if any. Read from the
 * customer's own appointment list, so it works when records carry no customer (`customer: []`).
 */
export async function heldAtSlotTime(a: Attempt): Promise<Appointment | undefined> {
  const slot = a.memory.slot(a.slotId);
  if (!slot || slot.organizationId !== a.organizationId) return undefined;
  const matches = (x: Appointment) =>
    !x.canceled &&
    instantOf(x.start, slot.timeZone) === slot.startMs &&
    (!x.name || x.name === slot.serviceName);
  const first = await a.api.customerAppointments(a.organizationId, a.customerId, 1);
  const found = first.recordList.find(matches);
  if (found || first.pageTotal <= 1) return found;
  const pages = Math.min(first.pageTotal, MAX_CUSTOMER_PAGES);
  const rest = await Promise.all(
    Array.from({ length: pages - 1 }, (_, i) =>
      a.api.customerAppointments(a.organizationId, a.customerId, i + 2),
    ),
  );
  return rest.flatMap((p) => p.recordList).find(matches);
}

/**
 * Whether the remembered slot's time is still offered with the same staff: false means taken.
 * Undefined when it cannot be told (slot never listed here, or the listing failed).
 */
export async function slotTimeStillFree(
  api: BookingtimeApi,
  memory: BookingMemory,
  organizationId: string,
  slotId: string,
): Promise<boolean | undefined> {
  const slot = memory.slot(slotId);
  if (!slot?.serviceId || slot.organizationId !== organizationId) return undefined;
  const staff = [...(slot.staffIds ?? [])].sort().join(",");
  try {
    const day = localDateOf(slot.timeZone, slot.startMs);
    const { list, timeZone } = await api.listBookingSlots(organizationId, slot.serviceId, {
      unit: "day",
      ...day,
    });
    const { zone } = listZone(timeZone, slot.timeZone);
    return list.some(
      (s) =>
        instantOf(s.timestamp, zone) === slot.startMs &&
        [...(s.bookingResourceCombination ?? [])].sort().join(",") === staff,
    );
  } catch {
    return undefined;
  }
}

/**
 * Failures that say nothing about a write: it was never sent (bad input, no token, no access to
 * the organization), or the error is not bookingtime's. Anything else is looked into.
 */
export function sentNothing(error: unknown): boolean {
  return (
    !(error instanceof BookingtimeError) ||
    error instanceof UserInputError ||
    error instanceof AuthError ||
    error instanceof OrganizationAccessError
  );
}
