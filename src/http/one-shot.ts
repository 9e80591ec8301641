import type { IncomingMessage, ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
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
  const accept = req.headers.accept;
  if (!accept?.includes("application/json") || !accept.includes("text/event-stream")) {
    return undefined;
  }
  const type = req.headers["content-type"]?.split(";", 1)[0]?.trim().toLowerCase();
  if (type !== "application/json") return undefined;
  const version = req.headers["mcp-protocol-version"];
  if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(String(version))) {
    return undefined;
  }
  return { id: id as RequestId, message: message as JSONRPCMessage };
}

/** Puts the server's answer into the wire shape and picks the status (the 2026-07-28 revision). */
export type Shape = (answer: JSONRPCMessage) => { message: JSONRPCMessage; status: number };

interface Pending {
  res: ServerResponse;
  id: RequestId;
  shape: Shape | undefined;
  settle(written: boolean): void;
}

/**
 * A transport that stays connected to one server and carries one request at a time, writing
 * the answer straight to that request's response as JSON: no web-standard Request/Response or
 * stream in between, and no connect/close (which aborts a controller and builds an error) per
 * request. Like the SDK transport in JSON mode, notifications and server-to-client requests
 * made while answering have nowhere to go and are dropped.
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
  ): Promise<boolean> {
    const answered = new Promise<boolean>((settle) => {
      this.pending = { res, id, shape, settle };
    });
    dispatch(() => this.onmessage?.(message));
    return answered;
  }

  /** Whether `res` still waits for its answer from this transport. */
  awaits(res: ServerResponse): boolean {
    return this.pending?.res === res;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const pending = this.pending;
    if (!pending || !("id" in message) || message.id !== pending.id) return;
    if (!("result" in message) && !("error" in message)) return;
    this.pending = undefined;
    const written = !pending.res.headersSent && !pending.res.destroyed;
    if (written) {
      const out = pending.shape ? pending.shape(message) : { message, status: 200 };
      sendJson(pending.res, out.status, out.message);
    }
    pending.settle(written);
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
