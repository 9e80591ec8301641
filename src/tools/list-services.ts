import { z } from "zod";
import type { BookingTemplate } from "../bookingtime/schemas.js";
import { pageInput, pageOf, pagingOutput } from "./booking-inputs.js";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";

const PAGE_SIZE = 25;

export const serviceOutput = z.object({
  id: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  price: z.number().optional(),
  currency: z.string().optional(),
  description: z.string().optional(),
  staff: z.array(z.string()),
});
export type ServiceView = z.infer<typeof serviceOutput>;

/** The compact service: what a model needs to pick one and talk about it. */
export function serviceView(t: BookingTemplate): ServiceView {
  const staff = (t.bookingStepList ?? []).flatMap((step) =>
    (step.bookingResourceList ?? []).map((r) => r.name ?? r.id),
  );
  return {
    id: t.id,
    name: t.name,
    durationMinutes: t.duration,
    ...(t.showPrice !== false && typeof t.priceGross === "number" ? { price: t.priceGross } : {}),
    ...(t.showPrice !== false && t.currency ? { currency: t.currency } : {}),
    ...(t.description ? { description: t.description } : {}),
    staff: [...new Set(staff)],
  };
}

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  toolset: "services",
  description:
    "Bookable services (fc… ids) with duration in minutes, price, description and who performs them.",
  input: z.strictObject({ organizationId: organizationIdInput, page: pageInput }),
  output: z.object({ services: z.array(serviceOutput), ...pagingOutput }),
  annotations: {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler(args, ctx) {
    const templates = await ctx.api.listBookingTemplates(ctx.organizationId(args.organizationId));
    const { items, ...paging } = pageOf(templates.map(serviceView), args.page, PAGE_SIZE);
    return {
      data: { services: items, ...paging },
      summary: `${paging.total} service(s); page ${paging.page}${paging.hasMore ? ", more on the next page" : ""}.`,
    };
  },
});
