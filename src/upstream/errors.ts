/** A message from bookingtime's envelope: `parameter` names the offending field, if any. */
export interface UpstreamMessage {
  type: string;
  parameter: string | null;
  text: string;
}

/**
 * Why a request failed, as a fact the renderer (src/error-text.ts) advises on. Lower layers
 * name the cause; they never write advice for the model.
 */
export type CauseCode =
  /** 4xx that is not bookingtime JSON: a proxy or a wrong base URL; nothing was applied. */
  | "not_bookingtime"
  /** 5xx, an unreadable or oversized body, or a timeout after the request went out. */
  | "upstream_failed"
  /** The connection was never made. */
  | "unreachable"
  /** 401 for a freshly issued access token. */
  | "token_rejected"
  | "organization_access"
  | "not_found"
  | "rate_limited"
  /** A status this server does not follow (1xx/3xx): likely a wrong base URL. */
  | "unexpected_status"
  /** Any other 4xx: the request itself was wrong. */
  | "rejected"
  | "credentials_rejected"
  | "auth_unreachable"
  | "auth_failed"
  | "auth_not_token_endpoint"
  | "token_requests_limited"
  | "content_with_error"
  | "content_unexpected"
  | "time_zone_missing"
  /** The app-level token or the app's organization list was refused: the app id, or the app. */
  | "app_refused"
  /** The caller cancelled the call before anything more was sent. */
  | "cancelled";

/** The facts an error carries besides its message. */
export interface ErrorFacts {
  status?: number | undefined;
  upstreamMessages?: readonly UpstreamMessage[];
  code?: CauseCode | undefined;
  /** The request may be repeated as is (a GET): nothing can have been applied twice. */
  repeatable?: boolean | undefined;
  /** How long bookingtime (or our own limit) asks to wait, when it says. */
  retryAfterMs?: number | undefined;
  /** Advice from the tool layer, which words its own refusals; lower layers leave it unset. */
  hint?: string | undefined;
  cause?: unknown;
}

/**
 * Base of every error a tool may surface. `message` says what went wrong; it never contains a
 * token, a secret or a raw upstream body. What to do is decided by src/error-text.ts.
 */
export abstract class BookingtimeError extends Error {
  abstract readonly kind: string;
  readonly status: number | undefined;
  readonly upstreamMessages: readonly UpstreamMessage[];
  readonly code: CauseCode | undefined;
  readonly repeatable: boolean | undefined;
  readonly retryAfterMs: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, opts: ErrorFacts = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    // The class's own name (AuthError, ...) for logs; the bundle keeps class names.
    this.name = new.target.name;
    this.status = opts.status;
    this.upstreamMessages = opts.upstreamMessages ?? [];
    this.code = opts.code;
    this.repeatable = opts.repeatable;
    this.retryAfterMs = opts.retryAfterMs;
    this.hint = opts.hint;
  }
}

/** An error class that differs from its siblings only in its kind. */
export function kinded<const K extends string>(kind: K) {
  abstract class Kinded extends BookingtimeError {
    readonly kind: K = kind;
  }
  return Kinded;
}

/** Credentials or tokens were rejected (bad client id/secret, 401 after a fresh token). */
export class AuthError extends kinded("auth") {}

/** The app may not access this organization. */
export class OrganizationAccessError extends kinded("organization_access") {
  constructor(
    readonly organizationId: string,
    opts: { status?: number; upstreamMessages?: readonly UpstreamMessage[] } = {},
  ) {
    super(
      `This bookingtime app may not access organization ${organizationId} or this endpoint (403).`,
      { ...opts, code: "organization_access" },
    );
  }
}

/** bookingtime answered 4xx: the request itself was wrong (validation, not found, conflict). */
export class ApiClientError extends kinded("api_client") {}

/** bookingtime answered 5xx, or an unusable body. */
export class ApiServerError extends kinded("api_server") {}

/** bookingtime could not be reached in time (connection failure, timeout). */
export class UpstreamUnavailableError extends kinded("upstream_unavailable") {}
