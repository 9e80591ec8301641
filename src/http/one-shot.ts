import type { IncomingMessage, ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type {
  Transport,
  TransportSendOptions,
} from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  type RequestId,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "@modelcontextprotocol/sdk/types.js";
import { sendJson } from "./respond.js";

/**
 * Methods served on the fast path. They keep no per-client state in the server, so a server
 * can answer them for one request after another. initialize (client capabilities) and
 * logging/setLevel (a level) do, and take the SDK transport with a fresh server.
 */
const STATELESS_METHODS = new Set([
  "tools/call",
  "tools/list",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "ping",
]);

export interface OneShotRequest {
  id: RequestId;
  message: JSONRPCMessage;
}

/**
 * The common case of stateless Streamable HTTP: one JSON-RPC request in a POST whose headers
 * the SDK transport would accept. The caller has checked the message against the SDK's JSON-RPC
 * schema (src/http/server.ts), so a malformed one never reaches a pooled server unanswered. Anything else (batches, notifications, initialize, odd
 * headers or shapes) returns undefined and goes through the SDK transport, which also
 * produces every refusal (406, 415, 400), so those stay exactly the SDK's.
 */
export function oneShotRequest(req: IncomingMessage, message: unknown): OneShotRequest | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return undefined;
  const { jsonrpc, id, method, params } = message as Record<string, unknown>;
  if (jsonrpc !== "2.0" || typeof method !== "string" || !STATELESS_METHODS.has(method)) {
    return undefined;
  }
  if (typeof id !== "string" && !Number.isInteger(id)) return undefined;
  if (params !== undefined && (typeof params !== "object" || params === null)) return undefined;
  if (!plainPost(req)) return undefined;
  return { id: id as RequestId, message: message as JSONRPCMessage };
}

/** Whether the POST's headers are ones the SDK transport would accept without a word. */
export function plainPost(req: IncomingMessage): boolean {
  const accept = req.headers.accept;
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) {
    return false;
  }
  const type = req.headers["content-type"]?.split(";", 1)[0]?.trim().toLowerCase();
  if (type !== "application/json") return false;
  const version = req.headers["mcp-protocol-version"];
  return version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(String(version));
}

/**
 * Whether the answer goes out as an SSE stream: a tool call that asked for progress, whose
 * progress and log notifications then travel ahead of its result. (The client accepts SSE:
 * plainPost checked.) Over stateless HTTP no logging/setLevel is remembered between requests,
 * so a call without a progressToken gets plain JSON and no log notifications.
 */
export function wantsStream(message: JSONRPCMessage): boolean {
  if (!("method" in message) || message.method !== "tools/call") return false;
  const meta = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
  return meta?.progressToken !== undefined;
}

/** Puts the server's answer into the wire shape and picks the status (the 2026-07-28 revision). */
export type Shape = (answer: JSONRPCMessage) => { message: JSONRPCMessage; status: number };

interface Pending {
  res: ServerResponse;
  id: RequestId;
  shape: Shape | undefined;
  /** Answer as an SSE stream (notifications ahead of the result) rather than one JSON document. */
  stream: boolean;
  settle(written: boolean): void;
}

/** One SSE event on a streamed answer; the headers go out with the first. */
function writeEvent(res: ServerResponse, message: JSONRPCMessage): void {
  if (res.destroyed || res.writableEnded) return;
  if (!res.headersSent) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  }
  res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}

/**
 * Whether a notification belongs to the request being carried: sent for it (progress), or sent
 * by the server with no request named (client log lines) while it carries this one request.
 */
function relates(
  message: JSONRPCMessage,
  options: TransportSendOptions | undefined,
  id: RequestId,
) {
  if (options?.relatedRequestId !== undefined) return options.relatedRequestId === id;
  return "method" in message && message.method === "notifications/message";
}

/**
 * A transport that stays connected to one server and carries one request at a time, writing
 * the answer straight to that request's response as JSON: no web-standard Request/Response or
 * stream in between, and no connect/close (which aborts a controller and builds an error) per
 * request. A streamed answer carries the request's notifications ahead of its result; otherwise,
 * like the SDK transport in JSON mode, notifications have nowhere to go and are dropped, and so
 * are server-to-client requests either way.
 */
export class OneShotTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  private pending: Pending | undefined;
  private closed = false;

  async start(): Promise<void> {}

  /** Hands `message` to the server; resolves true once its answer is written to `res`. */
  carry(
    res: ServerResponse,
    id: RequestId,
    message: JSONRPCMessage,
    shape?: Shape,
    dispatch: (run: () => void) => void = (run) => run(),
    stream = false,
  ): Promise<boolean> {
    const answered = new Promise<boolean>((settle) => {
      this.pending = { res, id, shape, stream, settle };
    });
    dispatch(() => this.onmessage?.(message));
    return answered;
  }

  /** Whether `res` still waits for its answer from this transport. */
  awaits(res: ServerResponse): boolean {
    return this.pending?.res === res;
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    if (!("id" in message)) {
      if (pending.stream && relates(message, options, pending.id)) writeEvent(pending.res, message);
      return;
    }
    if (message.id !== pending.id || (!("result" in message) && !("error" in message))) return;
    this.pending = undefined;
    const { res } = pending;
    // A stream ends with the result; a JSON answer must not have started (504, client gone).
    const written = !res.destroyed && (pending.stream ? !res.writableEnded : !res.headersSent);
    if (written && pending.stream) {
      writeEvent(res, message);
      res.end();
    } else if (written) {
      const out = pending.shape ? pending.shape(message) : { message, status: 200 };
      sendJson(res, out.status, out.message);
    }
    pending.settle(written);
  }

  /**
   * The caller cancelled the request `res` waits for (notifications/cancelled in another POST):
   * the server aborts its handler as it would over stdio, and `res` ends as an SSE stream that
   * carries no answer, since a cancelled request gets none. The SDK client opens no new stream
   * for it: no event id was ever sent. Resolves the carry with false: the server is not reused
   * while its handler may still be finishing a write.
   */
  cancel(res: ServerResponse, reason: string): void {
    const pending = this.pending;
    if (pending?.res !== res) return;
    this.pending = undefined;
    const requestId = pending.id;
    this.onmessage?.({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId, reason },
    });
    if (!res.headersSent) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
    }
    res.end();
    pending.settle(false);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending?.settle(false);
    this.pending = undefined;
    this.onclose?.();
  }
}

/** A server with the transport it stays connected to. */
export interface PooledServer {
  server: McpServer;
  transport: OneShotTransport;
}

/**
 * Idle servers for one-shot requests without an organization header. A server answers one
 * request at a time, so up to `limit` stay connected for the next requests instead of a new
 * server being built, registered and connected each time. A server whose answer did not go out
 * normally (deadline, client gone) is closed, which aborts its handler, and not reused.
 */
export class ServerPool {
  private readonly idle: PooledServer[] = [];

  constructor(
    private readonly create: () => McpServer,
    private readonly limit: number,
  ) {}

  async take(): Promise<PooledServer> {
    const reused = this.idle.pop();
    if (reused) return reused;
    return connectOneShot(this.create());
  }

  give(entry: PooledServer): void {
    if (this.idle.length < this.limit) this.idle.push(entry);
    else void entry.server.close();
  }
}

export async function connectOneShot(server: McpServer): Promise<PooledServer> {
  const transport = new OneShotTransport();
  await server.connect(transport);
  return { server, transport };
}
