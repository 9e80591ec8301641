import type { z } from "zod";
import type { Logger } from "../logger.js";
import { ApiClientError, ApiServerError, UpstreamUnavailableError } from "../upstream/errors.js";
import {
  type HttpResponse,
  header,
  send,
  TransportError,
  type Upstream,
} from "../upstream/http.js";
import { type RetryPolicy, retryAfterMs, withRetry } from "../upstream/retry.js";

export interface TokenEndpointOptions {
  authUrl: string;
  dispatcher: Upstream;
  timeoutMs: number;
  logger: Logger;
  retry: RetryPolicy;
}

/** bookingtime's /oauth/token over the shared transport and retry loop. */
export class TokenEndpoint {
  private readonly retry: RetryPolicy;

  constructor(private readonly opts: TokenEndpointOptions) {
    this.retry = opts.retry;
  }

  /** Token requests create nothing upstream, so they are safe to retry on transient failures. */
  async post(form: Record<string, string>): Promise<HttpResponse> {
    let res: HttpResponse;
    try {
      res = await withRetry(this.retry, {
        repeatable: true,
        attempt: (n) => this.send(form, n + 1),
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      throw new UpstreamUnavailableError(
        `bookingtime's token endpoint could not be reached: ${error.message}.`,
        { code: "auth_unreachable" },
      );
    }
    if (res.status === 429) {
      throw new ApiClientError("bookingtime's token endpoint is rate limiting this app (429).", {
        status: 429,
        code: "rate_limited",
        retryAfterMs: retryAfterMs(header(res, "retry-after")),
      });
    }
    if (res.status >= 500) {
      throw new ApiServerError(`bookingtime's token endpoint failed (${res.status}).`, {
        status: res.status,
        code: "auth_failed",
      });
    }
    return res;
  }

  private async send(form: Record<string, string>, attempt: number): Promise<HttpResponse> {
    const started = performance.now();
    const res = await send(this.opts.dispatcher, {
      method: "POST",
      url: this.opts.authUrl,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams(form).toString(),
      timeoutMs: this.opts.timeoutMs,
    });
    this.opts.logger.debug(
      {
        method: "POST",
        path: "/oauth/token",
        grant: form.grant_type,
        status: res.status,
        ms: Math.round(performance.now() - started),
        attempt,
      },
      "auth request",
    );
    return res;
  }
}

/** The OAuth `error` code only: the rest of a token response body may quote a secret. */
export function oauthError(res: HttpResponse): string | undefined {
  try {
    const error = (JSON.parse(res.body.toString("utf8")) as { error?: unknown }).error;
    return typeof error === "string" && /^[a-z_]{1,64}$/.test(error) ? error : undefined;
  } catch {
    return undefined;
  }
}

export function parseTokenBody<T>(res: HttpResponse, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new ApiServerError(`bookingtime's ${what} answered ${res.status} with a non-JSON body.`, {
      status: res.status,
      code: "auth_not_token_endpoint",
    });
  }
  const ok = res.status >= 200 && res.status < 300;
  const parsed = ok ? schema.safeParse(json) : undefined;
  if (!parsed?.success) {
    // The body may hold a token: never quote it.
    throw new ApiServerError(
      `bookingtime's ${what} answered ${res.status} without a usable token.`,
      {
        status: res.status,
      },
    );
  }
  return parsed.data;
}
