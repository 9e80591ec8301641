import { z } from "zod";
import type { BookingtimeApi } from "../bookingtime/api.js";
import { ApiClientError, BookingtimeError, UserInputError } from "../bookingtime/errors.js";
import type { Customer, CustomerShort } from "../bookingtime/schemas.js";
import { defineTool, writes } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import {
  firstNameField,
  lastNameField,
  optionalCustomerFields,
} from "./support/customer-fields.js";
import {
  type CustomerSummary,
  customerSummaryOutput,
  summarizeCustomer,
} from "./support/customer-records.js";
import { plain, q } from "./support/quote.js";

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
  customer: customerSummaryOutput,
  detailsUnavailable: z.boolean().optional(),
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
  annotations: writes({ destructiveHint: false, idempotentHint: false }),
  async handler({ organizationId, ...customer }, ctx) {
    const organization = ctx.organizationId(organizationId);
    const { customId } = customer;
    if (customId !== undefined) {
      const found = await ctx.api.findCustomerByCustomId(organization, customId);
      if (found) return existing(found);
    }
    let written: Awaited<ReturnType<typeof ctx.api.addCustomer>>;
    try {
      written = await ctx.api.addCustomer(organization, customer);
    } catch (error) {
      // Refused or unanswered: whatever the status or wording, a customer with this customId
      // (created meanwhile by someone else, or by this very request) is the answer.
      if (
        customId !== undefined &&
        error instanceof BookingtimeError &&
        !(error instanceof UserInputError)
      ) {
        const found = await ctx.api
          .findCustomerByCustomId(organization, customId)
          .catch(() => undefined);
        if (found) return existing(found);
      }
      // Refused (a 4xx, or a 2xx whose error message came without a record): nothing exists.
      if (error instanceof ApiClientError) {
        throw new ApiClientError(`Not created: ${error.message}`, {
          status: error.status,
          upstreamMessages: error.upstreamMessages,
          code: error.code,
          retryAfterMs: error.retryAfterMs,
          hint: error.hint,
        });
      }
      throw error;
    }
    if (written.record === undefined) {
      const id = written.id ?? "";
      return {
        data: {
          created: true,
          detailsUnavailable: true,
          customer: {
            id,
            name: `${customer.firstName} ${customer.lastName}`,
            ...(customId ? { customId } : {}),
          },
        },
        summary: `Created customer ${q(`${customer.firstName} ${customer.lastName}`)}${id ? ` with id ${plain(id)}` : ""} (bookingtime confirmed it; details unavailable). Do not add it again; find_customers shows it.`,
      };
    }
    const record = await stored(ctx.api, organization, written.record, customer);
    return {
      data: { created: true, customer: record },
      summary: `Created customer ${q(record.name)} with id ${plain(record.id)}.`,
    };
  },
});
