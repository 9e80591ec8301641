import { z } from "zod";
import {
  fromInput,
  optionalIdInput,
  pageInput,
  pageOf,
  toInput,
} from "../booking/booking-inputs.js";
import { todayIn } from "../booking/slot-window.js";
import { coverRange, precheckRange, resolveRange } from "../booking/time-range.js";
import type { BookingtimeApi } from "../bookingtime/api.js";
import { UserInputError } from "../bookingtime/errors.js";
import type { Appointment, Skipped } from "../bookingtime/schemas.js";
import { instantOf } from "../bookingtime/wire-time.js";
import { defineTool, READ_ONLY } from "./define.js";
import {
  type AppointmentView,
  appointmentOutput,
  appointmentView,
  zoneOf,
} from "./support/booking-views.js";
import { organizationIdInput } from "./support/common.js";
import { pagingOutput, skippedOutput } from "./support/output-shapes.js";
import { Steps } from "./support/progress.js";
import { plain } from "./support/quote.js";
import { skippedView } from "./support/skipped.js";
import { listsInZone } from "./support/zoned-lists.js";

const PAGE_SIZE = 25;

/**
 * The zone and today's date stated once per result: when every appointment is in one zone it is
 * named at the top and left out of the items (a customer's may span locations' zones).
 */
function zoneOnce(views: AppointmentView[], fallback: string | undefined, nowMs: number) {
  const zones = new Set(views.map((v) => v.timeZone));
  const zone = zones.size === 1 ? [...zones][0] : zones.size === 0 ? fallback : undefined;
  if (zone === undefined) return { appointments: views, text: "" };
  return {
    timeZone: zone,
    today: todayIn(zone, nowMs),
    appointments: views.map(({ timeZone: _, ...rest }) => rest),
    text: ` (${plain(zone)}; today is ${todayIn(zone, nowMs)})`,
  };
}

export const listAppointments = defineTool({
  name: "list_appointments",
  title: "List appointments",
  toolset: "appointments",
  description: "Appointments in a range of up to 31 days, or of one customer.",
  input: z.strictObject({
    organizationId: organizationIdInput,
    from: fromInput,
    to: toInput,
    customerId: optionalIdInput("customer", "customerId", "find_customers"),
    includeCanceled: z.boolean().default(false),
    page: pageInput,
  }),
  output: z.object({
    // Stated once when every appointment is in one zone (then left out of the items).
    timeZone: z.string().optional(),
    today: z.string().optional(),
    appointments: z.array(appointmentOutput),
    ...pagingOutput,
    totalIncludesCanceled: z.boolean().optional(),
    skipped: skippedOutput,
    timeZoneNote: z.string().optional(),
  }),
  annotations: READ_ONLY,
  async handler(args, ctx) {
    if (args.from === undefined && args.to !== undefined) {
      throw new UserInputError("'to' needs 'from'.");
    }
    if (args.from === undefined && args.customerId === undefined) {
      throw new UserInputError("Give a date range (from, to) or a customerId.");
    }
    if (args.from !== undefined) precheckRange(args.from, args.to);
    const organizationId = ctx.organizationId(args.organizationId);
    const keep = (a: Appointment) => args.includeCanceled || !a.canceled;

    if (args.from === undefined && args.customerId !== undefined) {
      const { list, total, hasMore, canceledOnPage, skipped } = await customerPage(
        ctx.api,
        organizationId,
        args.customerId,
        args.page,
        args.includeCanceled,
        new Steps(ctx.progress, 0),
      );
      const views = await Promise.all(
        list.map(async (a) => appointmentView(a, await zoneOf(ctx.api, organizationId, a))),
      );
      const left = skippedView(skipped);
      const { text: zoneText, ...zoned } = zoneOnce(views, undefined, ctx.now());
      const counted =
        canceledOnPage === undefined
          ? ""
          : ` (total includes canceled ones; ${canceledOnPage} left out on this page)`;
      return {
        data: {
          ...zoned,
          page: args.page,
          total,
          hasMore,
          ...(canceledOnPage === undefined ? {} : { totalIncludesCanceled: true }),
          ...left.data,
        },
        summary: `${total} appointment(s) of this customer in all${counted}; ${views.length} shown on page ${args.page}${hasMore ? ", more on the next page" : ""}${zoneText}.${left.text}`,
      };
    }

    const from = args.from as string;
    const {
      zone: timeZone,
      note,
      lists,
    } = await listsInZone({
      organizationZone: await ctx.api.organizationTimeZone(organizationId),
      units: (zone) => {
        const r = resolveRange(from, args.to, zone);
        return coverRange(r.firstDay, r.lastDay);
      },
      fetch: (unit) => ctx.api.listAppointments(organizationId, unit),
      zonesOf: (list) => [list.timeZone, ...list.list.map((a) => a.timeZone)],
      source: "appointment list",
      steps: new Steps(ctx.progress, 0),
    });
    const range = resolveRange(from, args.to, timeZone);
    const seen = new Set<string>();
    const left = skippedView(lists.flatMap((l) => l.skipped));
    const startOf = (a: Appointment) => instantOf(a.start, timeZone);
    const matching = lists
      .flatMap((l) => l.list)
      .filter((a) => {
        const start = startOf(a);
        if (seen.has(a.id) || start < range.startMs || start >= range.endMs) return false;
        seen.add(a.id);
        const customer = a.customer as { id?: unknown } | null | undefined;
        return keep(a) && (!args.customerId || customer?.id === args.customerId);
      })
      .sort((a, b) => startOf(a) - startOf(b));
    const { items, ...paging } = pageOf(matching, args.page, PAGE_SIZE);
    const today = todayIn(timeZone, ctx.now());
    return {
      data: {
        timeZone,
        today,
        appointments: items
          .map((a) => appointmentView(a, timeZone))
          .map(({ timeZone: _, ...rest }) => rest),
        ...paging,
        ...left.data,
        ...(note ? { timeZoneNote: note } : {}),
      },
      summary: `${paging.total} appointment(s) from ${args.from}${args.to ? ` to ${args.to}` : ""} (${plain(timeZone)}; today is ${today})${paging.hasMore ? "; more on the next page" : ""}.${left.text}${note ? ` ${note}` : ""}`,
    };
  },
});

