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
