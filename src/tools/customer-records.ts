import type { BookingtimeApi } from "../bookingtime/api.js";
import { ApiClientError } from "../bookingtime/errors.js";
import type { Customer } from "../bookingtime/schemas.js";

/** What list-like tools show of a customer: enough to tell people apart and to call them. */
export interface CustomerSummary {
  id: string;
  name: string;
  email?: string;
  mobile?: string;
  customId?: string;
}

export function summarizeCustomer(c: Customer): CustomerSummary {
  return {
    id: c.id,
    name: [c.firstName, c.lastName].filter(Boolean).join(" "),
    ...(c.email ? { email: c.email } : {}),
    ...(c.mobile ? { mobile: c.mobile } : {}),
    ...(c.customId ? { customId: c.customId } : {}),
  };
}

/** The customer with this customId, or undefined when bookingtime answers 404. */
export async function identifyOrNothing(
  api: BookingtimeApi,
  organizationId: string,
  customId: string,
): Promise<Customer | undefined> {
  try {
    return await api.identifyCustomer(organizationId, customId);
  } catch (error) {
    if (error instanceof ApiClientError && error.status === 404) return undefined;
    throw error;
  }
}

/** bookingtime refused a write because the customId is taken (409, or a message naming customId). */
export function isDuplicateCustomId(error: unknown): boolean {
  if (!(error instanceof ApiClientError)) return false;
  if (error.status === 409) return true;
  return (
    error.status === 422 &&
    error.upstreamMessages.some(
      (m) => m.parameter === "customId" && /exist|taken|use/i.test(m.text),
    )
  );
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
