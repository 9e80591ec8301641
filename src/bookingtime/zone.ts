import { ApiServerError } from "./errors.js";
import type { Organization } from "./schemas.js";
import { isTimeZone } from "./time.js";

/**
 * A zone bookingtime named, when it is one: also "Europe\/Berlin", the slash escaped once too
 * often as bookingtime's own slot lists ship it.
 */
export function namedZone(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  if (isTimeZone(value)) return value;
  const unescaped = value.replaceAll("\\/", "/");
  return unescaped !== value && isTimeZone(unescaped) ? unescaped : undefined;
}

/**
 * The organization's own zone: settings.timeZone (or its `.result`) as the reference has it,
 * else the top-level `timeZone` of the module SDK's record. Undefined when neither names one,
 * as in app.organization_show, which has neither.
 */
export function organizationZone(org: Organization): string | undefined {
  const setting =
    (org.settings as { timeZone?: unknown } | undefined)?.timeZone ??
    (org as { timeZone?: unknown }).timeZone;
  const zone =
    setting && typeof setting === "object" && "result" in setting
      ? (setting as { result: unknown }).result
      : setting;
  return typeof zone === "string" && isTimeZone(zone) ? zone : undefined;
}

/**
 * Nothing bookingtime sent names a time zone: not the organization, and not the answer at hand.
 * Worked out from answers that all arrived fine, so no HTTP status goes with it.
 */
export class UnknownTimeZoneError extends ApiServerError {
  constructor(asked: string) {
    super(
      `bookingtime named no time zone for this organization: not in its settings (settings.timeZone), not on its record (timeZone), and not on the ${asked}.`,
      { code: "time_zone_missing" },
    );
  }
}

/** What the result says when the organization named no zone and an answer's zone was taken. */
export function assumedZoneNote(zone: string, source: string): string {
  return `bookingtime's organization record names no time zone; times are read in ${zone}, the zone bookingtime gave with the ${source}.`;
}
