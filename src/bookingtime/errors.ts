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

/** By type only, in any case: the texts are bookingtime's to word (and translate). */
export function isErrorMessage(message: UpstreamMessage): boolean {
  const type = message.type.toLowerCase();
  return type === "error" || type === "failure";
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

/** The caller's input cannot be sent (missing organization, malformed id). No request was made. */
export class UserInputError extends BookingtimeError {
  readonly kind = "user_input";
  override name = "UserInputError";
}

/**
 * bookingtime answered 2xx but `content` is missing or not what the call expects. For a read
 * it is a failure; a write with this answer was done (2xx) and is read back instead.
 */
export class UnusableContentError extends ApiServerError {
  override name = "UnusableContentError";
  /** Nothing at all: null, "", [] or {}. Identify may answer so for "no such record". */
  readonly empty: boolean;
  /** The record's id when the content has one: a write can be read back by it. */
  readonly recordId: string | undefined;
  /** bookingtime put a message of type "error" (or "failure") in the answer. */
  readonly reportsError: boolean;

  constructor(
    status: number,
    content: unknown,
    messages: readonly UpstreamMessage[],
    /** The body was not JSON at all (a proxy's page, garbage). */
    notJson = false,
  ) {
    const reportsError = messages.some(isErrorMessage);
    super(
      notJson
        ? `bookingtime answered ${status} with a body that is not bookingtime JSON.`
        : reportsError
          ? `bookingtime answered ${status} with an error message and no usable content.`
          : `bookingtime answered ${status} with content of an unexpected shape.`,
      {
        status,
        upstreamMessages: messages,
        hint: notJson
          ? "The change was not retried automatically because it may already have been applied: check before trying again."
          : reportsError
            ? "Correct what the messages name, then call the tool again."
            : "This is a bug or an API change; report it (the server log names the fields).",
      },
    );
    this.reportsError = reportsError;
    this.empty =
      content === null ||
      content === undefined ||
      content === "" ||
      (typeof content === "object" && Object.keys(content).length === 0);
    const id = (content as { id?: unknown } | null | undefined)?.id;
    this.recordId = typeof id === "string" ? id : undefined;
  }
}
