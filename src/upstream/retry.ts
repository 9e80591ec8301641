import { reportEvent, type UpstreamEvent } from "./call-scope.js";
import { followedSignal, pause } from "./cancellation.js";
import { type HttpResponse, header, TransportError } from "./http.js";

/** Retry timing shared by the API client and the token service. */
export interface RetryPolicy {
  /** Further attempts after the first, for requests that are safe to repeat. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a 429's Retry-After that we are willing to wait. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 10_000,
};

export const RETRIABLE_STATUS = new Set([502, 503, 504]);

/** Exponential backoff with full jitter, so concurrent callers do not retry in lockstep. */
export function backoffMs(policy: RetryPolicy, retry: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before repeating a request that is safe to repeat, or undefined if this
 * answer should not be retried: 502/503/504 back off; 429 waits out a bounded Retry-After.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retries: number,
  status: number,
  retryAfter: string | undefined,
): number | undefined {
  if (RETRIABLE_STATUS.has(status)) return backoffMs(policy, retries);
  if (status !== 429) return undefined;
  const wait = retryAfterMs(retryAfter) ?? backoffMs(policy, retries);
  return wait <= policy.maxRetryAfterMs ? wait : undefined;
}

export interface Retried {
  /**
   * The request may be repeated after an answer (502/503/504, a bounded 429): a GET, or a token
   * request, which creates nothing. A write is repeated only if it never reached bookingtime.
   */
  repeatable: boolean;
  /**
   * A read for the running tool call: its waits end when the call is cancelled. Token requests
   * do not follow a call (another call may be waiting for the same one), nor do writes.
   */
  followsCall?: boolean | undefined;
  /** One attempt (0-based): sends the request, or throws the transport's TransportError. */
  attempt(n: number): Promise<HttpResponse>;
}

/**
 * The one retry loop of the upstream stack. Answers the last response (which the caller turns
 * into a result or an error) or throws the last TransportError. A timeout is never repeated:
 * the user has already waited a full timeout, and a write may have been applied. A cancelled
 * call is not repeated either, nor waited for: the wait rejects as soon as it is cancelled.
 */
export async function withRetry(policy: RetryPolicy, req: Retried): Promise<HttpResponse> {
  const signal = req.followsCall ? followedSignal() : undefined;
  for (let retries = 0; ; retries++) {
    let res: HttpResponse;
    try {
      res = await req.attempt(retries);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const safe = req.repeatable || !error.reachedServer;
      if (safe && error.reason === "connection" && retries < policy.maxRetries) {
        const wait = backoffMs(policy, retries);
        reportEvent({
          kind: "retry",
          level: "info",
          message: `bookingtime could not be reached; trying again in ${seconds(wait)} (retry ${retries + 1} of ${policy.maxRetries}).`,
        });
        await pause(wait, signal);
        continue;
      }
      throw error;
    }
    if (!req.repeatable || retries >= policy.maxRetries) return res;
    const wait = retryDelayMs(policy, retries, res.status, header(res, "retry-after"));
    if (wait === undefined) return res;
    reportEvent(waitEvent(res.status, wait, retries + 1, policy.maxRetries));
    await pause(wait, signal);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What a person watching the host sees while a call waits: a rate limit is worth a warning. */
function waitEvent(status: number, ms: number, retry: number, of: number): UpstreamEvent {
  if (status === 429) {
    return {
      kind: "rate_limited",
      level: "warning",
      message: `bookingtime is rate limiting this app (429); waiting ${seconds(ms)} before trying again (retry ${retry} of ${of}).`,
    };
  }
  return {
    kind: "retry",
    level: "info",
    message: `bookingtime answered ${status}; trying again in ${seconds(ms)} (retry ${retry} of ${of}).`,
  };
}
