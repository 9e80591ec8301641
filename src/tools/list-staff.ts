import { z } from "zod";
import { pageOf } from "../booking/booking-inputs.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationPageInput } from "./support/common.js";
import { pagingOutput, skippedOutput } from "./support/output-shapes.js";
import { skippedView } from "./support/skipped.js";

const PAGE_SIZE = 50;

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
  async handler(args, ctx) {
    const { records, skipped } = await ctx.api.listBookingResources(
      ctx.organizationId(args.organizationId),
    );
    const left = skippedView(skipped);
    const staff = records.map((r) => {
      const name = r.name || [r.firstName, r.lastName].filter(Boolean).join(" ") || r.id;
      const type = r.type ?? r.category;
      return type ? { id: r.id, name, type } : { id: r.id, name };
    });
    const { items, ...paging } = pageOf(staff, args.page, PAGE_SIZE);
    return {
      data: { staff: items, ...paging, ...left.data },
      summary: `${paging.total} bookable staff member(s) or resource(s).${left.text}`,
    };
  },
});
