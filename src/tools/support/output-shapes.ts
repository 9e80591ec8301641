import { z } from "zod";

/**
 * The shapes tool results are made of, shared by the tools' output schemas. Each is named: a
 * tool whose result holds one more than once lists it once under `$defs` (see output-listing.ts).
 * Every field a result can carry is here with its type; objects stay open (no
 * `additionalProperties: false`), and records passed through from bookingtime say so with
 * `additionalProperties: true`.
 */
export const namedShapes = z.registry<{ id: string }>();

function named<T extends z.ZodType>(id: string, schema: T): T {
  namedShapes.add(schema, { id });
  return schema;
}

/** A person or thing by id, with its name when bookingtime gave one. */
export const refOutput = named("ref", z.object({ id: z.string(), name: z.string().optional() }));

/** AppointmentView; only `id` when bookingtime confirmed a write without details. */
export const appointmentOutput = named(
  "appointment",
  z.object({
    id: z.string(),
    service: z.string().optional(),
    start: z.string().optional(),
    end: z.string().optional(),
    // Left out of list items when the list states it once.
    timeZone: z.string().optional(),
    durationMinutes: z.number().optional(),
    staff: z.array(refOutput).optional(),
    customer: refOutput.optional(),
    price: z.number().optional(),
    currency: z.string().optional(),
    status: z.enum(["booked", "canceled"]).optional(),
    moved: z.boolean().optional(),
    notes: z.string().optional(),
  }),
);

/** CompactTimes: starts per local day ("09:00 J M") and the staff each key names. */
export const compactTimesOutput = {
  staff: z.record(z.string(), refOutput),
  days: z.array(z.object({ date: z.string(), times: z.array(z.string()) })),
};

/** CustomerSummary: what list-like tools and writes show of a customer. */
export const customerSummaryOutput = named(
  "customer",
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string().optional(),
    mobile: z.string().optional(),
    customId: z.string().optional(),
  }),
);

/** ServiceView. */
export const serviceOutput = z.object({
  id: z.string(),
  name: z.string(),
  durationMinutes: z.number(),
  price: z.number().optional(),
  currency: z.string().optional(),
  description: z.string().optional(),
  staff: z.array(refOutput),
});

/** Records bookingtime sent that could not be read (see skipped.ts). */
export const skippedOutput = z.object({ count: z.number(), ids: z.array(z.string()) }).optional();

/** The paging fields of a list result. */
export const pagingOutput = { page: z.number(), total: z.number(), hasMore: z.boolean() };

/** Why a write did not happen (the user's answer, or no confirmation). */
export const reasonOutput = z.string().optional();

/** What every result may carry besides its own fields: the registry adds these (registry.ts). */
export const resultEnvelope = {
  /** Set when the result was cut to the result budget (budget.ts). */
  truncated: z.boolean().optional(),
  truncation: z
    .object({
      note: z.string(),
      cuts: z.array(
        z.object({
          path: z.string(),
          kept: z.number(),
          total: z.number(),
          unit: z.enum(["items", "characters"]),
        }),
      ),
    })
    .optional(),
  /** Messages bookingtime sent beside a usable answer. */
  bookingtimeMessages: z.array(z.string()).optional(),
};

const withEnvelope = new WeakMap<z.ZodObject, z.ZodObject>();

/** A tool's output schema with the registry's fields, as listed and as the SDK checks results. */
export function resultSchema(output: z.ZodObject): z.ZodObject {
  let full = withEnvelope.get(output);
  if (full === undefined) {
    full = output.extend(resultEnvelope);
    withEnvelope.set(output, full);
  }
  return full;
}
