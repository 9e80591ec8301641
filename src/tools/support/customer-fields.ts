import { z } from "zod";
import { ID_PREFIX } from "../../bookingtime/ids.js";

// Shared by add_customer and update_customer so both refuse the same malformed values.
const LOCALE = /^[a-z]{2}([_-][A-Za-z]{2})?$/;
const PHONE = /^\+?[0-9][0-9 ()/-]{2,29}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requiredString(field: string) {
  return (issue: { input: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be a string`;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const customerIdInput = z
  .string()
  .regex(new RegExp(`^${ID_PREFIX.customer}[A-Za-z0-9]{30}$`), {
    error: "customerId must be a bookingtime customer id: 'd3' followed by 30 letters or digits",
  });

const address = z
  .object({
    street: z.string().trim().min(1, { error: "address.street must not be empty" }).max(200),
    zip: z.string().trim().min(1, { error: "address.zip must not be empty" }).max(20),
    city: z.string().trim().min(1, { error: "address.city must not be empty" }).max(100),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, {
        error: "address.country must be an ISO 3166-1 alpha-2 code such as DE",
      })
      .transform((c) => c.toUpperCase())
      .describe("e.g. DE"),
    extra: z.string().trim().max(200).optional(),
  })
  .strict();

export const firstNameField = z
  .string({ error: requiredString("firstName") })
  .trim()
  .min(1, { error: "firstName must not be empty" })
  .max(100, { error: "firstName must be at most 100 characters" });

export const lastNameField = z
  .string({ error: requiredString("lastName") })
  .trim()
  .min(1, { error: "lastName must not be empty" })
  .max(100, { error: "lastName must be at most 100 characters" });

/** The optional customer fields, each described; add_customer and update_customer take them all. */
export const optionalCustomerFields = {
  // Checks as refinements: they do not enlarge tools/list; the descriptions say the format.
  email: z
    .string()
    .trim()
    .refine((v) => EMAIL.test(v), {
      error: "email must be a valid email address; omit it if unknown",
    })
    .optional(),
  gender: z
    .enum(["MALE", "FEMALE", "NOT_SPECIFIED"], {
      error: "gender must be MALE, FEMALE or NOT_SPECIFIED",
    })
    .optional()
    .describe("Only if stated"),
  title: z
    .string()
    .trim()
    .max(50, { error: "title must be at most 50 characters" })
    .optional()
    .describe("e.g. Dr."),
  mobile: z
    .string()
    .trim()
    .refine((v) => PHONE.test(v), {
      error: "mobile must be a phone number such as +49 170 1234567",
    })
    .optional()
    .describe("e.g. +49 170 1234567"),
  birthday: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, {
      error: "birthday must be a date written YYYY-MM-DD",
      abort: true,
    })
    .refine(isRealDate, { error: "birthday must be a real calendar date (YYYY-MM-DD)" })
    .optional()
    .describe("YYYY-MM-DD"),
  locale: z
    .string()
    .refine((v) => LOCALE.test(v), { error: "locale must be a language code such as de or en_GB" })
    .optional()
    .describe("e.g. de"),
  notes: z
    .string()
    .max(5000, { error: "notes must be at most 5000 characters" })
    .optional()
    .describe("Notes for staff"),
  customId: z
    .string()
    .trim()
    .min(1, { error: "customId must not be empty" })
    .max(100, { error: "customId must be at most 100 characters" })
    .optional()
    .describe("Your own id, e.g. from a CRM"),
  address: address.optional(),
};
