import { z } from "zod";
import type { BookingtimeApi } from "../bookingtime/api.js";
import type { Customer, CustomerShort } from "../bookingtime/schemas.js";
import { organizationIdInput } from "./common.js";
import { firstNameField, lastNameField, optionalCustomerFields } from "./customer-fields.js";
import {
  type CustomerSummary,
  identifyOrNothing,
  isDuplicateCustomId,
  summarizeCustomer,
} from "./customer-records.js";
import { defineTool } from "./define.js";
import { plain, q } from "./quote.js";

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
    name: z.string(),
    email: z.string().optional(),
    mobile: z.string().optional(),
    customId: z.string().optional(),
  }),
});

/**
 * The compact record find_customers gives. bookingtime's add answer is short (no email or
 * mobile), so the stored record is read back: only what bookingtime confirmed is shown.
 */
async function stored(
  api: BookingtimeApi,
  organizationId: string,
  created: CustomerShort,
  fallback: { firstName: string; lastName: string },
): Promise<CustomerSummary> {
  try {
    return summarizeCustomer(await api.showCustomer(organizationId, created.id));
  } catch {
    // The customer exists either way: a failed read-back must not turn into "not created".
    return {
      id: created.id,
      name: [created.firstName || fallback.firstName, created.lastName || fallback.lastName].join(
        " ",
      ),
      ...(created.customId ? { customId: created.customId } : {}),
    };
  }
}

function existing(record: Customer) {
  const customer = summarizeCustomer(record);
  return {
    data: { created: false, customer },
    summary:
      `A customer with customId ${q(customer.customId ?? "")} already exists: ${q(customer.name)} (${plain(customer.id)}). ` +
      "Nothing was created; use update_customer to change its details.",
  };
}

export const addCustomer = defineTool({
  name: "add_customer",
  title: "Add customer",
  toolset: "customers",
  description:
    "Create a customer (try find_customers first); a repeated customId returns the existing one.",
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
      if (found) return existing(found);
    }
    let created: CustomerShort;
    try {
      created = await ctx.api.addCustomer(organization, customer);
    } catch (error) {
      // Someone created it between our lookup and the add: answer with theirs, not an error.
      if (customId !== undefined && isDuplicateCustomId(error)) {
        const found = await identifyOrNothing(ctx.api, organization, customId);
        if (found) return existing(found);
      }
      throw error;
    }
    const record = await stored(ctx.api, organization, created, customer);
    return {
      data: { created: true, customer: record },
      summary: `Created customer ${q(record.name)} with id ${plain(record.id)}.`,
    };
  },
});
