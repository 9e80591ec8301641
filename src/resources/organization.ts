import { effective } from "../booking/compact.js";
import { BookingtimeError, UserInputError } from "../bookingtime/errors.js";
import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { q } from "../tools/support/quote.js";
import { defaultOrganization, type ResourceDefinition } from "./define.js";

type Profile = Record<string, unknown> & {
  id?: string;
  name?: string;
  address?: Record<string, unknown>;
  openingHours?: Record<string, unknown>;
  settings?: Record<string, unknown>;
};

// Settings that decide what a booking needs and when it can happen.
const BOOKING_RULES = [
  "timeGrid",
  "availability",
  "moduleBookingDayEarliest",
  "moduleBookingDayLatest",
  "moduleBookingLeadTime",
  "customerEmailRequired",
  "customerMobileRequired",
  "customerAddressRequired",
] as const;

const DAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;

/** `["09:00","12:00","14:00","20:00"]` becomes `["09:00-12:00","14:00-20:00"]`; a closed day is `[]`. */
function openingRanges(raw: unknown): Record<string, string[]> | undefined {
  const hours = (effective(raw) as { openingHours?: Record<string, unknown> }).openingHours;
  if (hours === undefined) return undefined;
  return Object.fromEntries(
    DAYS.map((day) => {
      const times = Array.isArray(hours[day]) ? (hours[day] as unknown[]).map(String) : [];
      const ranges: string[] = [];
      for (let i = 0; i + 1 < times.length; i += 2) ranges.push(`${times[i]}-${times[i + 1]}`);
      return [day, ranges];
    }),
  );
}

/** Just what an assistant needs before booking: where, when open, which time zone, which rules. */
export function organizationProfile(raw: unknown): Record<string, unknown> {
  const o = effective(raw) as Profile;
  const settings = o.settings ?? {};
  const rules = Object.fromEntries(
    BOOKING_RULES.filter((key) => settings[key] !== undefined).map((key) => [key, settings[key]]),
  );
  const { geoCoordinates: _geo, ...address } = o.address ?? {};
  return {
    id: o.id,
    name: o.name,
    address,
    ...(o.telephone !== undefined ? { telephone: o.telephone } : {}),
    ...(o.email !== undefined ? { email: o.email } : {}),
    timeZone: settings.timeZone,
    currency: settings.currency,
    openingHours: openingRanges(raw),
    bookingRules: rules,
  };
}

export const organizationResource: ResourceDefinition = {
  name: "organization",
  title: "Organization profile",
  description:
    "Compact profile of a bookingtime organization: address, opening hours, time zone and booking rules.",
  toolset: "organization",
  uriTemplate: "bookingtime://organization/{id}",
  completions: { id: "organizations" },
  async list(ctx) {
    const id = defaultOrganization(ctx);
    if (id === undefined) return [];
    const uri = `bookingtime://organization/${id}`;
    try {
      const { name } = await ctx.api.showOrganization(id);
      return [{ uri, name, title: `${q(name)} (default organization)` }];
    } catch (error) {
      // Listing must not fail because bookingtime is slow or refuses; reading will say why.
      if (error instanceof BookingtimeError) return [{ uri, name: id }];
      throw error;
    }
  },
  async read({ id = "" }, ctx) {
    if (!ORGANIZATION_ID_PATTERN.test(id)) {
      throw new UserInputError(
        `'${id.slice(0, 40)}' is not an organization id ('f6' and 30 letters or digits).`,
      );
    }
    return organizationProfile(await ctx.api.showOrganization(ctx.organizationId(id)));
  },
};
