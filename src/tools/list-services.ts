import { z } from "zod";
import { listOutput, pageInput, pageOf } from "../booking/booking-inputs.js";
import type { BookingTemplate } from "../bookingtime/schemas.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { skippedView } from "./support/skipped.js";

const PAGE_SIZE = 25;

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

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  toolset: "services",
  description: "Bookable services: id, duration (minutes), price, description, staff.",
  input: z.strictObject({ organizationId: organizationIdInput, page: pageInput }),
  output: listOutput("services"),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    const { records, skipped } = await ctx.api.listBookingTemplates(
      ctx.organizationId(args.organizationId),
    );
    const { items, ...paging } = pageOf(records.map(serviceView), args.page, PAGE_SIZE);
    const left = skippedView(skipped);
    return {
      data: { services: items, ...paging, ...left.data },
      summary: `${paging.total} service(s); page ${paging.page}${paging.hasMore ? ", more on the next page" : ""}.${left.text}`,
    };
  },
});
