import { STATUS_CODES } from "node:http";
import { type Exchange, failure, JSON_CONTENT_TYPE, sendJson, sendRaw } from "./http.js";

/** Which requests a fault applies to; every given field must match. No fields: any request. */
export interface FaultMatch {
  method?: string;
  pathIncludes?: string;
}

export type Fault =
  | { kind: "fail"; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: "delay"; ms: number }
  | { kind: "hold"; gate: Gate }
  | { kind: "hang" }
  | { kind: "drop" }
  | { kind: "lose"; how: "drop" | "hang" }
  | { kind: "malformed"; status: number; body: string }
  | { kind: "oversized"; bytes: number };

/**
 * A request held until the test releases it: `reached` when it arrived, `abandoned` when the
 * client closed the connection while it was held. Released, it is carried out as usual.
 */
export class Gate {
  readonly reached: Promise<void>;
  readonly abandoned: Promise<void>;
  private arrive!: () => void;
  private leave!: () => void;
  private open!: () => void;
  private readonly opened: Promise<void>;

  constructor() {
    this.reached = new Promise((resolve) => {
      this.arrive = resolve;
    });
    this.abandoned = new Promise((resolve) => {
      this.leave = resolve;
    });
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open();
  }

  /** Holds `ex` until released; notes a client that gives up meanwhile. */
  async hold(ex: Exchange): Promise<void> {
    ex.res.once("close", () => {
      if (!ex.res.writableFinished) this.leave();
    });
    this.arrive();
    await this.opened;
  }
}

interface PendingFault {
  fault: Fault;
  remaining: number;
  match: FaultMatch | undefined;
}

export const TOKEN_PATH = "/oauth/token";

/**
 * One queue for all kinds, in the order they were registered: the first pending fault that matches a
 * request is spent on it, which keeps each kind FIFO and makes mixed sequences predictable.
 */
export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: Fault, times: number | undefined, match: FaultMatch | undefined): void {
    const remaining = times ?? 1;
    if (!Number.isInteger(remaining) || remaining < 1) {
      throw new RangeError("times must be a positive integer");
    }
    this.pending.push({ fault, remaining, match });
  }

  take(method: string, path: string): Fault | undefined {
    const index = this.pending.findIndex((entry) => matches(entry.match, method, path));
    const entry = this.pending[index];
    if (entry === undefined) {
      return undefined;
    }
    entry.remaining -= 1;
    if (entry.remaining === 0) {
      this.pending.splice(index, 1);
    }
    return entry.fault;
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (match?.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  if (match?.pathIncludes !== undefined && !path.includes(match.pathIncludes)) {
    return false;
  }
  return true;
}

export function assertStatus(status: number): void {
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new RangeError("status must be an integer from 200 to 599");
  }
}

export function assertNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative number`);
  }
}

/**
 * Acts out a fault. Resolves "continue" when the request should then be handled normally (delay),
 * "done" when the fault was the whole answer.
 */
export async function applyFault(
  ex: Exchange,
  fault: Fault,
  sleep: (ms: number) => Promise<void>,
): Promise<"continue" | "done"> {
  switch (fault.kind) {
    case "delay":
      await sleep(fault.ms);
      return "continue";
    case "hold":
      await fault.gate.hold(ex);
      return "continue";
    case "hang":
      // Left open on purpose; close() destroys the socket.
      return "done";
    case "drop":
      ex.req.socket.destroy();
      return "done";
    case "lose":
      // The request is carried out; only its answer never arrives.
      ex.loseAnswer = fault.how;
      return "continue";
    case "fail":
      sendJson(ex, fault.status, fault.body ?? defaultFailureBody(ex.path, fault.status), {
        ...fault.headers,
      });
      return "done";
    case "malformed":
      sendRaw(ex, fault.status, fault.body, { "content-type": "text/html; charset=utf-8" });
      return "done";
    case "oversized":
      await streamOversized(ex, fault.bytes);
      return "done";
  }
}

function defaultFailureBody(path: string, status: number): unknown {
  const reason = STATUS_CODES[status] ?? "Request failed";
  if (path === TOKEN_PATH) {
    return { error: oauthErrorCode(status), error_description: `${reason}.` };
  }
  return { messageList: [failure(`${reason}.`)], content: null };
}

function oauthErrorCode(status: number): string {
  switch (status) {
    case 400:
      return "invalid_request";
    case 401:
      return "invalid_client";
    case 403:
      return "access_denied";
    case 429:
    case 503:
      return "temporarily_unavailable";
    default:
      return "server_error";
  }
}

const PADDING_CHUNK = Buffer.alloc(64 * 1024, "x");

/** Valid JSON, but bigger than `bytes`, sent chunked so a client can only notice while reading. */
async function streamOversized(ex: Exchange, bytes: number): Promise<void> {
  const head = '{"messageList":[],"content":{"class":"PADDING","data":"';
  const tail = '"}}';
  let remaining = Math.max(0, Math.floor(bytes) + 1 - head.length - tail.length);
  ex.record.status = 200;
  if (ex.res.destroyed) {
    return;
  }
  ex.res.writeHead(200, { "content-type": JSON_CONTENT_TYPE });
  ex.res.write(head);
  while (remaining > 0 && !ex.res.destroyed) {
    const chunk =
      remaining >= PADDING_CHUNK.length ? PADDING_CHUNK : PADDING_CHUNK.subarray(0, remaining);
    remaining -= chunk.length;
    if (!ex.res.write(chunk)) {
      await drainedOrClosed(ex);
    }
  }
  if (!ex.res.destroyed) {
    ex.res.end(tail);
  }
}

function drainedOrClosed(ex: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      ex.res.off("drain", done);
      ex.res.off("close", done);
      resolve();
    };
    ex.res.on("drain", done);
    ex.res.on("close", done);
  });
}
