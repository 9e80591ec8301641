import { ApiClientError } from "../../bookingtime/errors.js";
import type { Customer } from "../../bookingtime/schemas.js";

/** What list-like tools show of a customer: enough to tell people apart and to call them. */
export interface CustomerSummary {
  id: string;
  name: string;
  email?: string;
  mobile?: string;
  customId?: string;
}

// The output schema of a CustomerSummary lives with the other result shapes.
export { customerSummaryOutput } from "./output-shapes.js";

export function summarizeCustomer(c: Customer): CustomerSummary {
  return {
    id: c.id,
    name: [c.firstName, c.lastName].filter(Boolean).join(" "),
    ...(c.email ? { email: c.email } : {}),
    ...(c.mobile ? { mobile: c.mobile } : {}),
    ...(c.customId ? { customId: c.customId } : {}),
  };
}

/** A 404 from a customer route, restated with the id and the tool that finds the right one. */
export function explainMissingCustomer(error: unknown, what: string): unknown {
  if (!(error instanceof ApiClientError) || error.status !== 404) return error;
  return new ApiClientError(`bookingtime has no customer ${what} in this organization (404).`, {
    status: 404,
    upstreamMessages: error.upstreamMessages,
    hint: "Search with find_customers (by name, email or phone) and use the id it returns; add_customer creates a new one.",
  });
}
