import { z } from "zod";
import { organizationIdInput } from "./common.js";
import { defineTool } from "./define.js";

const LOCALE = /^[a-z]{2}([_-][A-Za-z]{2})?$/;
const PHONE = /^\+?[0-9][0-9 ()/-]{2,29}$/;

function requiredString(field: string) {
  return (issue: { input: unknown }) =>
    issue.input === undefined ? `${field} is required` : `${field} must be a string`;
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

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
      .describe("ISO 3166-1 alpha-2 country code, e.g. DE"),
    extra: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe("Second address line, e.g. 'First floor'"),
  })
  .strict();

// Strict: an argument we do not know would otherwise be dropped silently, and the model
// would believe it was saved.
const input = z.strictObject({
  organizationId: organizationIdInput,
  firstName: z
    .string({ error: requiredString("firstName") })
    .trim()
    .min(1, { error: "firstName must not be empty" })
    .max(100)
    .describe("Customer's first name, as the user gave it"),
  lastName: z
    .string({ error: requiredString("lastName") })
    .trim()
    .min(1, { error: "lastName must not be empty" })
    .max(100)
    .describe("Customer's last name"),
  // A short pattern keeps tools/list small; bookingtime's own check still applies upstream.
  email: z
    .email({
      pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      error: "email must be a valid email address; omit it if unknown",
    })
    .optional()
    .describe("Customer's email address"),
  gender: z
    .enum(["MALE", "FEMALE", "NOT_SPECIFIED"], {
      error: "gender must be MALE, FEMALE or NOT_SPECIFIED",
    })
    .optional()
    .describe("Only if the user stated it"),
  title: z.string().trim().max(50).optional().describe("Academic or honorific title, e.g. Dr."),
  mobile: z
    .string()
    .trim()
    .regex(PHONE, { error: "mobile must be a phone number such as +49 170 1234567" })
    .optional()
    .describe("Mobile number, international form preferred: +49 170 1234567"),
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
    .regex(LOCALE, { error: "locale must be a language code such as de or en_GB" })
    .optional()
    .describe("Customer's language for emails and SMS, e.g. de"),
  notes: z.string().max(5000).optional().describe("Free text for the business's staff"),
  customId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe("Your own identifier for this customer (e.g. a CRM id)"),
  address: address
    .optional()
    .describe("Postal address; street, zip, city and country are all required when given"),
});

const output = z.object({
  customer: z.object({
    id: z.string().describe("bookingtime customer id (d3...)"),
    firstName: z.string(),
    lastName: z.string(),
    customId: z.string().optional(),
    organizationId: z.string().optional(),
  }),
});

export const addCustomer = defineTool({
  name: "add_customer",
  title: "Add customer",
  toolset: "customers",
  description:
    "Create a customer in a bookingtime organization and return it with its new id (d3...). " +
    "Only firstName and lastName are required. Not idempotent: calling it twice creates two customers.",
  input,
  output,
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  async handler({ organizationId, ...customer }, ctx) {
    const created = await ctx.api.addCustomer(ctx.organizationId(organizationId), customer);
    // Only what bookingtime confirmed: echoing the input would claim fields were stored.
    const record = {
      id: created.id,
      firstName: created.firstName || customer.firstName,
      lastName: created.lastName || customer.lastName,
      ...(created.customId ? { customId: created.customId } : {}),
      ...(created.organizationId ? { organizationId: created.organizationId } : {}),
    };
    return {
      data: { customer: record },
      summary: `Created customer ${record.firstName} ${record.lastName} with id ${record.id}.`,
    };
  },
});
