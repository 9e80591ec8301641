import { randomInt } from "node:crypto";
import { BOOKING_FIXTURES, type ResourceFixture, type TemplateFixture } from "./fixtures.js";

export interface AppointmentRow {
  id: string;
  organizationId: string;
  templateId: string;
  customerId: string;
  /** The caller's own key for the appointment; "" when none was given. */
  customId: string;
  startMs: number;
  endMs: number;
  resourceIds: string[];
  canceled: boolean;
  moved: boolean;
  notes: string;
}

export interface IssuedSlot {
  organizationId: string;
  templateId: string;
  startMs: number;
  resourceIds: string[];
  expiresMs: number;
}

/** How long a listed slot id stays bookable, on the sandbox clock. */
export const SLOT_TTL_MS = 10 * 60_000;
// Expired ids are kept a while so that booking one says "expired" rather than "unknown".
const MAX_ISSUED = 50_000;

const ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function newId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 30; i += 1) id += ALPHANUMERICS[randomInt(ALPHANUMERICS.length)];
  return id;
}

/** Services, staff, issued slot ids and appointments of every organization. */
export class BookingStore {
  private readonly appointmentLists = new Map<string, AppointmentRow[]>();
  private readonly issued = new Map<string, IssuedSlot>();

  templates(organizationId: string): readonly TemplateFixture[] {
    return BOOKING_FIXTURES[organizationId]?.templates ?? [];
  }

  template(organizationId: string, id: string): TemplateFixture | undefined {
    return this.templates(organizationId).find((t) => t.id === id);
  }

  resources(organizationId: string): readonly ResourceFixture[] {
    return BOOKING_FIXTURES[organizationId]?.resources ?? [];
  }

  resource(organizationId: string, id: string): ResourceFixture | undefined {
    return this.resources(organizationId).find((r) => r.id === id);
  }

  appointments(organizationId: string): AppointmentRow[] {
    let list = this.appointmentLists.get(organizationId);
    if (!list) {
      list = [];
      this.appointmentLists.set(organizationId, list);
    }
    return list;
  }

  appointment(organizationId: string, id: string): AppointmentRow | undefined {
    return this.appointments(organizationId).find((a) => a.id === id);
  }

  /** customIds are unique per organization in this emulator; "" means none. */
  appointmentByCustomId(organizationId: string, customId: string): AppointmentRow | undefined {
    if (customId === "") return undefined;
    return this.appointments(organizationId).find((a) => a.customId === customId);
  }

  /** True when one of the resources is in a live appointment overlapping [startMs, endMs). */
  busy(
    organizationId: string,
    resourceIds: readonly string[],
    startMs: number,
    endMs: number,
    ignoreAppointmentId?: string,
  ): boolean {
    return this.appointments(organizationId).some(
      (a) =>
        !a.canceled &&
        a.id !== ignoreAppointmentId &&
        a.startMs < endMs &&
        startMs < a.endMs &&
        a.resourceIds.some((r) => resourceIds.includes(r)),
    );
  }

  issueSlot(slot: Omit<IssuedSlot, "expiresMs">, nowMs: number): string {
    if (this.issued.size >= MAX_ISSUED) this.purge(nowMs);
    const id = newId("4f");
    this.issued.set(id, { ...slot, expiresMs: nowMs + SLOT_TTL_MS });
    return id;
  }

  slot(id: string): IssuedSlot | undefined {
    return this.issued.get(id);
  }

  /** A slot id books once; the next listing issues new ones. */
  spendSlot(id: string): void {
    this.issued.delete(id);
  }

  reset(): void {
    this.appointmentLists.clear();
    this.issued.clear();
  }

  private purge(nowMs: number): void {
    for (const [id, slot] of this.issued) {
      if (slot.expiresMs <= nowMs) this.issued.delete(id);
    }
    // Still full of live ids: drop the oldest, Map iteration is insertion order.
    for (const id of this.issued.keys()) {
      if (this.issued.size < MAX_ISSUED * 0.9) break;
      this.issued.delete(id);
    }
  }
}
