import { ORGANIZATION_ID_PATTERN } from "../bookingtime/ids.js";
import { matchBookingRoute } from "./booking-routes.js";
import {
  createCustomer,
  isPlainObject,
  LOCALE_PATTERN,
  toShortCustomer,
  utcDate,
  validateCustomer,
} from "./customers.js";
import type { JsonObject, OrganizationRecord } from "./fixtures.js";
import { type Exchange, mediaType, sendEnvelope, sendFailure, success } from "./http.js";
import type { SandboxState } from "./state.js";

export const API_PREFIX = "/app/v3";

export interface RouteContext {
  ex: Exchange;
  state: SandboxState;
  organization: OrganizationRecord;
}

type Handler = (ctx: RouteContext) => void;

/** Paths below /organization/{id}/, by method. */
const routes: Record<string, Record<string, Handler>> = {
  show: { GET: showOrganization },
  "customer/add": { POST: addCustomer },
};

interface ParsedPath {
  locale: string | undefined;
  scope: string | undefined;
  organizationId: string | undefined;
  route: string;
}

function parsePath(path: string): ParsedPath {
  const [, locale, scope, organizationId, ...rest] = path.slice(API_PREFIX.length).split("/");
  return { locale, scope, organizationId, route: rest.join("/") };
}

/** The organization a request addresses, if its path names a well-formed one. */
export function organizationIdFromPath(path: string): string | undefined {
  const { scope, organizationId } = parsePath(path);
  return scope === "organization" &&
    organizationId !== undefined &&
    ORGANIZATION_ID_PATTERN.test(organizationId)
    ? organizationId
    : undefined;
}

export function handleApiRequest(ex: Exchange, state: SandboxState): void {
  const { locale, scope, organizationId, route } = parsePath(ex.path);
  if (locale === undefined || locale === "" || scope === undefined) {
    sendFailure(ex, 404, "No route found.");
    return;
  }
  if (!LOCALE_PATTERN.test(locale)) {
    sendFailure(ex, 404, "Unknown locale.");
    return;
  }
  if (scope !== "organization" || organizationId === undefined) {
    sendFailure(ex, 404, "No route found.");
    return;
  }
  const organization = ORGANIZATION_ID_PATTERN.test(organizationId)
    ? state.organization(organizationId)
    : undefined;
  if (organization === undefined) {
    sendFailure(ex, 404, "Organization not found.");
    return;
  }
  if (!authenticate(ex, state, organizationId)) {
    return;
  }
  const byMethod = Object.hasOwn(routes, route) ? routes[route] : matchBookingRoute(route);
  if (byMethod === undefined) {
    sendFailure(ex, 404, "No route found.");
    return;
  }
  const method = ex.req.method ?? "";
  const handler = Object.hasOwn(byMethod, method) ? byMethod[method] : undefined;
  if (handler === undefined) {
    sendFailure(ex, 405, "Method not allowed.", { allow: Object.keys(byMethod).join(", ") });
    return;
  }
  handler({ ex, state, organization });
}

/** Answers 401 itself and returns false unless the bearer token is live and bound to this organization. */
function authenticate(ex: Exchange, state: SandboxState, organizationId: string): boolean {
  const header = ex.req.headers.authorization?.trim() ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (token === undefined) {
    sendFailure(ex, 401, "Authentication required: send an access token as a Bearer token.", {
      "www-authenticate": 'Bearer realm="bookingtime-sandbox"',
    });
    return false;
  }
  const check = state.tokens.checkAccessToken(token, organizationId);
  if (check.ok) {
    return true;
  }
  const text = {
    unknown: "The access token is invalid or has been revoked.",
    expired: "The access token has expired.",
    wrong_organization: "The access token was not issued for this organization.",
  }[check.reason];
  sendFailure(ex, 401, text, {
    "www-authenticate": 'Bearer realm="bookingtime-sandbox", error="invalid_token"',
  });
  return false;
}

function showOrganization({ ex, organization }: RouteContext): void {
  sendEnvelope(ex, 200, [], organization);
}

function addCustomer({ ex, state, organization }: RouteContext): void {
  if (mediaType(ex.req) !== "application/json") {
    sendFailure(ex, 400, "The request body must be application/json.");
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(ex.body.toString("utf8"));
  } catch {
    sendFailure(ex, 400, "The request body is not valid JSON.");
    return;
  }
  if (!isPlainObject(input)) {
    sendFailure(ex, 400, "The request body must be a JSON object.");
    return;
  }
  const failures = validateCustomer(input, utcDate(state.clock.now()));
  if (failures.length > 0) {
    sendEnvelope(ex, 422, failures, null);
    return;
  }
  // JSON.parse only yields JSON values, so the validated object is a JsonObject.
  const customer = createCustomer(input as JsonObject, organization.id, state.clock.now());
  state.addCustomer(customer);
  sendEnvelope(ex, 201, [success("Customer successfully added.")], toShortCustomer(customer));
}
