import { z } from "zod";
import { effective } from "../booking/compact.js";
import { identifyMiss } from "../bookingtime/api.js";
import { ApiClientError, type BookingtimeError, UserInputError } from "../bookingtime/errors.js";
import { formatZoned } from "../bookingtime/time.js";
import { instantOf, normalizeDateTime } from "../bookingtime/wire-time.js";
import { defineTool, READ_ONLY } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { customerIdInput } from "./support/customer-fields.js";
import { explainMissingCustomer } from "./support/customer-records.js";
import { plain, q } from "./support/quote.js";

/**
 * bookingtime's record as it sent it, empty fields left out (`effective`), its times restated in
 * the organization's zone; the fields named here are the ones the API client checked.
 */
const customerRecord = z.looseObject({
  id: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  mobile: z.string().optional(),
  customId: z.string().optional(),
  timeZone: z.string(),
});

export const getCustomer = defineTool({
  name: "get_customer",
  title: "Get customer",
  toolset: "customers",
  description: "One customer's full record, by customerId or by customId.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    customerId: customerIdInput.optional().describe("From find_customers or add_customer"),
    customId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Or your id given to add_customer"),
  }),
  output: z.object({ customer: customerRecord }),
  annotations: READ_ONLY,
  async handler({ organizationId, customerId, customId }, ctx) {
    if ((customerId === undefined) === (customId === undefined)) {
      throw new UserInputError("Give exactly one of customerId or customId.", {
        hint: "Use customerId (d3...) from find_customers, or the customId you stored with the customer.",
      });
    }
    const organization = ctx.organizationId(organizationId);
    const record = await (customerId !== undefined
      ? ctx.api.showCustomer(organization, customerId)
      : ctx.api.identifyCustomer(organization, customId ?? "")
    ).catch((error: unknown) => {
      if (customerId === undefined && identifyMiss(error)) {
        // identify says "none" as 404, empty content or an error message: all mean the same here.
        throw new ApiClientError(
          `bookingtime has no customer with customId '${customId}' in this organization.`,
          {
            status: (error as BookingtimeError).status,
            upstreamMessages: (error as BookingtimeError).upstreamMessages,
            hint: "Search with find_customers (by name, email or phone) and use the id it returns; add_customer creates a new one.",
          },
        );
      }
      throw explainMissingCustomer(error, `with id ${customerId}`);
    });
    // Its timeZone is added below.
    const customer = effective(record) as z.output<typeof customerRecord>;
    // bookingtime writes these in whatever offset it likes; the model reads every time in the
    // organization's zone, so they are restated there (one cached lookup).
    const timeZone = await ctx.api.timeZone(organization);
    for (const field of ["timestampAdd", "timestampEdit"] as const) {
      const iso = wireDateTime(customer[field]);
      const ms = iso === undefined ? Number.NaN : instantOf(iso, timeZone);
      if (!Number.isNaN(ms)) customer[field] = formatZoned(timeZone, ms);
    }
    const name = [record.firstName, record.lastName].filter(Boolean).join(" ");
    return {
      data: { customer: { ...customer, timeZone } },
      summary: `Customer ${q(name)} (${plain(record.id)}); times in ${plain(timeZone)}.`,
    };
  },
});

/** A string or a `{date, timezone}` object as an ISO string; undefined for anything else. */
function wireDateTime(value: unknown): string | undefined {
  if (typeof value === "string") return normalizeDateTime(value);
  if (
    value &&
    typeof value === "object" &&
    typeof (value as { date?: unknown }).date === "string"
  ) {
    return normalizeDateTime(value as { date: string; timezone?: string });
  }
  return undefined;
}
