// Over 250 lines on purpose: every entity schema bookingtime answers with, kept side by side so
// that their shared leniency (numeric strings, nullable fields, unknown keys) reads as one policy.
import { z } from "zod";
import { normalizeDateTime } from "./wire-time.js";

/** A number, or the numeric string bookingtime sometimes sends instead ("1", "34,99"). */
const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(?:[.,]\d+)?$/)
    .transform((v) => Number(v.replace(",", "."))),
]);

/** An ISO string (any offset form, or naive) or a PHP DateTime object, as one ISO string. */
const dateTime = z
  .union([z.string(), z.looseObject({ date: z.string(), timezone: z.string().nullish() })])
  .transform((value, ctx) => {
    const iso = normalizeDateTime(value);
    if (iso === undefined) {
      ctx.addIssue({ code: "custom", message: "not a date-time" });
      return z.NEVER;
    }
    return iso;
  });

/** A record bookingtime sent that did not fit: its id when it has one, and why. */
export interface Skipped {
  id?: string;
  issues: string[];
}

/** Each record parsed on its own: one malformed record is set aside, never fails the list. */
function partition<T extends z.ZodType>(
  item: T,
  records: readonly unknown[],
): { items: z.output<T>[]; skipped: Skipped[] } {
  const items: z.output<T>[] = [];
  const skipped: Skipped[] = [];
  for (const record of records) {
    const parsed = item.safeParse(record);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    const id = (record as { id?: unknown } | null)?.id;
    skipped.push({
      ...(typeof id === "string" ? { id } : {}),
      issues: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "record"}: ${i.message}`),
    });
  }
  return { items, skipped };
}

// PHP serializes an empty map as []: an "empty list" field may come as [] , {} or null.
const records = z
  .union([z.array(z.unknown()), z.record(z.string(), z.unknown()), z.null()])
  .transform((v) => (v === null ? [] : Array.isArray(v) ? v : Object.values(v)));

/**
 * A list envelope's transform: the records under `key` read by `item`, those that do not fit
 * set apart as `skipped` (the client logs them); the envelope's other fields kept as they came.
 */
function readRecords<T extends z.ZodType, K extends string>(item: T, key: K) {
  return <V extends Record<K, unknown[]>>(value: V) => {
    const { [key]: raw, ...rest } = value as Record<string, unknown>;
    const { items, skipped } = partition(item, raw as unknown[]);
    return { ...rest, [key]: items, skipped } as {
      [P in keyof V as P extends K ? never : P]: V[P];
    } & Record<K, z.output<T>[]> & { skipped: Skipped[] };
  };
}

/** LIST (reference §6): recordTotal is sometimes a string ("1") in the API's own examples. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z
    .looseObject({ recordTotal: num.nullish(), recordList: records })
    .transform(readRecords(item, "recordList"));

/**
 * Only the fields tools rely on are checked; the rest passes through untouched so that
 * `view: "full"` can return the API content unchanged.
 */
export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

/** What customer/add answers (CUSTOMER_SHORT on the getting-started page). */
export const customerShortSchema = z.looseObject({
  id: z.string(),
  customId: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  organizationId: z.string().nullish(),
});
export type CustomerShort = z.infer<typeof customerShortSchema>;

export interface NewCustomer {
  firstName: string;
  lastName: string;
  email?: string | undefined;
  gender?: "MALE" | "FEMALE" | "NOT_SPECIFIED" | undefined;
  title?: string | undefined;
  mobile?: string | undefined;
  birthday?: string | undefined;
  locale?: string | undefined;
  notes?: string | undefined;
  customId?: string | undefined;
  address?:
    | { street: string; zip: string; city: string; country: string; extra?: string | undefined }
    | undefined;
}

// --- customers and locations (issue 3, part 2) ---

/** A CUSTOMER record as show/identify/edit/filter answer it; fields beyond the names are optional. */
export const customerSchema = z.looseObject({
  id: z.string(),
  customId: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  mobile: z.string().nullish(),
  organizationId: z.string().nullish(),
});
export type Customer = z.infer<typeof customerSchema>;

/** PAGINATION_LIST (reference §6); counts may arrive as numeric strings. */
export function paginationListSchema<T extends z.ZodType>(record: T) {
  return z
    .looseObject({
      pageCurrent: num,
      pageTotal: num,
      recordFrom: num.nullish(),
      recordTo: num.nullish(),
      recordTotal: num,
      recordPerPage: num.nullish(),
      recordList: records,
    })
    .transform(readRecords(record, "recordList"));
}
export const customerPageSchema = paginationListSchema(customerSchema);
export type CustomerPage = z.infer<typeof customerPageSchema>;

export interface OrganizationShort {
  id: string;
  customId?: string | null | undefined;
  name: string;
  organizationList?: OrganizationShort[] | null | undefined;
}

/** ORGANIZATION_SHORT, with children nested in organizationList. */
export const organizationShortSchema: z.ZodType<OrganizationShort> = z.looseObject({
  id: z.string(),
  customId: z.string().nullish(),
  name: z.string(),
  get organizationList() {
    return z.array(organizationShortSchema).nullish();
  },
});

export const organizationListSchema = listOf(organizationShortSchema);

/** customer/edit: the fields of NewCustomer, each optional. */
export type CustomerChanges = Partial<NewCustomer>;
// --- Booking workflow (services, staff, slots, appointments) ---

/** RANGE_LIST; its range bounds are not used (the mocks even carry a year 22024). */
export const rangeListOf = <T extends z.ZodType>(item: T) =>
  z
    .looseObject({
      rangeStart: z.unknown().optional(),
      rangeEnd: z.unknown().optional(),
      timeZone: z.string().nullish(),
      list: records,
    })
    .transform(readRecords(item, "list"));

export const bookingResourceSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  type: z.string().nullish(),
  category: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
});
export type BookingResource = z.infer<typeof bookingResourceSchema>;

export const bookingTemplateSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  duration: num,
  showPrice: z.boolean().nullish(),
  priceGross: num.nullish(),
  currency: z.string().nullish(),
  description: z.string().nullish(),
  bookingStepList: z
    .array(
      z.looseObject({
        name: z.string().nullish(),
        bookingResourceList: z.array(bookingResourceSchema).nullish(),
      }),
    )
    .nullish(),
});
export type BookingTemplate = z.infer<typeof bookingTemplateSchema>;

export const bookingSlotSchema = z.looseObject({
  id: z.string(),
  timestamp: dateTime,
  bookingResourceCombination: z.array(z.string()).nullish(),
});
export type BookingSlot = z.infer<typeof bookingSlotSchema>;

export const appointmentSchema = z.looseObject({
  id: z.string(),
  customId: z.string().nullish(),
  start: dateTime,
  end: dateTime,
  duration: num.nullish(),
  timeZone: z.string().nullish(),
  name: z.string().nullish(),
  notes: z.string().nullish(),
  priceGross: num.nullish(),
  currency: z.string().nullish(),
  // An object when set; the API's own example shows [] for "none".
  customer: z.unknown().optional(),
  canceled: z.boolean().nullish(),
  moved: z.boolean().nullish(),
  bookingResourceList: records.pipe(z.array(bookingResourceSchema)).nullish(),
  organizationId: z.string().nullish(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export type DateRangeUnit =
  | { unit: "day"; year: number; month: number; day: number }
  | { unit: "week"; year: number; week: number }
  | { unit: "month"; year: number; month: number };

/**
 * bookingSlot/earliest: the SDK calls it "show earliest bookingSlot" (one BOOKING_SLOT); a
 * RANGE_LIST or a LIST are read too. Everything becomes the RANGE_LIST shape.
 */
export const slotListSchema = z.preprocess((value) => {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
    return { list: [] };
  }
  if (Array.isArray(value)) return { list: value };
  if (typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  if ("list" in v) return v;
  if ("recordList" in v) return { timeZone: v.timeZone, list: v.recordList };
  return { list: [v] };
}, rangeListOf(bookingSlotSchema));
