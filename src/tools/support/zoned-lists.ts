import type { BookingtimeApi } from "../../bookingtime/api.js";
import type { DateRangeUnit } from "../../bookingtime/schemas.js";
import { isRealDate } from "../../bookingtime/time.js";
import { assumedZoneNote, namedZone, UnknownTimeZoneError } from "../../bookingtime/zone.js";
import { periodOf, type Steps } from "./progress.js";

type Unit = DateRangeUnit | "earliest";

export interface ZonedLists<L> {
  zone: string;
  /** Set when the organization named no zone and a list's was taken: the result says so. */
  note?: string | undefined;
  lists: L[];
}

/**
 * The lists a tool reads, and the zone to read them in: the organization's when it names one,
 * else the first zone the lists themselves carry (RANGE_LIST timeZone, a record's timeZone).
 * Which lists to ask for can depend on the zone (the days of a date-time range), so without an
 * organization zone the units for UTC are asked first and the others after, reusing any answer.
 */
export async function listsInZone<L, U extends Unit>(opts: {
  organizationZone: string | undefined;
  units: (zone: string) => U[];
  fetch: (unit: U) => Promise<L>;
  /** Zones a list names, best first (the list's own, then its records'). */
  zonesOf: (list: L) => unknown[];
  /** What the lists are, for the note and the error: "free-slot list". */
  source: string;
  /** Counts each list as a step ("checked the free-slot list of week 13 of 2026 (2 of 3)"). */
  steps?: Steps | undefined;
}): Promise<ZonedLists<L>> {
  const { organizationZone, units, zonesOf, source, steps } = opts;
  // Asked for in parallel, counted as they arrive: the count rises whatever order they come in.
  const fetch = (unit: U) =>
    opts.fetch(unit).then((list) => {
      steps?.step(`checked the ${source} of ${periodOf(unit)}`);
      return list;
    });
  const planned = (list: U[]) => {
    steps?.expect(list.length);
    return list;
  };
  if (organizationZone !== undefined) {
    return {
      zone: organizationZone,
      lists: await Promise.all(planned(units(organizationZone)).map(fetch)),
    };
  }
  const fetched = new Map<string, Promise<L>>();
  const get = (unit: U) => {
    const key = JSON.stringify(unit);
    let list = fetched.get(key);
    if (!list) {
      steps?.expect(1);
      list = fetch(unit);
      fetched.set(key, list);
    }
    return list;
  };
  const first = await Promise.all(units("UTC").map(get));
  const zone = first
    .flatMap(zonesOf)
    .map(namedZone)
    .find((z) => z !== undefined);
  if (zone === undefined) throw new UnknownTimeZoneError(source);
  return {
    zone,
    note: assumedZoneNote(zone, source),
    lists: await Promise.all(units(zone).map(get)),
  };
}

/**
 * The zone a booking by time reads "HH:MM" in: the organization's, else the zone of the
 * service's free-slot list for that date (or its earliest free day): one request more, made
 * only when the organization names no zone.
 */
export async function serviceZone(
  api: BookingtimeApi,
  organizationId: string,
  serviceId: string,
  date: string | undefined,
): Promise<string> {
  const own = await api.organizationTimeZone(organizationId);
  if (own !== undefined) return own;
  const d = date === undefined ? null : /^(\d{4})-(\d\d)-(\d\d)$/.exec(date);
  const [year, month, day] = d ? [Number(d[1]), Number(d[2]), Number(d[3])] : [0, 0, 0];
  const unit: Unit =
    d && isRealDate(year, month, day) ? { unit: "day", year, month, day } : "earliest";
  const { zone } = await listsInZone({
    organizationZone: undefined,
    units: () => [unit],
    fetch: (u) => api.listBookingSlots(organizationId, serviceId, u),
    zonesOf: (list) => [list.timeZone],
    source: "free-slot list",
  });
  return zone;
}
