import type { Dispatcher } from "undici";
import { CallCancelledError, followedSignal } from "./cancellation.js";

/** Bodies larger than this are refused: no bookingtime answer is legitimately this big. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A request that got no complete answer. `reachedServer` is false only when the connection
 * was never made, so a write may be retried only then.
 */
export class TransportError extends Error {
  override name = "TransportError";
  constructor(
    readonly reason: "timeout" | "connection" | "too_large",
    readonly reachedServer: boolean,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Sockets per upstream origin. Requests beyond this wait in the pool's queue, so a burst of
 * remote-mode calls cannot exhaust sockets or flood bookingtime.
 */
export const UPSTREAM_CONNECTIONS = 64;

// undici is loaded on the first request, not at start: it is the largest module the server
// uses, and a client that spawns the server waits for initialize and tools/list, not for it.
type Undici = typeof import("undici");
let undici: Promise<Undici> | undefined;
const loadUndici = () => {
  // Node gives a CommonJS module's exports as named exports; the bundle only as `default`.
  undici ??= import("undici").then((m) => ("Agent" in m ? m : (m as { default: Undici }).default));
  return undici;
};

/** The process's connection pool, created on first use. */
export class LazyAgent {
  private agent: Promise<Dispatcher> | undefined;

  get(): Promise<Dispatcher> {
    this.agent ??= loadUndici().then(
      ({ Agent }) =>
        new Agent({
          keepAliveTimeout: 10_000,
          keepAliveMaxTimeout: 60_000,
          connections: UPSTREAM_CONNECTIONS,
        }),
    );
    return this.agent;
  }

  async close(): Promise<void> {
    if (this.agent) await (await this.agent).close();
  }

  /** Aborts requests still running: for a shutdown whose drain deadline has passed. */
  async destroy(): Promise<void> {
    if (this.agent) await (await this.agent).destroy();
  }
}

/** What requests go through: the lazy pool in the server, any undici Dispatcher in tests. */
export type Upstream = Dispatcher | LazyAgent;

export function createDispatcher(): LazyAgent {
  return new LazyAgent();
}

/**
 * One HTTP exchange with a deadline covering connect, headers and the whole body. A read also
 * stops when the tool call it runs for is cancelled: one signal, so undici abandons the socket
 * either way. Other methods never follow the call: a write once sent completes, and a token
 * request may be shared by concurrent calls.
 */
export async function send(upstream: Upstream, req: HttpRequest): Promise<HttpResponse> {
  // One controller, a timer and at most one listener: cheaper per request than
  // AbortSignal.timeout combined with the call's signal by AbortSignal.any.
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, req.timeoutMs);
  timer.unref();
  const call = req.method === "GET" ? followedSignal() : undefined;
  const cancel = () => stop.abort();
  if (call?.aborted) stop.abort();
  else call?.addEventListener("abort", cancel);
  try {
    const [{ request }, dispatcher] = await Promise.all([
      loadUndici(),
      upstream instanceof LazyAgent ? upstream.get() : upstream,
    ]);
    const res = await request(req.url, {
      dispatcher,
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: stop.signal,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    const declared = Number(res.headers["content-length"]);
    if (declared > MAX_RESPONSE_BYTES) {
      res.body.destroy();
      throw tooLarge(res.statusCode);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_RESPONSE_BYTES) {
        res.body.destroy();
        throw tooLarge(res.statusCode);
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof TransportError) throw error;
    if (call?.aborted && !timedOut) throw new CallCancelledError();
    throw classify(error, timedOut, req.timeoutMs);
  } finally {
    clearTimeout(timer);
    call?.removeEventListener("abort", cancel);
  }
}

function tooLarge(status: number): TransportError {
  const mb = MAX_RESPONSE_BYTES / 1024 / 1024;
  return new TransportError(
    "too_large",
    true,
    `bookingtime answered ${status} with a body over ${mb} MB`,
    status,
  );
}

function classify(error: unknown, timedOut: boolean, timeoutMs: number): TransportError {
  const code = errorCode(error);
  if (
    timedOut ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    (error as Error)?.name === "TimeoutError"
  ) {
    return new TransportError("timeout", true, `no complete answer within ${timeoutMs} ms`);
  }
  const connected = code === undefined || !NOT_CONNECTED.has(code);
  return new TransportError(
    "connection",
    connected,
    connected ? "the connection broke before an answer arrived" : `could not connect (${code})`,
  );
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function header(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
