/**
 * What an answer from bookingtime means: its envelope (messages scrubbed of the token), and the
 * typed error, with its cause code, for a status or transport failure.
 */

import {
  type HttpMethod,
  type HttpResponse,
  header,
  type TransportError,
} from "../upstream/http.js";
import { retryAfterMs } from "../upstream/retry.js";
import { type Envelope, envelopeSchema } from "./envelope.js";
import {
  ApiClientError,
  ApiServerError,
  AuthError,
  OrganizationAccessError,
  type UpstreamMessage,
  UpstreamUnavailableError,
} from "./errors.js";
import { scrub } from "./scrub.js";

export function parseEnvelope(res: HttpResponse, token: string): Envelope | undefined {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString("utf8"));
  } catch {
    return undefined;
  }
  // Tolerate a bare record (as the getting-started page prints customer/add's answer).
  if (isRecord(json) && !("content" in json) && !("messageList" in json)) {
    json = { messageList: [], content: json };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const messageList = parsed.data.messageList.map((m) => ({
    ...m,
    parameter: m.parameter === null ? null : scrub(m.parameter, [token]),
    text: scrub(m.text, [token]),
  }));
  return { ...parsed.data, messageList };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An upstream failure; whether trying again is safe depends on the method. */
export function failed(method: HttpMethod) {
  return { code: "upstream_failed", repeatable: method === "GET" } as const;
}

export function transportFailure(error: TransportError, method: HttpMethod): Error {
  if (error.reason === "too_large") {
    return new ApiServerError(`${error.message}; it was not read.`, {
      status: error.status,
      ...failed(method),
    });
  }
  const what =
    error.reason === "timeout"
      ? `bookingtime did not answer in time (${error.message})`
      : `bookingtime could not be reached: ${error.message}`;
  return new UpstreamUnavailableError(
    `${what}.`,
    error.reachedServer ? failed(method) : { code: "unreachable" },
  );
}

export function apiError(
  req: { organizationId: string; appId?: string | undefined; method: HttpMethod },
  res: HttpResponse,
  messages: UpstreamMessage[],
): Error {
  const status = res.status;
  const opts = { status, upstreamMessages: messages };
  if (req.appId !== undefined && [400, 401, 403, 404].includes(status)) {
    // The path names nothing but the app: its id, or the app's standing, is what to check.
    const facts = { ...opts, code: "app_refused" as const };
    const text = `bookingtime refused the organization list of app ${req.appId} (${status}).`;
    return status === 401 || status === 403
      ? new AuthError(text, facts)
      : new ApiClientError(text, facts);
  }
  if (status === 401) {
    return new AuthError(
      `bookingtime refused a freshly issued access token for organization ${req.organizationId} (401).`,
      { ...opts, code: "token_rejected" },
    );
  }
  if (status === 403) return new OrganizationAccessError(req.organizationId, opts);
  if (status === 404) {
    return new ApiClientError("bookingtime found nothing at that id (404).", {
      ...opts,
      code: "not_found",
    });
  }
  if (status === 429) {
    return new ApiClientError("bookingtime is rate limiting this app (429).", {
      ...opts,
      code: "rate_limited",
      retryAfterMs: retryAfterMs(header(res, "retry-after")),
    });
  }
  if (status < 400) {
    return new ApiServerError(
      `bookingtime answered ${status}, which this server does not follow.`,
      {
        ...opts,
        code: "unexpected_status",
      },
    );
  }
  if (status >= 500) {
    return new ApiServerError(`bookingtime had an internal error (${status}).`, {
      ...opts,
      ...failed(req.method),
    });
  }
  return new ApiClientError(`bookingtime rejected the request (${status}).`, {
    ...opts,
    code: "rejected",
  });
}
