import { z } from "zod";
import { UserInputError } from "../bookingtime/errors.js";
import type { CustomerChanges } from "../bookingtime/schemas.js";
import { organizationIdInput } from "./common.js";
import {
  customerIdInput,
  firstNameField,
  lastNameField,
  optionalCustomerFields,
} from "./customer-fields.js";
import { explainMissingCustomer, summarizeCustomer } from "./customer-records.js";
import { defineTool } from "./define.js";

export const updateCustomer = defineTool({
  name: "update_customer",
  title: "Update customer",
  toolset: "customers",
  description: "Change only the given fields of a customer (an address is replaced whole).",
  input: z.strictObject({
    organizationId: organizationIdInput,
    customerId: customerIdInput.describe("From find_customers"),
    firstName: firstNameField.optional(),
    lastName: lastNameField.optional(),
    ...optionalCustomerFields,
  }),
  output: z.looseObject({
    changed: z.array(z.string()),
    customer: z.object({
      id: z.string(),
      name: z.string(),
      email: z.string().optional(),
      mobile: z.string().optional(),
      customId: z.string().optional(),
    }),
  }),
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  async handler({ organizationId, customerId, ...fields }, ctx) {
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as CustomerChanges;
    const changed = Object.keys(changes);
    if (changed.length === 0) {
      throw new UserInputError("No field to change was given, so nothing was sent.", {
        hint: "Pass at least one field, e.g. email or mobile, with its new value.",
      });
    }
    const updated = await ctx.api
      .editCustomer(ctx.organizationId(organizationId), customerId, changes)
      .catch((error: unknown) => {
        throw explainMissingCustomer(error, `with id ${customerId}`);
      });
    if (updated.record === undefined) {
      // 2xx: the change was made; only its answer is unusable (and reading it back failed).
      return {
        data: { changed, customer: { id: customerId, name: "" }, detailsUnavailable: true },
        summary: `Updated ${changed.join(", ")} of customer ${customerId} (bookingtime confirmed it; details unavailable).`,
      };
    }
    const customer = summarizeCustomer(updated.record);
    return {
      data: { changed, customer },
      summary: `Updated ${changed.join(", ")} of customer ${customer.name} (${customer.id}).`,
    };
  },
});
