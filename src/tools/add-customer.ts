import { z } from "zod";
import type { CustomerShort } from "../bookingtime/schemas.js";
import { organizationIdInput } from "./common.js";
import { firstNameField, lastNameField, optionalCustomerFields } from "./customer-fields.js";
import { identifyOrNothing, isDuplicateCustomId } from "./customer-records.js";
import { defineTool } from "./define.js";

// Strict: an argument we do not know would otherwise be dropped silently, and the model
// would believe it was saved.
const input = z.strictObject({
  organizationId: organizationIdInput,
  firstName: firstNameField,
  lastName: lastNameField,
  ...optionalCustomerFields,
  customId: optionalCustomerFields.customId.describe(
    "Your own id (e.g. from a CRM); makes repeats safe",
  ),
});

const output = z.object({
  created: z
    .boolean()
    .describe("false: a customer with this customId already existed and is returned unchanged"),
  customer: z.object({
    id: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    customId: z.string().optional(),
    organizationId: z.string().optional(),
  }),
});

function confirmed(record: CustomerShort, fallback: { firstName: string; lastName: string }) {
  // Only what bookingtime confirmed: echoing the input would claim fields were stored.
  return {
    id: record.id,
    firstName: record.firstName || fallback.firstName,
    lastName: record.lastName || fallback.lastName,
    ...(record.customId ? { customId: record.customId } : {}),
    ...(record.organizationId ? { organizationId: record.organizationId } : {}),
  };
}

function existing(record: CustomerShort, fallback: { firstName: string; lastName: string }) {
  const customer = confirmed(record, fallback);
  return {
    data: { created: false, customer },
    summary:
      `A customer with customId ${customer.customId ?? ""} already exists: ${customer.firstName} ${customer.lastName} (${customer.id}). ` +
      "Nothing was created; use update_customer to change its details.",
  };
}

export const addCustomer = defineTool({
  name: "add_customer",
  title: "Add customer",
  toolset: "customers",
  description:
    "Create a customer (try find_customers first). A repeat with the same customId returns it (created: false).",
  input,
  output,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler({ organizationId, ...customer }, ctx) {
    const organization = ctx.organizationId(organizationId);
    const { customId } = customer;
    if (customId !== undefined) {
      const found = await identifyOrNothing(ctx.api, organization, customId);
      if (found) return existing(found, customer);
    }
    let created: CustomerShort;
    try {
      created = await ctx.api.addCustomer(organization, customer);
    } catch (error) {
      // Someone created it between our lookup and the add: answer with theirs, not an error.
      if (customId !== undefined && isDuplicateCustomId(error)) {
        const found = await identifyOrNothing(ctx.api, organization, customId);
        if (found) return existing(found, customer);
      }
      throw error;
    }
    const record = confirmed(created, customer);
    return {
      data: { created: true, customer: record },
      summary: `Created customer ${record.firstName} ${record.lastName} with id ${record.id}.`,
    };
  },
});
