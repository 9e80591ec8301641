import { randomInt } from "node:crypto";
import type { CustomerRecord, JsonObject } from "./fixtures.js";
import { failure, isPlainObject, type Message } from "./http.js";

export type { CustomerRecord };

export const LOCALE_PATTERN = /^[a-z]{2}([_-][A-Za-z]{2})?$/;

const EMAIL_PATTERN =
  /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const MOBILE_PATTERN = /^[0-9 +()/-]{3,30}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const GENDERS = new Set(["MALE", "FEMALE", "NOT_SPECIFIED"]);

const MISSING = "This parameter is missing.";
const BLANK = "This value should not be blank.";
const NOT_STRING = "This value should be of type string.";
const UNEXPECTED = "This field was not expected.";

/** Returns a failure message for a bad value, or undefined when the value is acceptable. */
type Check = (value: unknown, today: string) => string | undefined;

const requiredText: Check = (value) => {
  if (typeof value !== "string") {
    return NOT_STRING;
  }
  return value.trim() === "" ? BLANK : undefined;
};

const text =
  (maxLength = Number.POSITIVE_INFINITY): Check =>
  (value) => {
    if (typeof value !== "string") {
      return NOT_STRING;
    }
    return value.length > maxLength
      ? `This value is too long. It should have ${maxLength} characters or less.`
      : undefined;
  };

const pattern =
  (regex: RegExp, message: string): Check =>
  (value) => {
    if (typeof value !== "string") {
      return NOT_STRING;
    }
    return regex.test(value) ? undefined : message;
  };

const email: Check = (value) =>
  pattern(EMAIL_PATTERN, "This value is not a valid email address.")(value, "") ??
  ((value as string).length > 254 ? "This value is not a valid email address." : undefined);

const gender: Check = (value) =>
  typeof value === "string" && GENDERS.has(value)
    ? undefined
    : "The value you selected is not a valid choice.";

const mobile: Check = (value) =>
  typeof value === "string" && MOBILE_PATTERN.test(value) && /\d/.test(value)
    ? undefined
    : "This value is not a valid phone number.";

const birthday: Check = (value, today) => {
  if (typeof value !== "string" || !isRealDate(value)) {
    return "This value is not a valid date.";
  }
  // ISO dates of equal length compare correctly as strings.
  return value > today ? "This value should not be in the future." : undefined;
};

const optionalFields: Record<string, Check> = {
  email,
  gender,
  title: text(),
  mobile,
  birthday,
  locale: pattern(LOCALE_PATTERN, "This value is not a valid locale."),
  notes: text(5000),
  customId: text(100),
};

const addressFields: Record<string, { required: boolean; check: Check }> = {
  street: { required: true, check: requiredText },
  zip: { required: true, check: requiredText },
  city: { required: true, check: requiredText },
  country: {
    required: true,
    check: pattern(COUNTRY_PATTERN, "This value is not a valid country."),
  },
  extra: { required: false, check: text() },
  name: { required: false, check: text() },
};

const KNOWN_FIELDS = new Set(["firstName", "lastName", "address", ...Object.keys(optionalFields)]);

/**
 * One failure message per offending field, like the real API's validation answers. `partial` is
 * an edit: every field may be left out, but a field that is present is checked as on add.
 */
export function validateCustomer(
  input: Record<string, unknown>,
  today: string,
  options: { partial?: boolean } = {},
): Message[] {
  const messages: Message[] = [];
  const report = (parameter: string, message: string | undefined): void => {
    if (message !== undefined) {
      messages.push(failure(message, parameter));
    }
  };

  for (const field of ["firstName", "lastName"]) {
    if (Object.hasOwn(input, field)) {
      report(field, requiredText(input[field], today));
    } else if (options.partial !== true) {
      report(field, MISSING);
    }
  }
  for (const [field, check] of Object.entries(optionalFields)) {
    if (Object.hasOwn(input, field)) {
      report(field, check(input[field], today));
    }
  }
  if (Object.hasOwn(input, "address")) {
    validateAddress(input.address, today, report);
  }
  for (const field of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(field)) {
      report(field, UNEXPECTED);
    }
  }
  return messages;
}

function validateAddress(
  address: unknown,
  today: string,
  report: (parameter: string, message: string | undefined) => void,
): void {
  if (!isPlainObject(address)) {
    report("address", "This value should be of type object.");
    return;
  }
  for (const [field, rule] of Object.entries(addressFields)) {
    if (Object.hasOwn(address, field)) {
      report(`address.${field}`, rule.check(address[field], today));
    } else if (rule.required) {
      report(`address.${field}`, MISSING);
    }
  }
  for (const field of Object.keys(address)) {
    if (!Object.hasOwn(addressFields, field)) {
      report(`address.${field}`, UNEXPECTED);
    }
  }
}

/** Only call with input that passed validateCustomer. */
export function createCustomer(
  input: JsonObject,
  organizationId: string,
  nowMs: number,
): CustomerRecord {
  return {
    class: "CUSTOMER",
    ...input,
    id: `d3${randomAlphanumerics(30)}`,
    customId: typeof input.customId === "string" ? input.customId : "",
    firstName: String(input.firstName),
    lastName: String(input.lastName),
    organizationId,
    timestampAdd: isoWithOffset(nowMs),
  };
}

export function toShortCustomer(customer: CustomerRecord): JsonObject {
  return {
    class: "CUSTOMER_SHORT",
    id: customer.id,
    customId: customer.customId,
    firstName: customer.firstName,
    lastName: customer.lastName,
    organizationId: customer.organizationId,
  };
}

/** The calendar date of `nowMs` in UTC, as YYYY-MM-DD. */
export function utcDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

function isRealDate(value: string): boolean {
  const parts = DATE_PATTERN.exec(value);
  if (parts === null) {
    return false;
  }
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 02-30 over to March; a real date survives the round trip unchanged.
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function isoWithOffset(nowMs: number): string {
  return `${new Date(nowMs).toISOString().slice(0, 19)}+00:00`;
}

const ALPHANUMERICS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAlphanumerics(length: number): string {
  let result = "";
  for (let i = 0; i < length; i += 1) {
    result += ALPHANUMERICS[randomInt(ALPHANUMERICS.length)];
  }
  return result;
}
