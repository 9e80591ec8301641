import { isTimeZone, zonedEpoch } from "./time.js";

/**
 * Date-times as bookingtime sends them: ISO strings with an offset (also the malformed `+0:00`
 * of its own mocks), naive ISO strings (wall clock in the organization's zone), or PHP DateTime
 * objects `{date: "2026-11-30 10:00:00.000000", timezone_type: 3, timezone: "UTC"}`.
 */
const WIRE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{1,2}:?\d{2})?$/i;
const OFFSET = /^([+-])(\d{1,2}):?(\d{2})$/;

export interface WireDateTimeObject {
  date: string;
  timezone?: string | null | undefined;
}

/** `+0:00` -> `+00:00`, `+0100` -> `+01:00`; undefined for anything that is not an offset. */
function normalOffset(value: string): string | undefined {
  if (/^(z|utc|gmt)$/i.test(value)) return "Z";
  const m = OFFSET.exec(value);
  if (!m) return undefined;
  return `${m[1]}${(m[2] ?? "").padStart(2, "0")}:${m[3]}`;
}

/**
 * One string form for every wire form: ISO 8601, with an offset when bookingtime gave one (or
 * a zone that fixes it), naive otherwise. Undefined when the value is not a date-time at all.
 */
export function normalizeDateTime(value: string | WireDateTimeObject): string | undefined {
  if (typeof value === "string") return normalizeString(value);
  const base = normalizeString(value.date);
  if (base === undefined || hasOffset(base) || !value.timezone) return base;
  const offset = normalOffset(value.timezone);
  if (offset) return `${base}${offset}`;
  if (!isTimeZone(value.timezone)) return undefined;
  const epoch = naiveEpoch(base, value.timezone);
  return Number.isNaN(epoch) ? undefined : new Date(epoch).toISOString();
}

function normalizeString(value: string): string | undefined {
  const m = WIRE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = "00", frac] = m;
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, "0")}` : "";
  const zone = m[8] === undefined ? "" : normalOffset(m[8]);
  if (zone === undefined) return undefined;
  const out = `${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${zone}`;
  // Month 13 or hour 25 would otherwise pass as a string and become NaN later.
  return Number.isNaN(Date.parse(zone ? out : `${out}Z`)) ? undefined : out;
}

export function hasOffset(iso: string): boolean {
  return /(Z|[+-]\d{2}:\d{2})$/i.test(iso);
}

function naiveEpoch(iso: string, timeZone: string): number {
  const m = WIRE.exec(iso);
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  const date = { year: y ?? 0, month: mo ?? 0, day: d ?? 0 };
  return zonedEpoch(timeZone, date, (h ?? 0) * 60 + (mi ?? 0)) + (s ?? 0) * 1000;
}

/** The instant of a normalized date-time; a naive one is read as wall clock in `timeZone`. */
export function instantOf(iso: string, timeZone: string): number {
  return hasOffset(iso) ? Date.parse(iso) : naiveEpoch(iso, timeZone);
}

/**
 * The zone to read a RANGE_LIST's naive times in: its own `timeZone` when Intl knows it, else
 * the organization's (bookingtime's own mocks carry `Europe\/Berlin`). `fellBack` says so.
 */
export function listZone(
  listTimeZone: string | null | undefined,
  organizationZone: string,
): { zone: string; fellBack: boolean } {
  if (!listTimeZone) return { zone: organizationZone, fellBack: false };
  return isTimeZone(listTimeZone)
    ? { zone: listTimeZone, fellBack: false }
    : { zone: organizationZone, fellBack: true };
}
