import { z } from "zod";
import { serviceView } from "../booking/service-view.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationPageInput } from "./support/common.js";
import { pagingOutput, serviceOutput, skippedOutput } from "./support/output-shapes.js";
import { pagedListing } from "./support/paged-listing.js";

export const listServices = defineTool({
  name: "list_services",
  title: "List services",
  toolset: "services",
  description: "Bookable services: id, duration (minutes), price, description, staff.",
  input: organizationPageInput,
  output: z.object({ services: z.array(serviceOutput), ...pagingOutput, skipped: skippedOutput }),
  annotations: READ_ONLY,
  handler: pagedListing({
    key: "services",
    pageSize: 25,
    fetch: (api, organizationId) => api.listBookingTemplates(organizationId),
    view: serviceView,
    summary: (paging) =>
      `${paging.total} service(s); page ${paging.page}${paging.hasMore ? ", more on the next page" : ""}.`,
  }),
});
