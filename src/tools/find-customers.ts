import { z } from "zod";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { customerSummaryOutput, summarizeCustomer } from "./support/customer-records.js";
import { pagingOutput, skippedOutput } from "./support/output-shapes.js";
import { skippedView } from "./support/skipped.js";

export const findCustomers = defineTool({
  name: "find_customers",
  title: "Find customers",
  toolset: "customers",
  description: "Search customers by name, email, mobile or customId; 25 per page.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    query: z
      .string()
      .trim()
      .max(200)
      .default("")
      .describe("e.g. 'Müller' or an email; omit to list all"),
    page: z.number().int().min(1, { error: "page must be 1 or more" }).max(100_000).default(1),
  }),
  output: z.object({
    query: z.string(),
    ...pagingOutput,
    customers: z.array(customerSummaryOutput),
    skipped: skippedOutput,
  }),
  annotations: READ_ONLY,
  async handler({ organizationId, query, page }, ctx) {
    const organization = ctx.organizationId(organizationId);
    // As bookingtime has it: index lists everyone, filter searches.
    const result =
      query === ""
        ? await ctx.api.listCustomers(organization, page)
        : await ctx.api.filterCustomers(organization, query, page);
    const customers = result.recordList.map(summarizeCustomer);
    const skipped = skippedView(result.skipped);
    const hasMore = page < result.pageTotal;
    const noun = result.recordTotal === 1 ? "customer" : "customers";
    const what = query === "" ? noun : `${noun} matching '${query}'`;
    const summary =
      result.recordTotal === 0
        ? `No customers${query === "" ? "" : ` matching '${query}'`}.`
        : customers.length === 0
          ? `${result.recordTotal} ${what}, but page ${page} is past the last page (${result.pageTotal}).`
          : `${result.recordTotal} ${what}; page ${page} of ${result.pageTotal} shows ${customers.length}.` +
            (hasMore ? ` Call again with page ${page + 1} for more.` : "");
    return {
      data: { query, page, total: result.recordTotal, hasMore, customers, ...skipped.data },
      summary: summary + skipped.text,
    };
  },
});
