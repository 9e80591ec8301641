import { z } from "zod";
import { ApiClientError, UserInputError } from "../bookingtime/errors.js";
import type { CustomerChanges } from "../bookingtime/schemas.js";
import { defineTool, writes } from "./define.js";
import { organizationIdInput } from "./support/common.js";
import { confirmChange, confirmInput } from "./support/confirmation.js";
import {
  customerIdInput,
  firstNameField,
  lastNameField,
  optionalCustomerFields,
} from "./support/customer-fields.js";
import {
  customerSummaryOutput,
  explainMissingCustomer,
  summarizeCustomer,
} from "./support/customer-records.js";
import { reasonOutput } from "./support/output-shapes.js";
import { plain, q } from "./support/quote.js";

/** "email "a@old" → "b@new"": old and new quoted, an address on one line. */
function describeChange(key: string, before: unknown, after: unknown): string {
  const show = (value: unknown) =>
    value === undefined || value === null || value === ""
      ? "(empty)"
      : typeof value === "object"
        ? q(Object.values(value).filter(Boolean).join(", "))
        : q(value);
  return `${key} ${show(before)} → ${show(after)}`;
}

export const updateCustomer = defineTool({
  name: "update_customer",
  title: "Update customer",
  toolset: "customers",
  description: "Change given customer fields; an address is replaced whole.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    customerId: customerIdInput.describe("From find_customers"),
    firstName: firstNameField.optional(),
    lastName: lastNameField.optional(),
    ...optionalCustomerFields,
    confirm: confirmInput,
  }),
  output: z.object({
    updated: z.boolean(),
    changed: z.array(z.string()),
    customer: customerSummaryOutput,
    reason: reasonOutput,
    detailsUnavailable: z.boolean().optional(),
  }),
  // It overwrites contact details that exist nowhere else; the old values are gone.
  annotations: writes({ destructiveHint: true, idempotentHint: true }),
  async handler({ organizationId, customerId, confirm, ...fields }, ctx) {
    const changes = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as CustomerChanges;
    const changed = Object.keys(changes);
    if (changed.length === 0) {
      throw new UserInputError("No field to change was given, so nothing was sent.", {
        hint: "Pass at least one field, e.g. email or mobile, with its new value.",
      });
    }
    const organization = ctx.organizationId(organizationId);
    const missing = (error: unknown) => {
      throw explainMissingCustomer(error, `with id ${customerId}`);
    };
    const current = await ctx.api.showCustomer(organization, customerId).catch(missing);
    const before = summarizeCustomer(current);
    const old = current as unknown as Record<string, unknown>;
    const what = changed.map((key) =>
      describeChange(key, old[key], (changes as Record<string, unknown>)[key]),
    );
    const question = `Change customer ${q(before.name)} (${plain(before.id)}): ${what.join("; ")}?`;
    const verdict = await confirmChange(ctx, confirm, question, "updated");
    if (!verdict.go) {
      return {
        data: { updated: false, changed: [], reason: verdict.reason, customer: before },
        summary: `Not updated: ${verdict.reason} Customer ${q(before.name)} (${plain(before.id)}).`,
      };
    }
    const updated = await ctx.api
      .editCustomer(organization, customerId, changes)
      .catch((error: unknown) => {
        // A 2xx with an error message and no record is a refusal: nothing was changed.
        if (error instanceof ApiClientError && (error.status ?? 0) < 300) {
          throw new ApiClientError(`Not updated: ${error.message}`, {
            status: error.status,
            upstreamMessages: error.upstreamMessages,
            code: error.code,
            retryAfterMs: error.retryAfterMs,
            hint: error.hint,
          });
        }
        return missing(error);
      });
    if (updated.record === undefined) {
      // 2xx: the change was made; only its answer is unusable (and reading it back failed).
      return {
        data: {
          updated: true,
          changed,
          customer: { id: customerId, name: before.name },
          detailsUnavailable: true,
        },
        summary: `Updated ${changed.join(", ")} of customer ${plain(customerId)} (bookingtime confirmed it; details unavailable).`,
      };
    }
    const customer = summarizeCustomer(updated.record);
    return {
      data: { updated: true, changed, customer },
      summary: `Updated ${changed.join(", ")} of customer ${q(customer.name)} (${plain(customer.id)}).`,
    };
  },
});
