import type { BookingTemplate } from "../bookingtime/schemas.js";

export type ServiceView = {
  id: string;
  name: string;
  durationMinutes: number;
  price?: number;
  currency?: string;
  description?: string;
  /** Ids too: find_free_slots takes a staffId. */
  staff: Array<{ id: string; name?: string }>;
};

/** The compact service: what a model needs to pick one and talk about it. */
export function serviceView(t: BookingTemplate): ServiceView {
  const staff = new Map<string, { id: string; name?: string }>();
  for (const step of t.bookingStepList ?? []) {
    for (const r of step.bookingResourceList ?? []) {
      staff.set(r.id, r.name ? { id: r.id, name: r.name } : { id: r.id });
    }
  }
  return {
    id: t.id,
    name: t.name,
    durationMinutes: t.duration,
    ...(t.showPrice !== false && typeof t.priceGross === "number" ? { price: t.priceGross } : {}),
    ...(t.showPrice !== false && t.currency ? { currency: t.currency } : {}),
    ...(t.description ? { description: t.description } : {}),
    staff: [...staff.values()],
  };
}
