import { appOrganizationsContent } from "./app-organizations.js";
import { BOOKING_ROUTES } from "./booking-routes.js";
import {
  addCustomer,
  editCustomer,
  filterCustomers,
  indexCustomers,
  showCustomer,
} from "./customer-routes.js";
import { LOCALE_PATTERN } from "./customers.js";
import type { OrganizationRecord } from "./fixtures.js";
import { type Exchange, sendEnvelope, sendFailure } from "./http.js";
import { identifyCustomer } from "./identify.js";
import { ORGANIZATION_ID_PATTERN } from "./ids.js";
import { languageOf } from "./shapes.js";
import type { SandboxState } from "./state.js";
import { listSubOrganizations } from "./sub-organizations.js";
import type { AccessGrant } from "./tokens.js";

export const API_PREFIX = "/app/v3";

export interface RouteContext {
  ex: Exchange;
  state: SandboxState;
  organization: OrganizationRecord;
  /** Values of the `{name}` segments of the matched route, URL-decoded. */
  params: Readonly<Record<string, string>>;
}

type Handler = (ctx: RouteContext) => void;

/** Paths below /organization/{id}/, by method. A `{name}` segment matches any one segment. */
const routes: Record<string, Record<string, Handler>> = {
  show: { GET: showOrganization },
  "customer/add": { POST: addCustomer },
  "customer/index/{page}": { GET: indexCustomers },
  "customer/filter/{page}": { GET: filterCustomers },
  "customer/{customerId}/show": { GET: showCustomer },
  "customer/{customId}/identify": { GET: identifyCustomer },
  "customer/{customerId}/edit": { PUT: editCustomer },
  "organization/list": { GET: listSubOrganizations },
  ...BOOKING_ROUTES,
};

/** Literal routes win over patterns, so `customer/add` is never read as a customer id. */
function matchRoute(
  route: string,
): { byMethod: Record<string, Handler>; params: Record<string, string> } | undefined {
  if (Object.hasOwn(routes, route)) {
    const byMethod = routes[route];
    return byMethod === undefined ? undefined : { byMethod, params: {} };
  }
  const segments = route.split("/");
  for (const [pattern, byMethod] of Object.entries(routes)) {
    const parts = pattern.split("/");
    if (parts.length !== segments.length || !pattern.includes("{")) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, i) => {
      const segment = segments[i] ?? "";
      if (!part.startsWith("{")) return part === segment;
      const value = decodeSegment(segment);
      if (value === undefined || value === "") return false;
      params[part.slice(1, -1)] = value;
      return true;
    });
    if (matches) return { byMethod, params };
  }
  return undefined;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

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
  ex.language = languageOf(locale);
  if (scope === "app" && organizationId !== undefined) {
    handleAppRequest(ex, state, organizationId, route);
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
  if (authenticate(ex, state, organizationId) === undefined) {
    return;
  }
  const matched = matchRoute(route);
  if (matched === undefined) {
    sendFailure(ex, 404, "No route found.");
    return;
  }
  const { byMethod, params } = matched;
  const method = ex.req.method ?? "";
  const handler = Object.hasOwn(byMethod, method) ? byMethod[method] : undefined;
  if (handler === undefined) {
    sendFailure(ex, 405, "Method not allowed.", { allow: Object.keys(byMethod).join(", ") });
    return;
  }
  handler({ ex, state, organization, params });
}

/** `/app/{appId}/organization/list`, with an app-level token of that app (no organization). */
function handleAppRequest(ex: Exchange, state: SandboxState, appId: string, route: string): void {
  const app = state.clientByAppId(appId);
  if (app === undefined || route !== "organization/list") {
    sendFailure(ex, 404, app === undefined ? "App not found." : "No route found.");
    return;
  }
  if (ex.req.method !== "GET") {
    sendFailure(ex, 405, "Method not allowed.", { allow: "GET" });
    return;
  }
  const grant = authenticate(ex, state, "");
  if (grant === undefined) return;
  if (grant.clientId !== app.clientId) {
    sendFailure(ex, 403, "This app may not list another app's organizations.");
    return;
  }
  sendEnvelope(ex, 200, [], appOrganizationsContent(state, app, state.shapes));
}

/**
 * Answers 401 itself and returns undefined unless the bearer token is live and bound to this
 * organization ("" for an app-level token); else the grant.
 */
function authenticate(
  ex: Exchange,
  state: SandboxState,
  organizationId: string,
): AccessGrant | undefined {
  const header = ex.req.headers.authorization?.trim() ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (token === undefined) {
    sendFailure(ex, 401, "Authentication required: send an access token as a Bearer token.", {
      "www-authenticate": 'Bearer realm="bookingtime-sandbox"',
    });
    return undefined;
  }
  const check = state.tokens.checkAccessToken(token, organizationId);
  if (check.ok) {
    return check.grant;
  }
  const text = {
    unknown: "The access token is invalid or has been revoked.",
    expired: "The access token has expired.",
    wrong_organization:
      organizationId === ""
        ? "This path needs an app-level access token (one requested without organization_id)."
        : "The access token was not issued for this organization.",
  }[check.reason];
  sendFailure(ex, 401, text, {
    "www-authenticate": 'Bearer realm="bookingtime-sandbox", error="invalid_token"',
  });
  return undefined;
}

function showOrganization({ ex, organization }: RouteContext): void {
  sendEnvelope(ex, 200, [], organization);
}
