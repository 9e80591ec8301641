/** A message from bookingtime's envelope: `parameter` names the offending field, if any. */
export interface UpstreamMessage {
  type: string;
  parameter: string | null;
  text: string;
}

/**
 * Base of every error a tool may surface. `message` is written for the model: what went
 * wrong and what to do. It never contains a token, a secret or a raw upstream body.
 */
export abstract class BookingtimeError extends Error {
  abstract readonly kind: string;
  readonly status: number | undefined;
  readonly upstreamMessages: readonly UpstreamMessage[];
  readonly hint: string | undefined;

  constructor(
    message: string,
    opts: {
      status?: number | undefined;
      upstreamMessages?: readonly UpstreamMessage[];
      hint?: string | undefined;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.status = opts.status;
    this.upstreamMessages = opts.upstreamMessages ?? [];
    this.hint = opts.hint;
  }
}

/** Credentials or tokens were rejected (bad client id/secret, 401 after a fresh token). */
export class AuthError extends BookingtimeError {
  readonly kind = "auth";
  override name = "AuthError";
}

/** The app may not access this organization. */
export class OrganizationAccessError extends BookingtimeError {
  readonly kind = "organization_access";
  override name = "OrganizationAccessError";
  constructor(
    readonly organizationId: string,
    opts: { status?: number; upstreamMessages?: readonly UpstreamMessage[] } = {},
  ) {
    super(
      `This bookingtime app may not access organization ${organizationId} or this endpoint (403).`,
      {
        ...opts,
        hint: organizationAccessHint(),
      },
    );
  }
}

/** Names where the default organization came from, so the caller fixes the right setting. */
export function organizationAccessHint(source = "BOOKINGTIME_ORGANIZATION_ID"): string {
  return (
    `Check the organization id (the default organization is set by ${source}), ` +
    "or ask bookingtime to grant the app access to this organization."
  );
}

/** bookingtime answered 4xx: the request itself was wrong (validation, not found, conflict). */
export class ApiClientError extends BookingtimeError {
  readonly kind = "api_client";
  override name = "ApiClientError";
}

/** bookingtime answered 5xx, or an unusable body. */
export class ApiServerError extends BookingtimeError {
  readonly kind = "api_server";
  override name = "ApiServerError";
}

/** bookingtime could not be reached in time (connection failure, timeout). */
export class UpstreamUnavailableError extends BookingtimeError {
  readonly kind = "upstream_unavailable";
  override name = "UpstreamUnavailableError";
}
