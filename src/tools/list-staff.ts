import { z } from "zod";
import type { BookingResource } from "../bookingtime/schemas.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationPageInput } from "./support/common.js";
import { pagingOutput, skippedOutput } from "./support/output-shapes.js";
import { pagedListing } from "./support/paged-listing.js";

/** A person's name, or a room's or a machine's; its type when bookingtime gives one. */
function staffView(r: BookingResource) {
  const name = r.name || [r.firstName, r.lastName].filter(Boolean).join(" ") || r.id;
  const type = r.type ?? r.category;
  return type ? { id: r.id, name, type } : { id: r.id, name };
}

export const listStaff = defineTool({
  name: "list_staff",
  title: "List staff",
  toolset: "organization",
  description: "Bookable employees and resources (rooms, equipment) with their ids.",
  input: organizationPageInput,
  output: z.object({
    staff: z.array(z.object({ id: z.string(), name: z.string(), type: z.string().optional() })),
    ...pagingOutput,
    skipped: skippedOutput,
  }),
  annotations: READ_ONLY,
  handler: pagedListing({
    key: "staff",
    pageSize: 50,
    fetch: (api, organizationId) => api.listBookingResources(organizationId),
    view: staffView,
    summary: (paging) => `${paging.total} bookable staff member(s) or resource(s).`,
  }),
});
