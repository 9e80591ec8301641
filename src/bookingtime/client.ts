import type { z } from "zod";
import type { Logger } from "../logger.js";
import { type AccessTokenProvider, APP_LEVEL, withAuth } from "../upstream/auth-hook.js";
import { reportEvent } from "../upstream/call-scope.js";
import { CallCancelledError, writeSending } from "../upstream/cancellation.js";
import {
  type HttpMethod,
  type HttpResponse,
  send,
  TransportError,
  type Upstream,
} from "../upstream/http.js";
import { DEFAULT_RETRY, type RetryPolicy } from "../upstream/retry.js";
import { apiError, failed, parseEnvelope, transportFailure } from "./answer.js";
import {
  ApiClientError,
  ApiServerError,
  UnusableContentError,
  type UpstreamMessage,
  UserInputError,
} from "./errors.js";
import { ORGANIZATION_ID_PATTERN } from "./ids.js";
import { noteMessages } from "./notices.js";
import { scrub } from "./scrub.js";

export interface ClientOptions {
  apiUrl: string;
  locale: string;
  timeoutMs: number;
  dispatcher: Upstream;
  tokens: AccessTokenProvider;
  logger: Logger;
  retry?: RetryPolicy;
}

export interface ApiRequest<T> {
  method: HttpMethod;
  /** Ignored when `appId` is set: an app-level request names no organization. */
  organizationId: string;
  /** An app-level path, `/app/{appId}/…`, sent with the app-level token (reference §2). */
  appId?: string | undefined;
  /**
   * Path below `/organization/{id}/` (or `/app/{appId}/`): route words and ids, one segment each. A `{ value }`
   * segment is a caller's free-form value (a customId): URL-encoded instead of refused.
   */
  path: readonly (string | { value: string })[];
  query?: Readonly<Record<string, string>>;
  body?: unknown;
  /** Schema of `content` on success. */
  content: z.ZodType<T>;
}

export interface ApiResult<T> {
  content: T;
  messages: UpstreamMessage[];
  status: number;
}

// Route words and ids only: nothing that could change the path's meaning (/, .., %, ?).
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The bookingtime App API. Tools get typed content from here and never see tokens or URLs.
 * Retries only what is safe to repeat: a write that may have reached the server is never
 * sent twice.
 */
export class BookingtimeClient {
  private readonly retry: RetryPolicy;

