import type { RouteContext } from "./api.js";
import {
  type CustomerRecord,
  createCustomer,
  toShortCustomer,
  utcDate,
  validateCustomer,
} from "./customers.js";
import type { JsonObject } from "./fixtures.js";
import {
  type Exchange,
  failure,
  readJsonObject,
  sendEnvelope,
  sendFailure,
  success,
} from "./http.js";
import { missingRequiredFields } from "./required-fields.js";

/** As in the reference's PAGINATION_LIST mocks. */
export const RECORDS_PER_PAGE = 25;

const DUPLICATE_CUSTOM_ID = "A customer with this customId already exists.";

function sendConflict(ex: Exchange): void {
  // The reference is silent on duplicate customIds; refusing keeps "identify" unambiguous.
  sendEnvelope(ex, 409, [failure(DUPLICATE_CUSTOM_ID, "customId")], null);
}

export function addCustomer({ ex, state, organization }: RouteContext): void {
  const input = readJsonObject(ex);
  if (input === undefined) return;
  const failures = [
    ...validateCustomer(input, utcDate(state.clock.now())),
    ...missingRequiredFields(organization, input),
  ];
  if (failures.length > 0) {
    sendEnvelope(ex, 422, failures, null);
    return;
  }
  if (
    typeof input.customId === "string" &&
    state.customerByCustomId(organization.id, input.customId)
  ) {
    sendConflict(ex);
    return;
  }
  // JSON.parse only yields JSON values, so the validated object is a JsonObject.
  const customer = createCustomer(input as JsonObject, organization.id, state.clock.now());
  state.addCustomer(customer);
  sendEnvelope(ex, 201, [success("Customer successfully added.")], toShortCustomer(customer));
}

function searchableText(customer: CustomerRecord): string {
  return [customer.firstName, customer.lastName, customer.email, customer.mobile, customer.customId]
    .filter((v) => typeof v === "string")
    .join(" ")
    .normalize("NFC")
    .toLocaleLowerCase();
}

const PAGE = /^[1-9][0-9]{0,5}$/;

function sendBadPage(ex: Exchange): void {
  sendEnvelope(ex, 400, [failure("The page must be a whole number of at least 1.", "page")], null);
}

/** One page of 25. A page past the end is an empty list, not an error, so a client walking pages stops cleanly. */
function sendCustomerPage(ex: Exchange, pageNumber: number, matches: readonly CustomerRecord[]) {
  const from = (pageNumber - 1) * RECORDS_PER_PAGE;
  const recordList = matches.slice(from, from + RECORDS_PER_PAGE);
  sendEnvelope(ex, 200, [], {
    class: "PAGINATION_LIST",
    pageCurrent: pageNumber,
    pageTotal: Math.ceil(matches.length / RECORDS_PER_PAGE),
    recordFrom: recordList.length > 0 ? from + 1 : 0,
    recordTo: from + recordList.length,
    recordTotal: matches.length,
    recordPerPage: RECORDS_PER_PAGE,
    recordList,
  });
}

/** GET customer/index/{page}: every customer of the organization, in creation order. */
export function indexCustomers({ ex, state, organization, params }: RouteContext): void {
  const page = params.page ?? "";
  if (!PAGE.test(page)) {
    sendBadPage(ex);
    return;
  }
  sendCustomerPage(ex, Number(page), state.customers(organization.id));
}

/**
 * Full text over name, email, mobile and customId, case-insensitive; every whitespace-separated
 * term must occur. An empty query matches everyone.
 */
export function filterCustomers({ ex, state, organization, params }: RouteContext): void {
  const page = params.page ?? "";
  if (!PAGE.test(page)) {
    sendBadPage(ex);
    return;
  }
  const query = new URL(ex.req.url ?? "/", "http://sandbox").searchParams.get("searchQuery");
  if (query === null) {
    sendEnvelope(ex, 400, [failure("This parameter is missing.", "searchQuery")], null);
    return;
  }
  const terms = query.normalize("NFC").toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = state.customers(organization.id).filter((customer) => {
    const text = searchableText(customer);
    return terms.every((term) => text.includes(term));
  });
  sendCustomerPage(ex, Number(page), matches);
}

function customerOr404(
  { ex, state, organization }: RouteContext,
  customerId: string | undefined,
): CustomerRecord | undefined {
  const customer =
    customerId === undefined ? undefined : state.customer(organization.id, customerId);
  if (customer === undefined) {
    sendEnvelope(ex, 404, [failure("Customer not found.", "customerId")], null);
  }
  return customer;
}

export function showCustomer(ctx: RouteContext): void {
  const customer = customerOr404(ctx, ctx.params.customerId);
  if (customer !== undefined) sendEnvelope(ctx.ex, 200, [], customer);
}

/** Partial update: fields present are checked as on add and replace the stored ones (address as a whole). */
export function editCustomer(ctx: RouteContext): void {
  const { ex, state, organization } = ctx;
  const customer = customerOr404(ctx, ctx.params.customerId);
  if (customer === undefined) return;
  const input = readJsonObject(ex);
  if (input === undefined) return;
  if (Object.keys(input).length === 0) {
    sendFailure(ex, 400, "The request body names no field to change.");
    return;
  }
  const failures = [
    ...validateCustomer(input, utcDate(state.clock.now()), { partial: true }),
    ...missingRequiredFields(organization, { ...customer, ...input }),
  ];
  if (failures.length > 0) {
    sendEnvelope(ex, 422, failures, null);
    return;
  }
  if (typeof input.customId === "string") {
    const holder = state.customerByCustomId(organization.id, input.customId);
    if (holder !== undefined && holder.id !== customer.id) {
      sendConflict(ex);
      return;
    }
  }
  Object.assign(customer, input as JsonObject, {
    timestampEdit: `${new Date(state.clock.now()).toISOString().slice(0, 19)}+00:00`,
  });
  sendEnvelope(ex, 200, [success("Customer successfully edited.")], customer);
}
