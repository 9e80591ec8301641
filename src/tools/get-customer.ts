import { z } from "zod";
import { effective } from "../bookingtime/compact.js";
import { UserInputError } from "../bookingtime/errors.js";
import { formatZoned } from "../bookingtime/time.js";
import { organizationIdInput } from "./common.js";
import { customerIdInput } from "./customer-fields.js";
import { explainMissingCustomer } from "./customer-records.js";
import { defineTool, READ_ONLY } from "./define.js";
import { plain, q } from "./quote.js";

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
  output: z.object({
    customer: z.looseObject({ id: z.string() }),
  }),
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
      throw explainMissingCustomer(
        error,
        customerId !== undefined ? `with id ${customerId}` : `with customId '${customId}'`,
      );
    });
    const customer = effective(record) as typeof record;
    // bookingtime writes these in whatever offset it likes; the model reads every time in the
    // organization's zone, so they are restated there (one cached lookup).
    const timeZone = await ctx.api.timeZone(organization);
    for (const field of ["timestampAdd", "timestampEdit"] as const) {
      const value = customer[field];
      const ms = typeof value === "string" ? Date.parse(value) : Number.NaN;
      if (!Number.isNaN(ms)) customer[field] = formatZoned(timeZone, ms);
    }
    const name = [record.firstName, record.lastName].filter(Boolean).join(" ");
    return {
      data: { customer: { ...customer, timeZone } },
      summary: `Customer ${q(name)} (${plain(record.id)}); times in ${plain(timeZone)}.`,
    };
  },
});