// Beyond this many upstream pages the canceled ones are filtered per page instead (total then
// counts them, and says so), to keep one call to a bounded number of requests.
const MAX_UPSTREAM_PAGES = 20;

/**
 * One page of a customer's appointments. bookingtime pages them with canceled ones included, so
 * without canceled ones every page is fetched and paged after filtering: total and hasMore are exact.
 */
async function customerPage(
  api: BookingtimeApi,
  organizationId: string,
  customerId: string,
  page: number,
  includeCanceled: boolean,
  /** One per upstream page read: the first, then those it says there are. */
  steps: Steps,
): Promise<{
  list: Appointment[];
  total: number;
  hasMore: boolean;
  canceledOnPage?: number;
  skipped: Skipped[];
}> {
  steps.expect(1);
  const first = await api.customerAppointments(
    organizationId,
    customerId,
    includeCanceled ? page : 1,
  );
  const pageRead = <T>(read: T): T => {
    steps.step("read a page of the customer's appointments");
    return read;
  };
  // The pages still to read are counted before the first is reported: the total never shrinks.
  const pagewise = first.pageTotal > MAX_UPSTREAM_PAGES;
  const more = includeCanceled
    ? 0
    : pagewise
      ? Number(page !== 1)
      : Math.max(0, first.pageTotal - 1);
  steps.expect(more);
  pageRead(first);
  if (includeCanceled) {
    return {
      list: first.recordList,
      total: first.recordTotal,
      hasMore: first.pageCurrent < first.pageTotal,
      skipped: first.skipped,
    };
  }
  if (pagewise) {
    const res =
      page === 1
        ? first
        : await api.customerAppointments(organizationId, customerId, page).then(pageRead);
    const list = res.recordList.filter((a) => !a.canceled);
    return {
      list,
      total: res.recordTotal,
      hasMore: res.pageCurrent < res.pageTotal,
      canceledOnPage: res.recordList.length - list.length,
      skipped: res.skipped,
    };
  }
  const rest = await Promise.all(
    Array.from({ length: more }, (_, i) =>
      api.customerAppointments(organizationId, customerId, i + 2).then(pageRead),
    ),
  );
  const live = [first, ...rest].flatMap((r) => r.recordList).filter((a) => !a.canceled);
  const { items, total, hasMore } = pageOf(live, page, PAGE_SIZE);
  return { list: items, total, hasMore, skipped: [first, ...rest].flatMap((r) => r.skipped) };
}
