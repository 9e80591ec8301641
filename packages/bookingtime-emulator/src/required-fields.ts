import type { OrganizationRecord } from "./fixtures.js";
import { failure } from "./http.js";

// Which organization setting makes which customer field mandatory.
const REQUIRED_BY = [
  ["customerEmailRequired", "email"],
  ["customerMobileRequired", "mobile"],
  ["customerAddressRequired", "address"],
] as const;

function enabled(org: OrganizationRecord, key: string): boolean {
  const value = org.settings[key];
  if (value && typeof value === "object" && !Array.isArray(value) && "result" in value) {
    return value.result === true;
  }
  return value === true;
}

function present(value: unknown): boolean {
  if (typeof value === "string") return value.trim() !== "";
  return value !== undefined && value !== null && typeof value === "object";
}

/**
 * The organization's settings decide which customer fields must be given. The reference names
 * the settings but not the answer when one is missing: a 422 naming the field, as elsewhere.
 * `record` is what the customer would be after the write (the body for add, merged for edit).
 */
export function missingRequiredFields(org: OrganizationRecord, record: Record<string, unknown>) {
  return REQUIRED_BY.filter(
    ([setting, field]) => enabled(org, setting) && !present(record[field]),
  ).map(([, field]) => failure(`This organization requires the customer's ${field}.`, field));
}