  constructor(private readonly opts: ClientOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  async call<T>(req: ApiRequest<T>): Promise<ApiResult<T>> {
    const url = this.url(req);
    const scope = req.appId === undefined ? "/organization/" : "/app/";
    const pathForLogs = url.slice(url.indexOf(scope)).split("?")[0] ?? "";
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    // A cancelled call sends no write; once one is sent, the call completes (and is audited).
    if (req.method !== "GET") writeSending();
    let answer: { res: HttpResponse; token: string };
    try {
      answer = await withAuth(this.opts.tokens, this.retry, {
        organizationId: req.appId === undefined ? req.organizationId : APP_LEVEL,
        repeatable: req.method === "GET",
        attempt: (token, n) => this.send(req.method, url, body, token, pathForLogs, n),
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      throw transportFailure(error, req.method);
    }
    return this.interpret(req, answer.res, pathForLogs, answer.token);
  }

  private async send(
    method: HttpMethod,
    url: string,
    body: string | undefined,
    token: string,
    pathForLogs: string,
    attempt: number,
  ): Promise<HttpResponse> {
    const started = performance.now();
    try {
      const res = await send(this.opts.dispatcher, {
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          // As bookingtime's own SDK sends it: on every API call, also GET and a body-less PUT.
          "content-type": "application/json; charset=utf-8",
        },
        body,
        timeoutMs: this.opts.timeoutMs,
      });
      this.log(method, pathForLogs, res.status, started, attempt);
      return res;
    } catch (error) {
      if (error instanceof TransportError)
        this.log(method, pathForLogs, error.reason, started, attempt);
      // Not a failure of bookingtime's: the caller cancelled the call.
      else if (error instanceof CallCancelledError)
        this.log(method, pathForLogs, "cancelled", started, attempt);
      throw error;
    }
  }

  private url(req: ApiRequest<unknown>): string {
    if (req.appId !== undefined && !SEGMENT.test(req.appId)) {
      throw new UserInputError(`'${req.appId.slice(0, 40)}' is not an app id.`);
    }
    if (req.appId === undefined && !ORGANIZATION_ID_PATTERN.test(req.organizationId)) {
      throw new UserInputError(
        `'${req.organizationId.slice(0, 40)}' is not an organization id ('f6' and 30 letters or digits).`,
      );
    }
    const segments = req.path.map((segment) => {
      if (typeof segment !== "string") return encodeValueSegment(segment.value);
      if (!SEGMENT.test(segment)) {
        throw new UserInputError(`'${segment.slice(0, 40)}' cannot be part of a bookingtime path.`);
      }
      return segment;
    });
    const query = Object.entries(req.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join("&");
    const scope =
      req.appId === undefined ? `organization/${req.organizationId}` : `app/${req.appId}`;
    const path = `${this.opts.apiUrl}/${encodeURIComponent(this.opts.locale)}/${scope}/${segments.join("/")}`;
    return query ? `${path}?${query}` : path;
  }

  private interpret<T>(
    req: ApiRequest<T>,
    res: HttpResponse,
    path: string,
    token: string,
  ): ApiResult<T> {
    const envelope = parseEnvelope(res, token);
    if (!envelope) {
      this.opts.logger.warn(
        {
          status: res.status,
          path,
          body: scrub(res.body.subarray(0, 2048).toString("utf8"), [token]),
        },
        "non-JSON answer from bookingtime",
      );
      // A write answered 2xx was done, whatever the body: the caller reads it back.
      if (res.status >= 200 && res.status < 300 && req.method !== "GET") {
        throw new UnusableContentError(res.status, undefined, [], true);
      }
      const text = `bookingtime answered ${res.status} with a body that is not bookingtime JSON.`;
      // A 4xx from a proxy or a wrong base URL: nothing was applied.
      if (res.status >= 400 && res.status < 500) {
        throw new ApiClientError(text, { status: res.status, code: "not_bookingtime" });
      }
      throw new ApiServerError(text, { status: res.status, ...failed(req.method) });
    }
    if (res.status >= 200 && res.status < 300) {
      const content = req.content.safeParse(envelope.content);
      if (!content.success) {
        // No content at all is how bookingtime may say "nothing found" (an identify that matches
        // nothing): worth a line, not a warning. Content of another shape is.
        const empty = envelope.content === null || envelope.content === undefined;
        this.opts.logger[empty ? "info" : "warn"](
          {
            status: res.status,
            path,
            issues: content.error.issues.slice(0, 5),
            messages: envelope.messageList,
          },
          empty ? "no content from bookingtime" : "unusable content from bookingtime",
        );
        throw new UnusableContentError(res.status, envelope.content, envelope.messageList);
      }
      noteMessages(envelope.messageList);
      const skipped = (content.data as { skipped?: unknown } | null)?.skipped;
      if (Array.isArray(skipped) && skipped.length > 0) {
        this.opts.logger.warn({ path, skipped }, "records bookingtime sent that did not fit");
        reportEvent({
          kind: "skipped_records",
          level: "warning",
          message: `${skipped.length} record(s) bookingtime sent for ${path} could not be read and were left out; the server log has the details.`,
        });
      }
      return { content: content.data, messages: envelope.messageList, status: res.status };
    }
    this.opts.logger.info(
      { status: res.status, path, messages: envelope.messageList },
      "bookingtime refused a request",
    );
    throw apiError(req, res, envelope.messageList);
  }

  private log(
    method: string,
    path: string,
    outcome: number | string,
    started: number,
    attempt: number,
  ) {
    this.opts.logger.debug(
      { method, path, status: outcome, ms: Math.round(performance.now() - started), attempt },
      "upstream request",
    );
  }
}

/** Encoding keeps `/`, `?`, `#` and `%` inside the segment; only dot segments change meaning still. */
function encodeValueSegment(value: string): string {
  if (value === "" || value === "." || value === ".." || value.length > 200) {
    throw new UserInputError(`'${value.slice(0, 40)}' cannot be part of a bookingtime path.`);
  }
  return encodeURIComponent(value);
}
