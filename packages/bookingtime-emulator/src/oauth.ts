import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type Exchange, mediaType, sendJson } from "./http.js";
import { ORGANIZATION_ID_PATTERN } from "./ids.js";
import type { SandboxState } from "./state.js";

const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
// RFC 6749 §5.1: token responses must not be cached.
const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

/** What may be recorded about a token request: never the secret or a token. */
export function describeTokenRequest(
  req: IncomingMessage,
  body: Buffer,
): { grantType?: string; organizationId?: string } {
  if (mediaType(req) !== FORM_MEDIA_TYPE) {
    return {};
  }
  const params = new URLSearchParams(body.toString("utf8"));
  const grantType = params.get("grant_type");
  const organizationId = params.get("organization_id");
  return {
    ...(grantType !== null && grantType.length <= 64 ? { grantType } : {}),
    ...(organizationId !== null && ORGANIZATION_ID_PATTERN.test(organizationId)
      ? { organizationId }
      : {}),
  };
}

export function handleTokenRequest(ex: Exchange, state: SandboxState): void {
  if (ex.req.method !== "POST") {
    oauthError(ex, 405, "invalid_request", "The token endpoint only accepts POST.", {
      allow: "POST",
    });
    return;
  }
  if (mediaType(ex.req) !== FORM_MEDIA_TYPE) {
    oauthError(ex, 400, "invalid_request", `The request body must be ${FORM_MEDIA_TYPE}.`);
    return;
  }
  const params = parseForm(ex.body);
  if (params === undefined) {
    oauthError(ex, 400, "invalid_request", "A parameter was sent more than once.");
    return;
  }
  const grantType = params.get("grant_type");
  if (grantType === undefined || grantType === "") {
    oauthError(ex, 400, "invalid_request", "The grant_type parameter is missing.");
  } else if (grantType === "client_credentials") {
    grantClientCredentials(ex, state, params);
  } else if (grantType === "refresh_token") {
    exchangeRefreshToken(ex, state, params);
  } else {
    oauthError(
      ex,
      400,
      "unsupported_grant_type",
      "The authorization grant type is not supported by the authorization server.",
    );
  }
}

function grantClientCredentials(
  ex: Exchange,
  state: SandboxState,
  params: Map<string, string>,
): void {
  const client = state.client(params.get("client_id") ?? "");
  const secret = params.get("client_secret") ?? "";
  if (client === undefined || !sameSecret(secret, client.clientSecret)) {
    oauthError(ex, 401, "invalid_client", "Client authentication failed.");
    return;
  }
  const issued = state.tokens.issueRefreshToken(client.clientId);
  state.stats.grants += 1;
  sendJson(
    ex,
    200,
    { refresh_token: issued.token, token_type: "Bearer", expires_in: issued.expiresIn },
    NO_STORE,
  );
}

function exchangeRefreshToken(
  ex: Exchange,
  state: SandboxState,
  params: Map<string, string>,
): void {
  const clientId = params.get("client_id") ?? "";
  const refreshToken = params.get("refresh_token") ?? "";
  const organizationId = params.get("organization_id") ?? "";
  for (const [name, value] of [
    ["client_id", clientId],
    ["refresh_token", refreshToken],
  ] as const) {
    if (value === "") {
      oauthError(ex, 400, "invalid_request", `The ${name} parameter is missing.`);
      return;
    }
  }
  // Without organization_id: an app-level token, as bookingtime's SDK requests one for
  // `/app/{appId}/…` paths (reference §2). It opens no organization's routes.
  if (organizationId !== "" && !ORGANIZATION_ID_PATTERN.test(organizationId)) {
    oauthError(ex, 400, "invalid_request", "The organization_id parameter is not a valid id.");
    return;
  }
  const owner = state.tokens.refreshTokenOwner(refreshToken);
  const client = owner === clientId ? state.client(clientId) : undefined;
  if (client === undefined) {
    oauthError(ex, 400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
    return;
  }
  if (
    organizationId !== "" &&
    (!client.organizations.includes(organizationId) ||
      state.organization(organizationId) === undefined)
  ) {
    oauthError(ex, 403, "access_denied", `The app may not access organization ${organizationId}.`);
    return;
  }
  const issued = state.tokens.issueAccessToken(client.clientId, organizationId);
  state.stats.exchanges += 1;
  sendJson(
    ex,
    200,
    { access_token: issued.token, token_type: "Bearer", expires_in: issued.expiresIn },
    NO_STORE,
  );
}

/** Undefined when a parameter repeats, which RFC 6749 §3.2 forbids. */
function parseForm(body: Buffer): Map<string, string> | undefined {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) {
    if (params.has(name)) {
      return undefined;
    }
    params.set(name, value);
  }
  return params;
}

/** Hashing first gives equal-length inputs, so the comparison time says nothing about the secret. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function oauthError(
  ex: Exchange,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(ex, status, { error, error_description: description }, { ...NO_STORE, ...headers });
}
