import { z } from "zod";
import { pageOf } from "../booking/booking-inputs.js";
import { serviceView } from "../booking/service-view.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationPageInput } from "./support/common.js";
import { pagingOutput, serviceOutput, skippedOutput } from "./support/output-shapes.js";
import { skippedView } from "./support/skipped.js";

const PAGE_SIZE = 25;

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  toolset: "services",
  description: "Bookable services: id, duration (minutes), price, description, staff.",
  input: organizationPageInput,
  output: z.object({ services: z.array(serviceOutput), ...pagingOutput, skipped: skippedOutput }),
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
