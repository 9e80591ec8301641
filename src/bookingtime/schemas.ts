import { z } from "zod";

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
  return z.looseObject({
    pageCurrent: z.coerce.number().int(),
    pageTotal: z.coerce.number().int(),
    recordFrom: z.coerce.number().int().nullish(),
    recordTo: z.coerce.number().int().nullish(),
    recordTotal: z.coerce.number().int(),
    recordPerPage: z.coerce.number().int().nullish(),
    recordList: z.array(record),
  });
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

/** LIST (reference §6): recordTotal is sometimes a string. */
export const organizationListSchema = z.looseObject({
  recordTotal: z.coerce.number().int().nullish(),
  recordList: z.array(organizationShortSchema),
});

/** customer/edit: the fields of NewCustomer, each optional. */
export type CustomerChanges = Partial<NewCustomer>;
// --- Booking workflow (services, staff, slots, appointments) ---

const count = z.coerce.number().int().nonnegative();

/** LIST: recordTotal is sometimes a string ("1") in the API's own examples. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({ recordTotal: count.optional(), recordList: z.array(item) });

export const rangeListOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({
    rangeStart: z.string().nullish(),
    rangeEnd: z.string().nullish(),
    timeZone: z.string().nullish(),
    list: z.array(item),
  });

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
  duration: z.number(),
  showPrice: z.boolean().nullish(),
  priceGross: z.number().nullish(),
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
  timestamp: z.string(),
  bookingResourceCombination: z.array(z.string()).nullish(),
});
export type BookingSlot = z.infer<typeof bookingSlotSchema>;

export const appointmentSchema = z.looseObject({
  id: z.string(),
  start: z.string(),
  end: z.string(),
  duration: z.number().nullish(),
  timeZone: z.string().nullish(),
  name: z.string().nullish(),
  notes: z.string().nullish(),
  priceGross: z.number().nullish(),
  currency: z.string().nullish(),
  // An object when set; the API's own example shows [] for "none".
  customer: z.unknown(),
  canceled: z.boolean().nullish(),
  moved: z.boolean().nullish(),
  bookingResourceList: z.array(bookingResourceSchema).nullish(),
  organizationId: z.string().nullish(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export type DateRangeUnit =
  | { unit: "day"; year: number; month: number; day: number }
  | { unit: "week"; year: number; week: number }
  | { unit: "month"; year: number; month: number };
