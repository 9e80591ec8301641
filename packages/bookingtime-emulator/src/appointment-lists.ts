import type { RouteContext } from "./api.js";
import { render } from "./appointments.js";
import { parseRange, rangeBounds, rangeList } from "./booking-render.js";
import type { Params } from "./booking-routes.js";
import { failure, sendEnvelope, sendFailure } from "./http.js";
import { bookingRules } from "./slots.js";

const PAGE_SIZE = 25;

export function listAppointments(
  ctx: RouteContext,
  params: Params,
  kind: "day" | "week" | "month",
): void {
  const range = parseRange(kind, params);
  if (Array.isArray(range)) {
    sendEnvelope(ctx.ex, 400, range, null);
    return;
  }
  const { timeZone } = bookingRules(ctx.organization);
  const [start, end] = rangeBounds(timeZone, range);
  const list = ctx.state.booking
    .appointments(ctx.organization.id)
    .filter((a) => a.startMs >= start && a.startMs < end)
    .sort((a, b) => a.startMs - b.startMs)
    .map((row) => render(ctx, row));
  sendEnvelope(ctx.ex, 200, [], rangeList(timeZone, range, list));
}

export function customerAppointments(ctx: RouteContext, params: Params): void {
  const customerId = params.customerId ?? "";
  if (!ctx.state.customers(ctx.organization.id).some((c) => c.id === customerId)) {
    sendFailure(ctx.ex, 404, "Customer not found.");
    return;
  }
  const page = /^[1-9]\d{0,5}$/.test(params.page ?? "") ? Number(params.page) : 0;
  if (page === 0) {
    sendEnvelope(ctx.ex, 400, [failure("This value is not a valid page.", "page")], null);
    return;
  }
  const rows = ctx.state.booking
    .appointments(ctx.organization.id)
    .filter((a) => a.customerId === customerId)
    .sort((a, b) => a.startMs - b.startMs);
  const from = (page - 1) * PAGE_SIZE;
  const recordList = rows.slice(from, from + PAGE_SIZE).map((row) => render(ctx, row));
  sendEnvelope(ctx.ex, 200, [], {
    class: "PAGINATION_LIST",
    pageCurrent: page,
    pageTotal: Math.max(1, Math.ceil(rows.length / PAGE_SIZE)),
    recordFrom: from + 1,
    recordTo: from + recordList.length,
    recordTotal: rows.length,
    recordPerPage: PAGE_SIZE,
    recordList,
  });
}
