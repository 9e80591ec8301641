import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

/** A line longer than this is refused (and skipped up to its newline) instead of buffered. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
/** Implementation-defined server error: the server stopped before it could answer. */
const SERVER_STOPPING = -32000;

/**
 * MCP over stdin/stdout, one JSON-RPC message per line. Unlike the SDK's transport, a line that
 * is not a message gets an error answer (a client waiting on it would otherwise wait forever),
 * and requests still being answered are counted, so that a closed stdin can let them finish.
 */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport["onmessage"];
  private buffer: Buffer[] = [];
  private buffered = 0;
  private skipping = false;
  private readonly inFlight = new Map<string, number>();
  /** The id and method of each request in flight, to answer it should the process stop first. */
  private readonly requests = new Map<string, { id: RequestId; method: string }>();
  /** Answered at a stop: a late answer from the server must not make a second one. */
  private readonly cut = new Set<string>();
  private idle: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
  ) {}

  async start(): Promise<void> {
    this.stdin.on("data", this.onData);
  }

  /** Resolves once every request received has been answered, or after `ms`. */
  settled(ms: number): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get pending(): number {
    return this.inFlight.size;
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (
      "id" in message &&
      message.id !== undefined &&
      ("result" in message || "error" in message)
    ) {
      if (this.cut.has(keyOf(message.id))) return;
      this.settle(message.id);
    }
    await this.writeLine(message);
  }

  /**
   * Answers every request still in flight now, because the process is stopping: a tool call
   * gets an error result with `text`, anything else a JSON-RPC error. Resolves once written.
   */
  async answerPending(text: string): Promise<number> {
    const open = [...this.requests.entries()];
    for (const [key] of open) this.cut.add(key);
    this.inFlight.clear();
    this.requests.clear();
    await Promise.all(
      open.map(([, { id, method }]) =>
        this.writeLine(
          method === "tools/call"
            ? { jsonrpc: "2.0", id, result: { isError: true, content: [{ type: "text", text }] } }
            : { jsonrpc: "2.0", id, error: { code: SERVER_STOPPING, message: text } },
        ),
      ),
    );
    for (const done of this.idle.splice(0)) done();
    return open.length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off("data", this.onData);
    this.buffer = [];
    this.onclose?.();
  }

  private readonly onData = (chunk: Buffer): void => {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const part = chunk.subarray(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      const line = this.buffered > 0 ? Buffer.concat([...this.buffer, part]) : part;
      this.buffer = [];
      this.buffered = 0;
      this.receive(line.toString("utf8").replace(/\r$/, ""));
    }
    if (start >= chunk.length || this.skipping) return;
    const rest = chunk.subarray(start);
    this.buffer.push(rest);
    this.buffered += rest.length;
    if (this.buffered > MAX_LINE_BYTES) {
      this.buffer = [];
      this.buffered = 0;
      this.skipping = true;
      this.answerError(
        null,
        PARSE_ERROR,
        `Parse error: a message is longer than ${MAX_LINE_BYTES} bytes.`,
      );
    }
  };

  private receive(line: string): void {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      this.answerError(null, PARSE_ERROR, "Parse error: the line is not valid JSON.");
      return;
    }
    if (Array.isArray(parsed)) {
      this.answerError(
        null,
        INVALID_REQUEST,
        "Invalid Request: JSON-RPC batches are not supported over stdio; send one message per line.",
      );
      return;
    }
    const checked = JSONRPCMessageSchema.safeParse(parsed);
    if (!checked.success) {
      this.answerError(
        requestIdOf(parsed),
        INVALID_REQUEST,
        "Invalid Request: the line is not a JSON-RPC 2.0 message.",
      );
      return;
    }
    const message = checked.data;
    if ("method" in message && "id" in message) {
      const key = keyOf(message.id);
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
      this.requests.set(key, { id: message.id, method: message.method });
    }
    this.onmessage?.(message);
  }

  private settle(id: RequestId): void {
    const key = keyOf(id);
    const count = this.inFlight.get(key);
    if (count === undefined) return;
    if (count > 1) this.inFlight.set(key, count - 1);
    else {
      this.inFlight.delete(key);
      this.requests.delete(key);
    }
    if (this.inFlight.size === 0) for (const done of this.idle.splice(0)) done();
  }

  private answerError(id: RequestId | null, code: number, message: string): void {
    this.writeLine({ jsonrpc: "2.0", id, error: { code, message } }).catch((error: unknown) =>
      this.onerror?.(error as Error),
    );
  }

  private writeLine(message: unknown): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once("drain", resolve);
    });
  }
}

const keyOf = (id: RequestId): string => `${typeof id}:${id}`;

/** The id of an invalid request, when it has a usable one (JSON-RPC answers null otherwise). */
function requestIdOf(value: unknown): RequestId | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === "string" || Number.isSafeInteger(id) ? (id as RequestId) : null;
}
